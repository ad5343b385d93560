import Foundation
import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `getClusterVolumeUsage()`: each running data node's volumes (where its chunks are) with the
/// space used and the size of the disk each is on, so an operator sees a disk filling before
/// appends fail. The embedded node answers for its own storage folder. Data nodes answer the
/// internal `dfsVolumeUsage()`, called on each at once.
enum VolumeUsage {
  struct Row {
    let node: String
    let path: String
    let id: Int64
    let used: Int64
    let capacity: Int64
  }

  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getClusterVolumeUsage", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("list the cluster's volumes"))
        return .object(try table(try gather(c, token: a.machine.access?.sessionToken)))
      },
      Builtin("dfsVolumeUsage", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("list this node's volumes"))
        return .object(try table(local(c)))
      },
    ]
  }

  /// This node's volumes: a data node's `volumes`, the embedded node's storage folder; none on
  /// other nodes.
  static func local(_ c: ClusterContext) -> [Row] {
    let volumes: [String]
    if let dfs = c.dfs {
      guard dfs.isDataNode else { return [] }
      volumes = dfs.volumes
    } else {
      volumes = [c.launch.home + "/storage"]
    }
    return volumes.map { row(c.alias, $0) }
  }

  static func gather(_ c: ClusterContext, token: String?) throws(ScriptError) -> [Row] {
    guard c.coordination != nil else { return local(c) }
    let view = try ClusterBuiltins.view(c)
    let nodes = view.members.filter { $0.mode == .datanode }.compactMap { view.registrations[$0.alias] }
    let answers = ClusterBuiltins.callEach(
      nodes.map { $0.alias == c.alias ? nil : (alias: $0.alias, host: $0.host, port: $0.port) }, "dfsVolumeUsage",
      token: token)
    var rows: [Row] = []
    for (i, node) in nodes.enumerated() {
      guard let answer = answers[i] else {
        rows += local(c)
        continue
      }
      let value: Value
      switch answer {
      case .success(let box): value = box.value
      case .failure(let error): throw ScriptError(ClusterMessages.volumeUsageFailed(on: node.alias, error.message))
      }
      guard case .object(let o) = value, let t = o as? Table, t.columns.count == 5 else {
        throw ScriptError(ClusterMessages.volumeUsageFailed(on: node.alias, "it answered \(value.typeString)"))
      }
      let (paths, ids, used, capacity) = (
        t.columns[1].strings, t.columns[2].int64s, t.columns[3].int64s, t.columns[4].int64s
      )
      for r in 0..<min(paths.count, ids.count, used.count, capacity.count) {
        rows.append(Row(node: node.alias, path: paths[r], id: ids[r], used: used[r], capacity: capacity[r]))
      }
    }
    return rows
  }

  /// A volume's disk: the file system holding the folder (or, before the node made the
  /// folder, its nearest existing parent). The id is the disk's device number.
  static func row(_ node: String, _ path: String) -> Row {
    var at = path
    var st = stat()
    while stat(at, &st) != 0, at != "/", !at.isEmpty {
      at = (at as NSString).deletingLastPathComponent
    }
    var fs = statvfs()
    guard statvfs(at, &fs) == 0 else { return Row(node: node, path: path, id: 0, used: 0, capacity: 0) }
    let block = Int64(fs.f_frsize)
    return Row(
      node: node, path: path, id: Int64(truncatingIfNeeded: st.st_dev),
      used: (Int64(fs.f_blocks) - Int64(fs.f_bfree)) * block, capacity: Int64(fs.f_blocks) * block)
  }

  static func table(_ rows: [Row]) throws(ScriptError) -> Table {
    try Table(
      names: ["node", "volumePath", "volumeId", "usage", "capacity"],
      columns: [
        Vector(strings: rows.map(\.node)), Vector(strings: rows.map(\.path)),
        Vector(type: .long, ints: rows.map(\.id)), Vector(type: .long, ints: rows.map(\.used)),
        Vector(type: .long, ints: rows.map(\.capacity)),
      ])
  }
}
