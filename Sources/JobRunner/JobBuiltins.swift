import ScriptRuntime
import ScriptSession
import ScriptSyntax
import WireProtocol

/// Whom a job's session is logged in as.
public enum JobIdentity: Sendable {
  /// The submitting session's token (nil: a guest): a batch job starts while it is valid.
  case token(String?)
  /// A user by name: a scheduled job's maker, whose slots fire long after any token expired.
  case user(String)
}

/// Makes a job's session: fresh, logged in as `identity`, writing everything it prints to
/// `output`.
public typealias JobSessions = @Sendable (_ identity: JobIdentity, _ output: OutputSink) throws(ScriptError) -> Session

/// DolphinDB's job functions over a node's `JobService`: `submitJob`, `submitJobEx`,
/// `getJobStatus`, `getJobReturn`, `getJobMessage`, `getRecentJobs`, `cancelJob`, and the
/// scheduled ones (`ScheduleBuiltins`). Making the library also tells the node's scheduler how
/// fired slots make their sessions and where skipped ones are reported (`note`: the node's log).
public enum JobBuiltins {
  public static func library(
    _ jobs: JobService, consoles: @escaping @Sendable () -> ConsoleJobs? = { nil },
    connections: @escaping @Sendable () -> SessionRegistry? = { nil },
    note: (@Sendable (String) -> Void)? = nil, sessions: @escaping JobSessions
  ) -> BuiltinLibrary {
    jobs.scheduler.configure(runner: { ScheduleBuiltins.body($0, sessions) }, note: note)
    return BuiltinLibrary(
      "jobs",
      functions: ScheduleBuiltins.functions(jobs) + ConsoleBuiltins.functions(node: jobs.settings.node, consoles)
        + SessionBuiltins.functions(connections) + [
          // submitJob(jobId, jobDesc, jobDef, args...): the job id it runs under.
          Builtin("submitJob", args: 3...Int.max, parameterNames: ["jobId", "jobDesc", "jobDef"]) {
            a throws(ScriptError) in
            .string(try submit(jobs, sessions, a, function: 2, priority: 4, parallelism: 2), .string)
          },
          // submitJobEx(jobId, jobDesc, priority, parallelism, jobDef, args...)
          Builtin(
            "submitJobEx", args: 5...Int.max, parameterNames: ["jobId", "jobDesc", "priority", "parallelism", "jobDef"]
          ) { a throws(ScriptError) in
            let priority = try a.integer(2, "priority")
            let parallelism = try a.integer(3, "parallelism")
            return .string(
              try submit(jobs, sessions, a, function: 4, priority: priority, parallelism: parallelism), .string)
          },
          Builtin("getJobStatus", args: 1...1, parameterNames: ["jobId"]) { a throws(ScriptError) in
            let viewer = JobBuiltins.viewer(a.machine)
            return .object(try table([try jobs.record(try a.text(0, "jobId"), for: viewer)]))
          },
          // getJobReturn(jobId, [blocking=false]): the job's value; its error if it failed.
          Builtin("getJobReturn", args: 1...2, parameterNames: ["jobId", "blocking"]) { a throws(ScriptError) in
            let wait = a.has(1) && (a[1].intValue ?? 0) != 0
            return try jobs.result(
              try a.text(0, "jobId"), for: viewer(a.machine), wait: wait, stop: a.machine.interruption)
          },
          Builtin("getJobMessage", args: 1...1, parameterNames: ["jobId"]) { a throws(ScriptError) in
            .string(try jobs.messages(try a.text(0, "jobId"), for: viewer(a.machine)), .string)
          },
          // getRecentJobs([n]): the last n jobs (all by default), oldest first.
          Builtin("getRecentJobs", args: 0...1, parameterNames: ["n"]) { a throws(ScriptError) in
            var count: Int?
            if a.has(0) {
              let n = try a.integer(0, "n")
              guard n > 0 else { throw ScriptError(JobMessages.topMustBePositive(n)) }
              count = n
            }
            return .object(try table(jobs.recent(count, for: viewer(a.machine))))
          },
          // cancelJob(jobIds): a STRING scalar or vector.
          Builtin("cancelJob", args: 1...1, parameterNames: ["jobId"]) { a throws(ScriptError) in
            try jobs.cancel(try ids(a[0], for: "cancelJob"), by: viewer(a.machine))
            return .void
          },
        ])
  }

  /// Job ids given as a STRING (or SYMBOL) scalar or vector.
  static func ids(_ v: Value, for function: String) throws(ScriptError) -> [String] {
    switch v {
    case .string(let s, _): return [s]
    case .vector(let vec) where vec.type == .string || vec.type == .symbol: return vec.strings
    default: throw ScriptError(JobMessages.jobIdsNotStrings(function, v.typeString))
    }
  }

  /// Who the calling session is, for the jobs it may see.
  public static func viewer(_ machine: Machine) -> JobViewer {
    guard let access = machine.access else { return JobViewer(user: "admin", isAdmin: true) }
    let isAdmin = (try? machine.require(.admin("see every user's jobs"))) != nil
    return JobViewer(user: access.userName, isAdmin: isAdmin)
  }

  static func submit(
    _ jobs: JobService, _ sessions: @escaping JobSessions, _ a: CallArguments, function index: Int, priority: Int,
    parallelism: Int
  ) throws(ScriptError) -> String {
    let id = try a.text(0, "jobId")
    let desc = a.has(1) ? try a.text(1, "jobDesc") : ""
    guard case .function(let f) = a[index] else { throw ScriptError(JobMessages.notAFunction(a[index].typeString)) }
    // The job gets its own copy of the arguments: the submitting session may change a table
    // it passed while the job runs.
    let arguments = a.values.dropFirst(index + 1).map { v -> Value in
      guard let bytes = try? ValueCodec.encode(v), let copy = try? ValueCodec.decode(bytes) else { return v }
      return copy
    }
    let call = try ship(f, arguments)
    let shipped = ShippedBox(call)
    let token = a.machine.access?.sessionToken
    let user = a.machine.access?.userName ?? "admin"
    return try jobs.submit(
      id: id, desc: desc.isEmpty ? call.name : desc, priority: priority, parallelism: parallelism, user: user
    ) { output, stop throws(ScriptError) in
      let session = try sessions(.token(token), output)
      session.machine.interruption = stop
      let call = shipped.call
      return try session.machine.call(try find(call.name, call.source, in: session), call.arguments)
    }
  }

  /// The body of a job that runs `call` in a fresh session of `identity` (a cluster schedule's
  /// slot, sent here by the leading controller).
  public static func body(_ call: ShippedCall, as identity: JobIdentity, _ sessions: @escaping JobSessions)
    -> JobBody
  {
    let shipped = ShippedBox(call)
    return { output, stop throws(ScriptError) in
      let session = try sessions(identity, output)
      session.machine.interruption = stop
      let call = shipped.call
      return try session.machine.call(try find(call.name, call.source, in: session), call.arguments)
    }
  }

  /// Queues a script's text as a job (`porpoise submit` on the embedded node): run in a fresh
  /// session of `identity`, as `porpoise run` runs a file (a script that needs a login logs
  /// in). Returns the job id.
  public static func submitScript(
    _ jobs: JobService, sessions: @escaping JobSessions, id: String, desc: String, file: String, text: String,
    identity: JobIdentity, user: String
  ) throws(ScriptError) -> String {
    try jobs.submit(id: id, desc: desc, user: user) { output, stop throws(ScriptError) in
      let session = try sessions(identity, output)
      session.machine.interruption = stop
      try session.machine.runScript(SourceFile(name: file, text: text))
      return .void
    }
  }

  /// A function with arguments as it travels to a job's session.
  static func ship(_ f: FunctionValue, _ arguments: [Value]) throws(ScriptError) -> ShippedCall {
    do throws(ShippedCall.Failure) { return try ShippedCall(f, arguments) } catch {
      switch error {
      case .argumentLeftOpen(let name), .template(let name): throw ScriptError(JobMessages.cannotShip(name))
      }
    }
  }

  /// The function a job runs, in its session: defined from its source, or a built-in by name.
  static func find(_ name: String, _ source: String, in session: Session) throws(ScriptError) -> FunctionValue {
    let found =
      source.isEmpty
      ? try session.machine.lookupFunction(name)
      : try session.define(name, source: source, failure: ScriptError(JobMessages.cannotDefine(name)))
    guard let found else { throw ScriptError(JobMessages.cannotDefine(name)) }
    return found
  }

  /// Jobs as `getRecentJobs` shows them.
  static func table(_ records: [JobRecord]) throws(ScriptError) -> Table {
    func strings(_ f: (JobRecord) -> String) -> Vector { Vector(strings: records.map(f)) }
    func ints(_ f: (JobRecord) -> Int) -> Vector { Vector(type: .int, ints: records.map { Int64(f($0)) }) }
    func times(_ f: (JobRecord) -> Int64?) -> Vector {
      Vector(type: .timestamp, ints: records.map { f($0) ?? Value.nullInt })
    }
    return try Table(
      names: [
        "node", "userID", "jobId", "rootJobId", "jobDesc", "priority", "parallelism", "clientIp", "clientPort",
        "receivedTime", "startTime", "endTime", "errorMsg",
      ],
      columns: [
        strings(\.node), strings(\.userID), strings(\.jobId), strings(\.rootJobId), strings(\.jobDesc),
        ints(\.priority), ints(\.parallelism), strings(\.clientIp), ints(\.clientPort), times(\.receivedTime),
        times(\.startTime), times(\.endTime), strings(\.errorMsg),
      ])
  }
}

/// A shipped call handed to the worker thread that runs the job; only that thread uses it
/// after the submission.
struct ShippedBox: @unchecked Sendable {
  let call: ShippedCall
  init(_ call: ShippedCall) { self.call = call }
}
