import NIOCore
import WireProtocol

/// Splits the byte stream into messages: a little-endian UInt32 length, then that many bytes.
final class FrameDecoder: ByteToMessageDecoder {
  typealias InboundOut = [UInt8]

  func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
      return .needMoreData
    }
    guard Int(length) <= maxMessageBytes else {
      throw WireError("a message of \(length) bytes is larger than the limit of \(maxMessageBytes)")
    }
    guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
    buffer.moveReaderIndex(forwardBy: 4)
    guard let bytes = buffer.readBytes(length: Int(length)) else { return .needMoreData }
    context.fireChannelRead(wrapInboundOut(bytes))
    return .continue
  }
}

enum Frame {
  /// A message with its length prefix, ready to write.
  static func buffer(_ body: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
    var b = allocator.buffer(capacity: body.count + 4)
    b.writeInteger(UInt32(body.count), endianness: .little)
    b.writeBytes(body)
    return b
  }
}
