import ClusterConfig
import Coordination
import Dispatch
import RemoteNode
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `getClusterPerf`: one row per node, with figures each live node reports of itself.
extension ClusterBuiltins {
  static func clusterPerf(_ c: ClusterContext, includeMaster: Bool) throws(ScriptError) -> Value {
    struct Row {
      var m: PublishedNode
      var live: Registration?
      var status: NodeStatus?
      var perf: [String: Value] = [:]
    }
    var rows: [Row] = []
    var leader = ""
    if c.coordination == nil {
      let s = c.launch.site
      rows = [
        Row(
          m: PublishedNode(
            alias: s.alias, mode: c.mode, host: s.host, port: s.port, agent: nil, computeGroup: nil,
            parameters: c.launch.parameters))
      ]
    } else {
      let v = try view(c)
      leader = v.leader?.alias ?? ""
      rows = v.members.filter { includeMaster || $0.mode != .controller }.map {
        Row(m: $0, live: v.registrations[$0.alias], status: v.statuses[$0.alias])
      }
    }
    // Ask every live node for its figures, in parallel, each with a short deadline.
    let perf = Mutex<[Int: Box]>([:])
    let targets = rows.indices.filter { rows[$0].live != nil || c.coordination == nil }
    let addresses = targets.map { (rows[$0].m.alias, rows[$0].live?.host ?? "", rows[$0].live?.port ?? 0) }
    let local = Box(NodePerf.sample(c))
    DispatchQueue.concurrentPerform(iterations: targets.count) { i in
      let (alias, host, port) = addresses[i]
      var value: Value?
      if alias == c.alias {
        value = local.value
      } else if let conn = try? NodeConnection.connect(host: host, port: port, timeoutSeconds: 1) {
        conn.replyTimeout = 2
        value = try? conn.call("getNodePerf", [])
        conn.close()
      }
      guard let value else { return }
      perf.withLock { $0[targets[i]] = Box(value) }
    }
    let measured = perf.withLock { $0 }
    for (i, p) in measured {
      guard case .dictionary(let d) = p.value else { continue }
      for (k, v) in zip(d.keys, d.values) { if let key = k.stringValue { rows[i].perf[key] = v } }
    }
    func strings(_ f: (Row) -> String) -> Vector { Vector(strings: rows.map(f)) }
    func ints(_ type: DataType = .int, _ f: (Row) -> Int64?) -> Vector {
      Vector(type: type, ints: rows.map { f($0) ?? Int64.min })
    }
    let columns: [(String, Vector)] = [
      ("name", strings { $0.m.alias }),
      ("host", strings { $0.m.host }),
      ("port", ints { Int64($0.m.port) }),
      ("site", strings { "\($0.m.host):\($0.m.port):\($0.m.alias)" }),
      ("mode", ints { Int64($0.m.mode.code) }),
      ("state", ints { ($0.live != nil || c.coordination == nil) ? 1 : 0 }),
      ("agentSite", strings { r in r.m.agent.flatMap { a in rowsSite(rows.map(\.m), a) } ?? "" }),
      (
        "maxMemSize",
        Vector(
          doubles: rows.map { $0.perf["maxMemSize"]?.doubleValue ?? Double($0.m.parameters["maxMemSize"] ?? "") ?? 0 })
      ),
      ("workerNum", ints { $0.perf["workerNum"]?.intValue ?? Int64($0.m.parameters["workerNum"] ?? "") }),
      ("memoryUsed", ints(.long) { $0.perf["memoryUsed"]?.intValue }),
      ("memoryAlloc", ints(.long) { $0.perf["memoryAlloc"]?.intValue }),
      ("cpuUsage", Vector(doubles: rows.map { $0.perf["cpuUsage"]?.doubleValue ?? .nan })),
      ("runningJobs", ints { $0.perf["runningJobs"]?.intValue }),
      ("queuedJobs", ints { $0.perf["queuedJobs"]?.intValue }),
      ("runningTasks", ints { $0.perf["runningTasks"]?.intValue }),
      ("queuedTasks", ints { $0.perf["queuedTasks"]?.intValue }),
      ("connectionNum", ints { $0.perf["connectionNum"]?.intValue }),
      (
        "maxConnections",
        ints { $0.perf["maxConnections"]?.intValue ?? Int64($0.m.parameters["maxConnections"] ?? "") }
      ),
      ("isLeader", Vector(bools: rows.map { $0.m.alias == leader })),
      ("pid", ints { $0.perf["pid"]?.intValue ?? $0.live.map { Int64($0.pid) } }),
      ("restarts", ints { $0.status.map { Int64($0.restarts) } }),
      (
        "status",
        strings { $0.status?.state.rawValue ?? ($0.live != nil || c.coordination == nil ? "running" : "down") }
      ),
      ("startTime", ints(.timestamp) { $0.perf["startedAt"]?.intValue }),
      ("uptime", ints(.long) { r in r.perf["startedAt"]?.intValue.map { (ClusterClock.millis() - $0) / 1000 } }),
      ("diskCapacity", ints(.long) { $0.perf["diskCapacity"]?.intValue }),
      ("diskFreeSpace", ints(.long) { $0.perf["diskFreeSpace"]?.intValue }),
      ("diskFreeSpaceRatio", Vector(doubles: rows.map { $0.perf["diskFreeSpaceRatio"]?.doubleValue ?? .nan })),
    ]
    return .object(try Table(names: columns.map(\.0), columns: columns.map(\.1)))
  }

  static func rowsSite(_ members: [PublishedNode], _ alias: String) -> String? {
    members.first { $0.alias == alias }.map { "\($0.host):\($0.port):\($0.alias)" }
  }
}
