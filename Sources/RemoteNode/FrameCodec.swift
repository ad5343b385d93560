import NIOCore
import Synchronization
import WireProtocol

/// The largest message a connection may send now: small until its session logs in.
final class FrameLimit: Sendable {
  private let bytes: Atomic<Int>
  init(_ bytes: Int) { self.bytes = Atomic(bytes) }
  var value: Int { bytes.load(ordering: .relaxed) }
  func set(_ value: Int) { bytes.store(value, ordering: .relaxed) }
}

/// Splits the byte stream into messages: a little-endian UInt32 length, then that many bytes.
final class FrameDecoder: ByteToMessageDecoder {
  typealias InboundOut = [UInt8]
  /// Nil on the client side, which takes what its node sends up to `maxMessageBytes`.
  let limit: FrameLimit?

  init(limit: FrameLimit? = nil) { self.limit = limit }

  func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
      return .needMoreData
    }
    guard Int(length) <= maxMessageBytes else {
      throw WireError("a message of \(length) bytes is larger than the limit of \(maxMessageBytes)")
    }
    if let limit, Int(length) > limit.value {
      throw WireError("a message of \(length) bytes is larger than the \(limit.value) bytes allowed before login")
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
