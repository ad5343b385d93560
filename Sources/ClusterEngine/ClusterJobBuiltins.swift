import Coordination
import Dispatch
import Foundation
import JobRunner
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import Synchronization
import WireProtocol

/// Cluster schedules, Porpoise's addition to DolphinDB's scheduled jobs: `scheduleClusterJob`,
/// `getClusterScheduledJobs`, `deleteClusterScheduledJob`, `getClusterRecentJobs`, and
/// `clusterJobSubmit`, which the leading controller calls on a node to run a slot there.
enum ClusterJobBuiltins {
  static func library(_ c: ClusterContext, sessions: @escaping JobSessions) -> BuiltinLibrary {
    BuiltinLibrary(
      "clusterJobs",
      functions: [
        // scheduleClusterJob(jobId, jobDesc, jobFunc, scheduleTime, startDate, endDate,
        // frequency, [days], [nodes]): the job id.
        Builtin("scheduleClusterJob", args: 7...9) { a throws(ScriptError) in
          try a.machine.require(.login("schedule a cluster job"))
          return .string(try schedule(c, a), .string)
        },
        Builtin("getClusterScheduledJobs", args: 0...1) { a throws(ScriptError) in
          let pattern = a.has(0) ? try a.text(0, "jobIdPattern") : nil
          try requireCluster(c, "getClusterScheduledJobs")
          let viewer = JobBuiltins.viewer(a.machine)
          let list = try read(c).filter { s, _ in
            (viewer.isAdmin || s.user == viewer.user) && (pattern.map { ScheduleBuiltins.matches(s.jobId, $0) } ?? true)
          }
          return .object(try table(list))
        },
        Builtin("deleteClusterScheduledJob", args: 1...1) { a throws(ScriptError) in
          try requireCluster(c, "deleteClusterScheduledJob")
          try delete(c, try a.text(0, "jobId"), by: JobBuiltins.viewer(a.machine))
          return .void
        },
        // getClusterRecentJobs([n]): the last n jobs of every running node, oldest first.
        Builtin("getClusterRecentJobs", args: 0...1) { a throws(ScriptError) in
          try recent(c, a)
        },
        // clusterJobSubmit(jobId, jobDesc, function, source, arguments, note): queues a slot's
        // run here as the calling user, once per job id; when it ends, its outcome is written
        // to ZooKeeper for the leader.
        Builtin("clusterJobSubmit", args: 6...6) { a throws(ScriptError) in
          try a.machine.require(.login("run a cluster job"))
          guard c.coordination != nil, c.mode.isWorker else {
            throw ScriptError(ClusterMessages.clusterJobOnlyOnNode())
          }
          let jobId = try a.text(0, "jobId")
          let desc = try a.text(1, "jobDesc")
          let note = try a.text(5, "note")
          var arguments: [Value] = []
          if let bytes = Data(base64Encoded: try a.text(4, "arguments")),
            case .tuple(let items)? = try? ValueCodec.decode(Array(bytes))
          {
            arguments = items
          }
          let call = ShippedCall(name: try a.text(2, "function"), source: try a.text(3, "source"), arguments: arguments)
          let body = JobBuiltins.body(call, as: .token(a.machine.access?.sessionToken), sessions)
          let node = c.alias
          let id = try c.jobs.submit(
            id: jobId, desc: note.isEmpty ? desc : "\(desc) (\(note))", user: a.machine.access?.userName ?? "admin",
            once: true
          ) { output, stop throws(ScriptError) in
            let outcome: Result<Value, ScriptError>
            do throws(ScriptError) { outcome = .success(try body(output, stop)) } catch { outcome = .failure(error) }
            var error = ""
            if case .failure(let e) = outcome { error = e.message }
            report(
              c, jobId, ClusterJobOutcome(node: node, ok: error.isEmpty, error: error, endedAt: ClusterClock.millis()))
            return try outcome.get()
          }
          return .string(id, .string)
        },
      ])
  }

  /// Writes a run's outcome for the leader, a few times if ZooKeeper is briefly away (left
  /// unwritten, the run shows as running until its slot is over).
  static func report(_ c: ClusterContext, _ jobId: String, _ outcome: ClusterJobOutcome) {
    for attempt in 0..<5 {
      let written =
        (try? blockingAwait { () async throws(ClusterError) -> Bool in
          let client = try c.client()
          do throws(ZooKeeperError) {
            try await client.put(outcome, at: ClusterPaths.jobOutcome(jobId))
            return true
          } catch {
            throw error.cluster
          }
        }) ?? false
      if written { return }
      usleep(UInt32(200_000 * (attempt + 1)))
    }
    c.log?("cluster job \(jobId): could not record its outcome in ZooKeeper")
  }

  /// Cluster schedules are kept in the cluster's ZooKeeper.
  static func requireCluster(_ c: ClusterContext, _ function: String) throws(ScriptError) {
    guard c.coordination != nil else { throw ScriptError(ClusterMessages.clusterJobsNeedCluster(function)) }
  }

  static func schedule(_ c: ClusterContext, _ a: CallArguments) throws(ScriptError) -> String {
    let r = try ScheduleRequest(a)
    try requireCluster(c, "scheduleClusterJob")
    guard r.jobId.utf8.count <= 80 else { throw ScriptError(ClusterMessages.clusterJobIdTooLong(r.jobId)) }
    let members = try ClusterBuiltins.view(c).members.filter(\.mode.isWorker).map(\.alias)
    var nodes = members
    if a.has(8) {
      switch a[8] {
      case .string(let s, _): nodes = [s]
      case .vector(let v) where v.type == .string || v.type == .symbol: nodes = v.strings
      default: throw ScriptError(ClusterMessages.clusterJobNodes(a[8].typeString))
      }
      for n in nodes where !members.contains(n) {
        throw ScriptError(ClusterMessages.clusterJobNotAWorker(n, known: members))
      }
    }
    let s = ClusterJobSchedule(
      jobId: r.jobId, jobDesc: r.jobDesc, user: a.machine.access?.userName ?? "admin", times: r.times, days: r.days,
      frequency: r.schedule.frequency.rawValue, startDay: r.schedule.startDay, endDay: r.schedule.endDay,
      nodes: nodes, function: r.call.name, source: r.call.source,
      arguments: Data(r.arguments).base64EncodedString(),
      created: c.jobs.nowMillis.dividedReportingOverflow(by: 60_000).partialValue)
    let id = r.jobId
    try ClusterBuiltins.cluster { () async throws(ClusterError) in
      let client = try c.client()
      do throws(ZooKeeperError) {
        try await client.createPath(ClusterPaths.jobSchedules)
        try await client.createPath(ClusterPaths.jobSlots)
        try await client.createPath(ClusterPaths.jobOutcomes)
        try await client.multi([
          .create(ClusterPaths.jobSchedule(id), data: ZNodeJSON.encode(s), mode: .persistent),
          .create(ClusterPaths.jobSlot(id), data: ZNodeJSON.encode(ClusterJobSlot(slot: s.created)), mode: .persistent),
        ])
      } catch {
        if error.code == ZooKeeperError.nodeExists { throw ClusterError(ClusterMessages.clusterScheduleExists(id)) }
        throw error.cluster
      }
    }
    return id
  }

  /// Every cluster schedule with the slot it last fired for, in id order.
  static func read(_ c: ClusterContext) throws(ScriptError) -> [(ClusterJobSchedule, ClusterJobSlot?)] {
    let found = try ClusterBuiltins.cluster { () async throws(ClusterError) -> [Pair] in
      let client = try c.client()
      do throws(ZooKeeperError) {
        var out: [Pair] = []
        let ids: [String]
        do throws(ZooKeeperError) { ids = try await client.children(ClusterPaths.jobSchedules) } catch {
          if error.code == ZooKeeperError.noNode { return [] }
          throw error
        }
        for id in ids {
          guard let (s, _) = try await client.document(ClusterJobSchedule.self, at: ClusterPaths.jobSchedule(id)) else {
            continue
          }
          out.append(
            Pair(schedule: s, slot: try await client.document(ClusterJobSlot.self, at: ClusterPaths.jobSlot(id))?.0))
        }
        return out
      } catch {
        throw error.cluster
      }
    }
    return found.map { ($0.schedule, $0.slot) }
  }
  struct Pair: Sendable {
    var schedule: ClusterJobSchedule
    var slot: ClusterJobSlot?
  }

  static func delete(_ c: ClusterContext, _ id: String, by viewer: JobViewer) throws(ScriptError) {
    try ClusterBuiltins.cluster { () async throws(ClusterError) in
      let client = try c.client()
      do throws(ZooKeeperError) {
        guard let (s, version) = try await client.document(ClusterJobSchedule.self, at: ClusterPaths.jobSchedule(id)),
          viewer.isAdmin || s.user == viewer.user
        else { throw ZooKeeperError(code: ZooKeeperError.noNode, operation: "delete", path: id) }
        let slot = try await client.document(ClusterJobSlot.self, at: ClusterPaths.jobSlot(id))?.0
        var operations: [ZooKeeperOperation] = [.delete(ClusterPaths.jobSchedule(id), version: version)]
        if try await client.exists(ClusterPaths.jobSlot(id)) != nil {
          operations.append(.delete(ClusterPaths.jobSlot(id), version: -1))
        }
        try await client.multi(operations)
        for run in slot?.runs ?? [] { try? await client.delete(ClusterPaths.jobOutcome(run.jobId)) }
      } catch {
        if error.code == ZooKeeperError.noNode || error.code == ZooKeeperError.badVersion {
          throw ClusterError(ClusterMessages.noClusterSchedule(id))
        }
        throw error.cluster
      }
    }
  }

  /// `getClusterScheduledJobs`: `getScheduledJobs`'s columns, the nodes allowed, and how the
  /// last slot went.
  static func table(_ list: [(ClusterJobSchedule, ClusterJobSlot?)]) throws(ScriptError) -> Table {
    let schedules = list.map(\.0)
    let fired = list.map { s, slot in slot.flatMap { $0.runs.isEmpty ? nil : $0 } }
    func strings(_ f: (ClusterJobSchedule) -> String) -> Vector { Vector(strings: schedules.map(f)) }
    func last(_ f: (ClusterJobRun) -> String) -> Vector { Vector(strings: fired.map { $0?.runs.last.map(f) ?? "" }) }
    return try Table(
      names: [
        "userId", "jobId", "jobDesc", "startDate", "endDate", "frequency", "scheduleTime", "days", "nodes", "lastSlot",
        "runs", "lastNode", "lastJobId", "lastStatus", "lastError",
      ],
      columns: [
        strings(\.user), strings(\.jobId), strings(\.jobDesc),
        Vector(type: .date, ints: schedules.map { Int64($0.startDay) }),
        Vector(type: .date, ints: schedules.map { Int64($0.endDay) }),
        Vector(type: .char, ints: schedules.map { Int64($0.frequency.utf8.first ?? 0) }),
        strings { JobSchedule.timesText($0.times) }, strings { $0.days.map(String.init).joined(separator: " ") },
        strings { $0.nodes.joined(separator: " ") },
        Vector(type: .datetime, ints: fired.map { $0.map { $0.slot * 60 } ?? Value.nullInt }),
        Vector(type: .int, ints: fired.map { Int64($0?.runs.count ?? 0) }),
        last(\.node), last(\.jobId), last(\.state.rawValue), last(\.error),
      ])
  }

  static func recent(_ c: ClusterContext, _ a: CallArguments) throws(ScriptError) -> Value {
    var arguments: [Value] = []
    // This node's getRecentJobs checks n first; the others get it as it passed.
    if a.has(0) { arguments = [.int(try a.integer(0, "n"))] }
    let own = try a.machine.call(function: "getRecentJobs", arguments)
    guard case .object(let o) = own, let first = o as? Table else { return own }
    var tables = [first]
    if c.coordination != nil {
      let others = try ClusterBuiltins.view(c).registrations.values.filter { $0.alias != c.alias }.sorted {
        $0.alias < $1.alias
      }
      let token = a.machine.access?.sessionToken
      let answers = Mutex<[Int: Box]>([:])
      let send = Box.Many(arguments)
      DispatchQueue.concurrentPerform(iterations: others.count) { i in
        guard let conn = try? NodeConnection.connect(host: others[i].host, port: others[i].port, timeoutSeconds: 2)
        else { return }
        defer { conn.close() }
        conn.replyTimeout = 10
        guard (try? RemoteBuiltins.carryLogin(conn, token: token)) != nil,
          let v = try? conn.call("getRecentJobs", send.values)
        else { return }
        answers.withLock { $0[i] = Box(v) }
      }
      for (_, b) in answers.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
        if case .object(let t) = b.value, let t = t as? Table, t.names == first.names { tables.append(t) }
      }
    }
    var columns = first.columns.map { Vector.empty($0.type) }
    for t in tables {
      for i in columns.indices { try columns[i].append(contentsOf: t.columns[i]) }
    }
    let all = try Table(names: first.names, columns: columns)
    // Oldest first by when each node received the job, as getRecentJobs orders one node's.
    guard let received = first.names.firstIndex(of: "receivedTime") else { return .object(all) }
    let times = columns[received].int64s
    var order = Array(times.indices).sorted { (times[$0], $0) < (times[$1], $1) }
    if let n = arguments.first?.intValue, order.count > Int(n) { order = Array(order.suffix(Int(n))) }
    return .object(all.gather(order))
  }
}
