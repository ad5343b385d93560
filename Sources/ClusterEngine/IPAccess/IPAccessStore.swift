import Coordination
import Foundation
import PorpoiseSupport
import RemoteNode
import Synchronization

/// The cluster's IP blacklist and whitelist (`addIPBlackList`, `addIPWhiteList`): one document
/// in ZooKeeper (`/security/ipAccess`) for a cluster, read by every node; a file in the home of
/// a standalone node. And this node's per-IP connection limits (`setIPConnectionLimit`), kept
/// in its home. What is read goes to the node's `ConnectionAdmission`.
final class IPAccessStore: Sendable {
  /// The lists as stored: at most one of the two holds addresses.
  struct Lists: Codable, Sendable, Equatable {
    var blacklist: [String] = []
    var whitelist: [String] = []
  }

  static let path = "/security/ipAccess"
  let home: String
  /// The versions of the lists and of the members document this node applied last, and the
  /// members' hosts.
  private let seen = Mutex<(version: Int32?, membersVersion: Int32?, hosts: Set<String>)>((nil, nil, []))

  init(home: String) { self.home = home }

  var listsFile: String { home + "/sysmgmt/ipAccess.json" }
  var limitsFile: String { home + "/sysmgmt/ipConnectionLimits.json" }

  // MARK: The lists

  func lists(_ c: ClusterContext) throws(ClusterError) -> Lists {
    guard c.coordination != nil else { return load(Lists.self, listsFile) ?? Lists() }
    let client = try c.client()
    do {
      return try blockingAwait { () async throws(ZooKeeperError) -> Lists in
        try await client.document(Lists.self, at: IPAccessStore.path)?.0 ?? Lists()
      }
    } catch {
      throw error.cluster
    }
  }

  /// Changes the lists (a compare-and-set in ZooKeeper, retried when another node wrote
  /// between) and applies them to this node at once; the others read them within a second.
  func update(_ c: ClusterContext, _ change: @escaping @Sendable (inout Lists) throws(ClusterError) -> Void)
    throws(ClusterError) -> Lists
  {
    let lists: Lists
    if c.coordination == nil {
      var l = load(Lists.self, listsFile) ?? Lists()
      try change(&l)
      try save(l, listsFile)
      lists = l
    } else {
      let client = try c.client()
      lists = try blockingAwait { () async throws(ClusterError) -> Lists in
        for _ in 0..<5 {
          let current: (Lists, Int32)?
          do throws(ZooKeeperError) {
            current = try await client.document(Lists.self, at: IPAccessStore.path)
          } catch {
            throw error.cluster
          }
          var l = current?.0 ?? Lists()
          try change(&l)
          do throws(ZooKeeperError) {
            if let (_, version) = current {
              _ = try await client.set(IPAccessStore.path, data: ZNodeJSON.encode(l), version: version)
            } else {
              if let parent = ClusterPaths.parent(of: IPAccessStore.path) { try await client.createPath(parent) }
              _ = try await client.create(IPAccessStore.path, data: ZNodeJSON.encode(l))
            }
            return l
          } catch {
            if error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.nodeExists { continue }
            throw error.cluster
          }
        }
        throw ClusterError("the IP lists changed under five tries in a row; try again")
      }
    }
    c.admission.setLists(blacklist: lists.blacklist, whitelist: lists.whitelist)
    return lists
  }

  /// Reads what changed since the last call into the node's admission: the lists, the hosts of
  /// the cluster's nodes and this node's limits (a standalone node reads its files once).
  func refresh(_ c: ClusterContext) async {
    guard c.coordination != nil else {
      if seen.withLock({ $0.version }) == nil {
        let l = load(Lists.self, listsFile) ?? Lists()
        c.admission.setLists(blacklist: l.blacklist, whitelist: l.whitelist)
        c.admission.setLimits(limits())
        seen.withLock { $0.version = 0 }
      }
      return
    }
    guard let client = try? c.client() else { return }
    if seen.withLock({ $0.version }) == nil { c.admission.setLimits(limits()) }
    do throws(ZooKeeperError) {
      let version = try await client.exists(IPAccessStore.path)?.version ?? -1
      if version != seen.withLock({ $0.version }) {
        let l = try await client.document(Lists.self, at: IPAccessStore.path)?.0 ?? Lists()
        c.admission.setLists(blacklist: l.blacklist, whitelist: l.whitelist)
        seen.withLock { $0.version = version }
      }
      // The members change rarely: read them only when their znode did.
      let membersVersion = try await client.exists(ClusterPaths.configNodes)?.version ?? -1
      if membersVersion != seen.withLock({ $0.membersVersion }) {
        let members = try await client.document([PublishedNode].self, at: ClusterPaths.configNodes)?.0 ?? []
        let hosts = Set(members.map(\.host) + [c.launch.site.host])
        c.admission.setExempt(hosts)
        seen.withLock {
          $0.hosts = hosts
          $0.membersVersion = membersVersion
        }
      }
    } catch {
      // ZooKeeper away: the node keeps the lists it read last.
    }
  }

  /// The hosts no list may hold: the cluster's nodes' (and this node's own).
  func clusterHosts(_ c: ClusterContext) -> Set<String> {
    return seen.withLock { $0.hosts }.union([c.launch.site.host, "127.0.0.1"])
  }

  // MARK: This node's connection limits

  func limits() -> [String: Int] { load([String: Int].self, limitsFile) ?? [:] }

  func setLimit(_ c: ClusterContext, _ ip: String, _ limit: Int?) throws(ClusterError) {
    var all = limits()
    all[ip] = limit
    try save(all, limitsFile)
    c.admission.setLimits(all)
  }

  // MARK: Files

  private func load<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
    guard let bytes = FileAccess.readBytes(path) else { return nil }
    return try? JSONDecoder().decode(type, from: Data(bytes))
  }

  private func save<T: Encodable>(_ value: T, _ path: String) throws(ClusterError) {
    _ = FileAccess.makeDirectory(home + "/sysmgmt")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      let data = try encoder.encode(value)
      try DurableFile.write(Array(data), to: path, sync: true)
    } catch let e as FileError {
      throw ClusterError("cannot save '\(path)': \(e.message)")
    } catch {
      throw ClusterError("cannot save '\(path)': \(error)")
    }
  }
}
