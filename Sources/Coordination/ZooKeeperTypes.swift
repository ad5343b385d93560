/// The connection state of a ZooKeeper handle.
public enum ZooKeeperState: Sendable, Equatable {
  /// Not connected to any server; the session may still be alive (Curator's "suspended").
  case connecting
  case connected
  /// The server ended the session: ephemeral nodes and watches are gone; make a new client.
  case expired
  case authFailed
  case closed
}

/// A znode's metadata.
public struct ZNodeStat: Sendable, Equatable {
  public var version: Int32
  public var childVersion: Int32
  /// The session that owns an ephemeral node; 0 for persistent nodes.
  public var ephemeralOwner: Int64
  public var dataLength: Int32
  public var childCount: Int32
  public var createdMillis: Int64
  public var modifiedMillis: Int64

  public init(
    version: Int32, childVersion: Int32, ephemeralOwner: Int64, dataLength: Int32, childCount: Int32,
    createdMillis: Int64, modifiedMillis: Int64
  ) {
    self.version = version
    self.childVersion = childVersion
    self.ephemeralOwner = ephemeralOwner
    self.dataLength = dataLength
    self.childCount = childCount
    self.createdMillis = createdMillis
    self.modifiedMillis = modifiedMillis
  }
}

/// How a znode lives.
public enum CreateMode: Int32, Sendable {
  case persistent = 0
  /// Deleted when the creating session ends.
  case ephemeral = 1
  case persistentSequential = 2
  case ephemeralSequential = 3
}

/// Something the client observed: a session state change, or a one-shot watch firing.
public enum ZooKeeperEvent: Sendable, Equatable {
  case state(ZooKeeperState)
  case created(String)
  case deleted(String)
  case changed(String)
  case children(String)
}

/// A session's identity, enough to attach another handle to it (tests use this to expire a
/// session on purpose).
public struct SessionCredentials: Sendable, Equatable {
  public var id: Int64
  public var password: [CChar]

  public init(id: Int64, password: [CChar]) {
    self.id = id
    self.password = password
  }

  /// The session id as ZooKeeper's logs print it.
  public var hex: String { "0x" + String(UInt64(bitPattern: id), radix: 16) }
}

/// `host:port[,host:port...][/root]`: where ZooKeeper is and which subtree is ours. The root
/// is applied by the client itself (not ZooKeeper's chroot), so it need not exist beforehand.
public struct ZooKeeperAddress: Sendable, Equatable, CustomStringConvertible {
  public var hosts: String
  public var root: String

  public init?(_ text: String) {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { return nil }
    if let slash = trimmed.firstIndex(of: "/") {
      hosts = String(trimmed[..<slash])
      var r = String(trimmed[slash...])
      while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
      root = r == "/" ? "" : r
    } else {
      hosts = trimmed
      root = ""
    }
    let servers = hosts.split(separator: ",")
    guard !servers.isEmpty,
      servers.allSatisfy({ s in
        let parts = s.split(separator: ":")
        return parts.count == 2 && !parts[0].isEmpty && Int(parts[1]).map { (1...65535).contains($0) } == true
      })
    else { return nil }
  }

  public var description: String { hosts + root }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}

/// One operation of an all-or-nothing `multi` transaction.
public enum ZooKeeperOperation: Sendable {
  /// Fails the transaction unless the node's version is `version`.
  case check(String, version: Int32)
  case create(String, data: [UInt8], mode: CreateMode)
  case set(String, data: [UInt8], version: Int32)
  case delete(String, version: Int32)

  var path: String {
    switch self {
    case .check(let p, _), .create(let p, _, _), .set(let p, _, _), .delete(let p, _): return p
    }
  }
}
