import Dispatch
import NIOCore
import NIOHTTP1

/// One HTTP connection to a node's port: each request is read whole (a body over the limit is
/// refused with 413 before it is all read), answered by the node's `WebResponder` on a thread
/// of its own, and the answer written back; keep-alive as the client asks.
final class HTTPConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: the handler's state is touched only on its event loop.
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let responder: (any WebResponder)?
  let bodyLimit: Int
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  private var refused = false

  init(responder: (any WebResponder)?, bodyLimit: Int) {
    self.responder = responder
    self.bodyLimit = bodyLimit
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let h):
      head = h
      body = []
      refused = false
      if let length = h.headers.first(name: "content-length").flatMap(Int.init), length > bodyLimit {
        refused = true
        write(context, h, .text(413, "request body too large (at most \(bodyLimit) bytes)"), close: true)
      }
    case .body(var chunk):
      guard !refused else { return }
      if body.count + chunk.readableBytes > bodyLimit {
        refused = true
        if let h = head {
          write(context, h, .text(413, "request body too large (at most \(bodyLimit) bytes)"), close: true)
        }
        return
      }
      body += chunk.readBytes(length: chunk.readableBytes) ?? []
    case .end:
      guard !refused, let h = head else { return }
      head = nil
      let (path, query) = HTTPConnectionHandler.split(h.uri)
      let request = WebRequest(
        method: h.method.rawValue, path: path, query: query, headers: h.headers.map { ($0.name, $0.value) },
        body: body, peer: context.channel.remoteAddress?.ipAddress ?? "")
      body = []
      guard let responder else {
        write(context, h, .text(404, "this node serves no web console"), close: false)
        return
      }
      let loop = context.eventLoop
      let bound = NIOLoopBound((self, context), eventLoop: loop)
      // Off the event loop: a script run or a ZooKeeper read must not hold every connection.
      DispatchQueue.global().async {
        let response = responder.respond(request)
        loop.execute {
          let (handler, context) = bound.value
          // The client may have gone while the answer was made.
          guard context.channel.isActive else { return }
          handler.write(context, h, response, close: false)
        }
      }
    }
  }

  private func write(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ r: WebResponse, close: Bool) {
    var headers = HTTPHeaders(r.headers.map { ($0.name, $0.value) })
    headers.replaceOrAdd(name: "Content-Length", value: String(r.body.count))
    let keepAlive = request.isKeepAlive && !close
    headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
    let head = HTTPResponseHead(
      version: request.version, status: HTTPResponseStatus(statusCode: r.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    if request.method != .HEAD {
      context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: r.body)))), promise: nil)
    }
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      let channel = context.channel
      done.whenComplete { _ in channel.close(promise: nil) }
    }
  }

  /// `/api/run?x=1` as its path and query.
  static func split(_ uri: String) -> (String, String) {
    guard let q = uri.firstIndex(of: "?") else { return (uri, "") }
    return (String(uri[..<q]), String(uri[uri.index(after: q)...]))
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    // A malformed request: NIO's error handler has answered 400; the node goes on.
    context.close(promise: nil)
  }
}
