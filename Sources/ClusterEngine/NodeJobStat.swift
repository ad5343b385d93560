import ScriptRuntime

/// `getJobStat()`: how much work the node has now, in DolphinDB's keys and with the figures
/// `getClusterPerf` shows for the node: a connection's request is a job, run at once on its
/// own thread (none waits, so queuedJobs is 0), a batch job (`submitJob`) runs as one task
/// of the node's workers, and a request this node sent another node (a chunk read, a staged
/// segment) is a remote task until it is answered.
enum NodeJobStatBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getJobStat", args: 0...0) { _ throws(ScriptError) in
        let batch = c.jobs.counts
        var d = DictionaryValue(keyType: .string, valueType: .int)
        let figures: [(String, Int)] = [
          ("queuedLocalTasks", batch.queued), ("runningLocalTasks", batch.running), ("queuedJobs", 0),
          ("runningJobs", c.statistics?.runningJobs ?? 0),
          ("queuedRemoteTasks", DataNodeConnections.shared.inFlight.load(ordering: .relaxed)),
        ]
        for (key, n) in figures { try d.set(.string(key, .string), .int(Int64(n), .int)) }
        return .dictionary(d)
      }
    ]
  }
}
