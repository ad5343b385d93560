import NIOCore

/// The first handler of every connection to a node's port: its first bytes tell an HTTP
/// request (`GET `, `POST `, ...: no binary message starts so, its length would be hundreds of
/// megabytes) from the binary protocol. It then installs that protocol's handlers after
/// itself, hands them the connection and the bytes read so far, and leaves.
final class ProtocolSniffer: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
  // @unchecked: touched only on the connection's event loop.
  typealias InboundIn = ByteBuffer

  /// Installs the binary protocol's handlers after the sniffer.
  let binary: @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
  /// Installs HTTP's handlers after the sniffer.
  let http: @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
  private var buffered: ByteBuffer?

  static let methods = ["GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC"].map { Array($0.utf8) }

  init(
    binary: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void,
    http: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
  ) {
    self.binary = binary
    self.http = http
  }

  // The protocol's handlers hear of the connection once it is known what they are.
  func channelActive(context: ChannelHandlerContext) {}

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var bytes = unwrapInboundIn(data)
    if var earlier = buffered {
      earlier.writeBuffer(&bytes)
      bytes = earlier
    }
    guard bytes.readableBytes >= 4 else {
      buffered = bytes
      return
    }
    buffered = nil
    let head = bytes.getBytes(at: bytes.readerIndex, length: 4) ?? []
    let isHTTP = ProtocolSniffer.methods.contains(head)
    do {
      try (isHTTP ? http : binary)(context.pipeline.syncOperations)
    } catch {
      context.close(promise: nil)
      return
    }
    context.fireChannelActive()
    context.fireChannelRead(wrapInboundOut(bytes))
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    buffered = nil
    context.fireChannelInactive()
  }
}

extension ProtocolSniffer {
  typealias InboundOut = ByteBuffer
}
