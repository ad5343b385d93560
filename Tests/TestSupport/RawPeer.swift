import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A plain TCP client on loopback that sends whatever bytes a test makes: a hostile or
/// broken peer, below the protocol library.
public final class RawPeer {
  private var fd: Int32

  /// Connects to 127.0.0.1:`port`, from `source` (another loopback address, such as
  /// 127.0.0.2: the node then sees a different client IP) when given.
  public init(port: Int, from source: String? = nil) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    if let source {
      var local = sockaddr_in()
      local.sin_family = sa_family_t(AF_INET)
      local.sin_addr.s_addr = inet_addr(source)
      let bound = withUnsafePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
      }
      guard bound == 0 else {
        Glibc.close(fd)
        throw Spawned.SpawnFailed(description: "cannot bind \(source)")
      }
    }
    let rc = withLoopbackAddress(port) { connect(fd, $0, $1) }
    guard rc == 0 else {
      Glibc.close(fd)
      throw Spawned.SpawnFailed(description: "cannot connect to 127.0.0.1:\(port)")
    }
  }

  /// Writes all of `bytes`; false once the node has closed the connection.
  @discardableResult
  public func send(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }

  /// A frame as the protocol lays it out: a little-endian UInt32 length, then the body.
  public func sendFrame(_ body: [UInt8]) -> Bool {
    let n = UInt32(body.count)
    return send([UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24)] + body)
  }

  /// Whether the node answers an HTTP request on this connection (its web console) rather
  /// than closing it unanswered, as it does a connection it refuses.
  public func answersHTTP(seconds: Double = 5) -> Bool {
    guard send(Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)) else { return false }
    var bytes: [UInt8] = []
    let deadline = Date().addingTimeInterval(seconds)
    while bytes.count < 8 && Date() < deadline {
      let (more, closed) = read(seconds: 0.1)
      bytes += more
      if closed { break }
    }
    return String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.")
  }

  /// What the node sends within `seconds`, and whether it closed the connection by then.
  public func read(seconds: Double) -> (bytes: [UInt8], closed: Bool) {
    var out: [UInt8] = []
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&p, 1, 50) > 0 else { continue }
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { return (out, true) }
      out += buffer[0..<n]
    }
    return (out, false)
  }

  /// Closes once: a second close could hit a descriptor reused by then (an event loop's).
  public func close() {
    guard fd >= 0 else { return }
    Glibc.close(fd)
    fd = -1
  }
  deinit { close() }
}

/// Calls `body` with the socket address of 127.0.0.1:`port`.
public func withLoopbackAddress<T>(_ port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = UInt16(port).bigEndian
  return withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
  }
}
