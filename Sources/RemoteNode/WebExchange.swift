/// An HTTP request to a node's port, whole (head and body), as the web console answers it.
public struct WebRequest: Sendable {
  public var method: String
  /// The path without the query (`/api/run`).
  public var path: String
  /// The query string after `?`, undecoded ("" when none).
  public var query: String
  /// Header fields as sent; names compared without case.
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]
  /// The client's address (no port).
  public var peer: String

  public init(
    method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8], peer: String
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
    self.peer = peer
  }

  /// The first field called `name` (any case).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }
}

/// The answer to a `WebRequest`.
public struct WebResponse: Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A plain-text answer (errors at the HTTP level).
  public static func text(_ status: Int, _ text: String) -> WebResponse {
    WebResponse(
      status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array((text + "\n").utf8))
  }
}

/// Answers the HTTP requests that arrive on a node's port. Called on a thread of its own,
/// never on an event loop: it may block (run a script, ask ZooKeeper).
public protocol WebResponder: Sendable {
  func respond(_ request: WebRequest) -> WebResponse
}
