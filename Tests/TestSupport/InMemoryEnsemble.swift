import Coordination

/// The state of an `InMemoryCoordination`: the znode tree, the sessions and their watches.
struct Ensemble {
  struct Node {
    var data: [UInt8]
    var version: Int32 = 0
    var childVersion: Int32 = 0
    var ephemeralOwner: Int64 = 0
    var created: Int64
    var modified: Int64
    var children: Set<String> = []
    /// The next suffix of a sequential child.
    var sequence: Int32 = 0
  }

  enum Life { case live, expired, closed }

  struct Session {
    var events: AsyncStream<ZooKeeperEvent>.Continuation
    var life = Life.live
    var partitioned = false
  }

  var nodes: [String: Node] = ["/": Node(data: [], created: 0, modified: 0)]
  var sessions: [Int64: Session] = [:]
  var nextSession: Int64 = 0x1000
  var running = true
  var now: Int64 = 0
  /// Sessions waiting for a znode's data to change (or for it to appear or go).
  var dataWatches: [String: Set<Int64>] = [:]
  /// Sessions waiting for a znode's children to change.
  var childWatches: [String: Set<Int64>] = [:]

  func stat(_ path: String) -> ZNodeStat {
    let n = nodes[path]!
    return ZNodeStat(
      version: n.version, childVersion: n.childVersion, ephemeralOwner: n.ephemeralOwner,
      dataLength: Int32(n.data.count), childCount: Int32(n.children.count), createdMillis: n.created,
      modifiedMillis: n.modified)
  }

  static func parent(_ path: String) -> String { ClusterPaths.parent(of: path) ?? "/" }
  static func name(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }

  /// A watch firing: each waiting session hears it once, then must watch again.
  enum Trigger {
    case data(String, ZooKeeperEvent)
    case children(String)
  }

  /// Applies the operations all or none; returns the path each one made or touched. The
  /// error is the first failing operation's, with `operation` as its name.
  mutating func apply(_ operations: [ZooKeeperOperation], by session: Int64, operation: String)
    throws(ZooKeeperError) -> [String]
  {
    var tree = nodes
    var triggers: [Trigger] = []
    var results: [String] = []
    func fail(_ code: Int32, _ path: String) -> ZooKeeperError {
      ZooKeeperError(code: code, operation: operation, path: path)
    }
    for op in operations {
      switch op {
      case .check(let path, let version):
        guard let n = tree[path] else { throw fail(ZooKeeperError.noNode, path) }
        guard version == -1 || n.version == version else { throw fail(ZooKeeperError.badVersion, path) }
        results.append(path)
      case .create(let asked, let data, let mode):
        guard asked.hasPrefix("/"), asked == "/" || !asked.hasSuffix("/") else { throw fail(-8, asked) }
        let parent = Ensemble.parent(asked)
        guard var p = tree[parent] else { throw fail(ZooKeeperError.noNode, asked) }
        guard p.ephemeralOwner == 0 else { throw fail(ZooKeeperError.noChildrenForEphemerals, asked) }
        var path = asked
        if mode == .persistentSequential || mode == .ephemeralSequential {
          path += String(repeating: "0", count: max(0, 10 - String(p.sequence).count)) + String(p.sequence)
        }
        guard tree[path] == nil else { throw fail(ZooKeeperError.nodeExists, asked) }
        p.sequence += 1
        p.childVersion += 1
        p.children.insert(Ensemble.name(path))
        tree[parent] = p
        let ephemeral = mode == .ephemeral || mode == .ephemeralSequential
        tree[path] = Node(data: data, ephemeralOwner: ephemeral ? session : 0, created: now, modified: now)
        triggers += [.data(path, .created(path)), .children(parent)]
        results.append(path)
      case .set(let path, let data, let version):
        guard var n = tree[path] else { throw fail(ZooKeeperError.noNode, path) }
        guard version == -1 || n.version == version else { throw fail(ZooKeeperError.badVersion, path) }
        n.data = data
        n.version += 1
        n.modified = now
        tree[path] = n
        triggers.append(.data(path, .changed(path)))
        results.append(path)
      case .delete(let path, let version):
        guard let n = tree[path], path != "/" else { throw fail(ZooKeeperError.noNode, path) }
        guard version == -1 || n.version == version else { throw fail(ZooKeeperError.badVersion, path) }
        guard n.children.isEmpty else { throw fail(ZooKeeperError.notEmpty, path) }
        tree[path] = nil
        let parent = Ensemble.parent(path)
        tree[parent]?.children.remove(Ensemble.name(path))
        tree[parent]?.childVersion += 1
        triggers += [.data(path, .deleted(path)), .children(parent)]
        results.append(path)
      }
    }
    nodes = tree
    fire(triggers)
    return results
  }

  /// Delivers the triggers to the sessions that watch them; a watch fires once.
  mutating func fire(_ triggers: [Trigger]) {
    for t in triggers {
      switch t {
      case .data(let path, let event):
        var waiting = dataWatches.removeValue(forKey: path) ?? []
        // A deleted znode also ends the watches on its children list, as ZooKeeper's do.
        if case .deleted = event { waiting.formUnion(childWatches.removeValue(forKey: path) ?? []) }
        for id in waiting.sorted() { deliver(event, to: id) }
      case .children(let path):
        for id in (childWatches.removeValue(forKey: path) ?? []).sorted() { deliver(.children(path), to: id) }
      }
    }
  }

  func deliver(_ event: ZooKeeperEvent, to id: Int64) {
    guard let s = sessions[id], s.life == .live else { return }
    s.events.yield(event)
  }

  /// Ends a session: its ephemeral znodes go (their watchers hear it) and its watches with it.
  mutating func end(_ id: Int64, as life: Life) {
    sessions[id]?.life = life
    for k in dataWatches.keys { dataWatches[k]?.remove(id) }
    for k in childWatches.keys { childWatches[k]?.remove(id) }
    let owned = nodes.filter { $0.value.ephemeralOwner == id }.map(\.key).sorted()
    for path in owned {
      _ = try? apply([.delete(path, version: -1)], by: id, operation: "expire")
    }
  }
}
