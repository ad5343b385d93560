import ScriptRuntime
import ScriptSession
import WireProtocol

/// DolphinDB's scheduled-job functions over a node's `JobScheduler`: `scheduleJob`,
/// `getScheduledJobs`, `deleteScheduledJob`.
public enum ScheduleBuiltins {
  static func functions(_ jobs: JobService) -> [Builtin] {
    [
      // scheduleJob(jobId, jobDesc, jobFunc, scheduleTime, startDate, endDate, frequency,
      // [days], [onComplete]): the job id.
      Builtin(
        "scheduleJob", args: 7...9,
        parameterNames: [
          "jobId", "jobDesc", "jobFunc", "scheduleTime", "startDate", "endDate", "frequency", "days", "onComplete",
        ]
      ) { a throws(ScriptError) in
        .string(try schedule(jobs, a), .string)
      },
      // getScheduledJobs([jobIdPattern]): `%` stands for any run of characters, `?` for one.
      Builtin("getScheduledJobs", args: 0...1, parameterNames: ["jobIdPattern"]) { a throws(ScriptError) in
        let pattern = a.has(0) ? try a.text(0, "jobIdPattern") : nil
        let list = jobs.scheduler.list(for: JobBuiltins.viewer(a.machine)).filter { j in
          pattern.map { ScheduleBuiltins.matches(j.jobId, $0) } ?? true
        }
        return .object(try table(list))
      },
      Builtin("deleteScheduledJob", args: 1...1, parameterNames: ["jobId"]) { a throws(ScriptError) in
        try jobs.scheduler.delete(try a.text(0, "jobId"), by: JobBuiltins.viewer(a.machine))
        return .void
      },
    ]
  }

  static func schedule(_ jobs: JobService, _ a: CallArguments) throws(ScriptError) -> String {
    let r = try ScheduleRequest(a)
    var onComplete: ShippedCall?
    if a.has(8) {
      guard case .function(let g) = a[8] else { throw ScriptError(JobMessages.notAFunction(a[8].typeString)) }
      onComplete = try JobBuiltins.ship(g, [])
      guard onComplete?.arguments.isEmpty == true else { throw ScriptError(JobMessages.onCompleteBound()) }
    }
    let minute = jobs.nowMillis.dividedReportingOverflow(by: 60_000).partialValue
    try jobs.scheduler.add(
      ScheduledJob(
        jobId: r.jobId, jobDesc: r.jobDesc, user: a.machine.access?.userName ?? "admin", times: r.times, days: r.days,
        schedule: r.schedule, function: r.call.name, source: r.call.source, arguments: r.arguments,
        onComplete: onComplete?.name ?? "", onCompleteSource: onComplete?.source ?? "", created: minute, lastSlot: nil))
    jobs.scheduler.start()
    return r.jobId
  }

  /// A scalar or vector argument of `type` as integers (`Value.nullInt` refused).
  static func integers(_ v: Value, _ type: DataType, _ name: String, _ typeName: String) throws(ScriptError) -> [Int64]
  {
    let found: [Int64]
    switch v {
    case .int(let x, let t) where t == type: found = [x]
    case .vector(let vec) where vec.type == type: found = vec.int64s
    default: throw ScriptError(JobMessages.wrongType(name, typeName, v.typeString))
    }
    guard !found.contains(Value.nullInt) else { throw ScriptError(JobMessages.wrongType(name, typeName, "NULL")) }
    return found
  }

  /// The body of a fired slot: the function in a session of the job's user, then
  /// `onComplete(jobId, jobDesc, success, result or error message)`.
  static func body(_ job: ScheduledJob, _ sessions: @escaping JobSessions) -> JobBody {
    { output, stop throws(ScriptError) in
      let session = try sessions(.user(job.user), output)
      session.machine.interruption = stop
      var arguments: [Value] = []
      if case .tuple(let items)? = try? ValueCodec.decode(job.arguments) { arguments = items }
      let f = try JobBuiltins.find(job.function, job.source, in: session)
      let callback =
        job.onComplete.isEmpty ? nil : try JobBuiltins.find(job.onComplete, job.onCompleteSource, in: session)
      let head: [Value] = [.string(job.jobId, .string), .string(job.jobDesc, .string)]
      let result: Value
      do throws(ScriptError) {
        result = try session.machine.call(f, arguments)
      } catch {
        if let callback {
          _ = try? session.machine.call(callback, head + [.bool(false), .string(error.message, .string)])
        }
        throw error
      }
      if let callback { _ = try session.machine.call(callback, head + [.bool(true), result]) }
      return result
    }
  }

  static func table(_ list: [ScheduledJob]) throws(ScriptError) -> Table {
    return try Table(
      names: ["userId", "jobId", "jobDesc", "startDate", "endDate", "frequency", "scheduleTime", "days"],
      columns: [
        Vector(strings: list.map(\.user)), Vector(strings: list.map(\.jobId)), Vector(strings: list.map(\.jobDesc)),
        Vector(type: .date, ints: list.map { Int64($0.schedule.startDay) }),
        Vector(type: .date, ints: list.map { Int64($0.schedule.endDay) }),
        Vector(type: .char, ints: list.map { Int64($0.schedule.frequency.rawValue.utf8.first ?? 0) }),
        Vector(strings: list.map { JobSchedule.timesText($0.times) }),
        Vector(strings: list.map { $0.days.map(String.init).joined(separator: " ") }),
      ])
  }

  /// `%` matches any run of characters, `?` any one.
  public static func matches(_ text: String, _ pattern: String) -> Bool {
    let t = Array(text)
    let p = Array(pattern)
    var memo: [Int: Bool] = [:]
    func go(_ i: Int, _ j: Int) -> Bool {
      if let known = memo[i * (p.count + 1) + j] { return known }
      let result: Bool
      if j == p.count {
        result = i == t.count
      } else if p[j] == "%" {
        result = go(i, j + 1) || (i < t.count && go(i + 1, j))
      } else {
        result = i < t.count && (p[j] == "?" || p[j] == t[i]) && go(i + 1, j + 1)
      }
      memo[i * (p.count + 1) + j] = result
      return result
    }
    return go(0, 0)
  }
}
