import Foundation

/// One HTTP request to a node's port on a connection of its own (`Connection: close`), and the
/// answer whole: how the web console's tests talk to it without a client library.
public struct HTTPAnswer {
  public var status: Int
  public var headers: [String: String]
  public var body: String
  public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }

  /// One request on a connection of its own (`Connection: close`), answered whole.
  public static func request(
    _ port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
    raw: String? = nil
  ) throws -> HTTPAnswer {
    let peer = try RawPeer(port: port)
    defer { peer.close() }
    var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (k, v) in headers { text += "\(k): \(v)\r\n" }
    if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
    text += "\r\n" + (body ?? "")
    peer.send(Array((raw ?? text).utf8))
    let (bytes, _) = peer.read(seconds: 10)
    let reply = String(decoding: bytes, as: UTF8.self)
    guard let split = reply.range(of: "\r\n\r\n") else { return HTTPAnswer(status: 0, headers: [:], body: reply) }
    let lines = reply[..<split.lowerBound].split(separator: "\r\n")
    let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return HTTPAnswer(status: status, headers: fields, body: String(reply[split.upperBound...]))
  }
}
