import ClusterConfig
import Foundation
import PorpoiseSupport

/// Why a registry call failed, in words an operator can act on.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
  public let message: String
  /// The ZooKeeper failure underneath, if any.
  public let cause: ZooKeeperError?

  init(_ message: String, cause: ZooKeeperError? = nil) {
    self.message = message
    self.cause = cause
  }

  init(_ cause: ZooKeeperError) {
    self.message = cause.description
    self.cause = cause
  }

  public var description: String { message }
}

/// Live processes of one cluster in ZooKeeper: `/nodes/<mode>/<alias>`, one ephemeral znode
/// per running process, created by the process itself.
public struct NodeRegistry: Sendable {
  public let client: any CoordinationClient

  public init(client: any CoordinationClient) { self.client = client }

  public static func path(_ mode: NodeMode, _ alias: String) -> String { ClusterPaths.node(mode, alias) }

  /// Registers this process. A znode left by a dead earlier run of the same alias on this
  /// host is replaced; one held by a live process is never taken over.
  public func register(_ registration: Registration) async throws(RegistryError) -> Registration {
    var r = registration
    r.session = client.credentials.hex
    let payload = try encode(r)
    for mode in NodeMode.allCases where mode != r.mode {
      if let other = try await read(NodeRegistry.path(mode, r.alias)) {
        throw RegistryError(
          "alias '\(r.alias)' is already registered as a \(mode.rawValue) by pid \(other.pid) on \(other.host):\(other.port)"
        )
      }
    }
    do {
      try await client.createPath(ClusterPaths.nodes(r.mode))
    } catch {
      throw RegistryError(error)
    }
    for _ in 0..<3 {
      if try await tryCreate(r, payload) { return r }
    }
    throw RegistryError("alias '\(r.alias)': the registration kept changing under us; try again")
  }

  /// One attempt: true when registered; false when a stale znode was removed (try again).
  private func tryCreate(_ r: Registration, _ payload: [UInt8]) async throws(RegistryError) -> Bool {
    let path = NodeRegistry.path(r.mode, r.alias)
    let failure: ZooKeeperError
    do {
      try await client.create(path, data: payload, mode: .ephemeral)
      return true
    } catch {
      failure = error
    }
    guard failure.code == ZooKeeperError.nodeExists else { throw RegistryError(failure) }
    let existing: ([UInt8], ZNodeStat)
    do {
      existing = try await client.get(path)
    } catch {
      if error.code == ZooKeeperError.noNode { return false }
      throw RegistryError(error)
    }
    let (data, stat) = existing
    // A create that reached the server before a connection loss: it is ours already.
    if stat.ephemeralOwner == client.credentials.id { return true }
    let holder = try? JSONDecoder().decode(Registration.self, from: Data(data))
    if let holder, holder.host == r.host, holder.pid != r.pid, !NodeRegistry.isAlive(holder.pid) {
      // The previous run of this node died (kill -9) before its session expired.
      do {
        try await client.delete(path, version: stat.version)
      } catch {
        if error.code != ZooKeeperError.noNode && error.code != ZooKeeperError.badVersion { throw RegistryError(error) }
      }
      return false
    }
    let who = holder.map { "pid \($0.pid) on \($0.host):\($0.port), session \($0.session)" } ?? "another process"
    throw RegistryError("alias '\(r.alias)' is already registered by \(who); refusing to take it over")
  }

  /// Removes this process's registration (on clean shutdown), if it still owns it.
  public func deregister(_ r: Registration) async throws(RegistryError) {
    let path = NodeRegistry.path(r.mode, r.alias)
    do {
      guard let stat = try await client.exists(path), stat.ephemeralOwner == client.credentials.id else { return }
      try await client.delete(path, version: stat.version)
    } catch {
      if error.code != ZooKeeperError.noNode { throw RegistryError(error) }
    }
  }

  /// Every live registration, or those of one mode.
  public func nodes(_ mode: NodeMode? = nil) async throws(RegistryError) -> [Registration] {
    var out: [Registration] = []
    for m in mode.map({ [$0] }) ?? NodeMode.allCases {
      let names: [String]
      do {
        names = try await client.children(ClusterPaths.nodes(m))
      } catch {
        if error.code == ZooKeeperError.noNode { continue }
        throw RegistryError(error)
      }
      for name in names {
        if let r = try await read(NodeRegistry.path(m, name)) { out.append(r) }
      }
    }
    return out
  }

  /// One registration, or nil if the process is not registered.
  public func read(_ path: String) async throws(RegistryError) -> Registration? {
    do {
      let (data, _) = try await client.get(path)
      return try? JSONDecoder().decode(Registration.self, from: Data(data))
    } catch {
      if error.code == ZooKeeperError.noNode { return nil }
      throw RegistryError(error)
    }
  }

  func encode(_ r: Registration) throws(RegistryError) -> [UInt8] {
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return Array(try encoder.encode(r))
    } catch {
      throw RegistryError("cannot encode the registration of '\(r.alias)': \(error)")
    }
  }

  /// Whether a process of this host is running. Not `kill(pid, 0)`: a process that has ended
  /// but is not yet reaped (a zombie, which an orphan stays for good under a container's init
  /// that reaps nothing) still answers it, and would hold its alias for ever.
  static func isAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    return ProcessIdentity.startTime(of: pid) != nil
  }
}
