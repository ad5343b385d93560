import ScriptRuntime
import ScriptSession
import WireProtocol

/// The arguments `scheduleJob` and `scheduleClusterJob` share, checked: `jobId, jobDesc,
/// jobFunc, scheduleTime, startDate, endDate, frequency, [days]`.
public struct ScheduleRequest {
  public var jobId: String
  public var jobDesc: String
  public var call: ShippedCall
  public var times: [Int]
  public var days: [Int]
  public var schedule: JobSchedule
  /// The call's arguments in the wire encoding (a tuple).
  public var arguments: [UInt8]

  public init(_ a: CallArguments) throws(ScriptError) {
    jobId = try a.text(0, "jobId")
    guard JobService.isValidID(jobId) else { throw ScriptError(JobMessages.badJobId(jobId)) }
    let desc = a.has(1) ? try a.text(1, "jobDesc") : ""
    guard case .function(let f) = a[2] else { throw ScriptError(JobMessages.notAFunction(a[2].typeString)) }
    call = try JobBuiltins.ship(f, [])
    jobDesc = desc.isEmpty ? call.name : desc
    times = try ScheduleBuiltins.integers(a[3], .minute, "scheduleTime", "MINUTE").map(Int.init)
    let start = try ScheduleBuiltins.integers(a[4], .date, "startDate", "DATE")
    let end = try ScheduleBuiltins.integers(a[5], .date, "endDate", "DATE")
    guard start.count == 1, end.count == 1 else { throw ScriptError(JobMessages.oneDate()) }
    let given: String
    switch a[6] {
    case .int(let c, .char): given = String(UnicodeScalar(UInt8(clamping: c)))
    case .string(let text, _): given = text
    default: throw ScriptError(JobMessages.badFrequency(a[6].typeString))
    }
    guard let frequency = JobSchedule.Frequency(rawValue: given) else {
      throw ScriptError(JobMessages.badFrequency(a[6].type == .char ? "'\(given)'" : "\"\(given)\""))
    }
    days = a.has(7) ? try ScheduleBuiltins.integers(a[7], .int, "days", "INT").map(Int.init) : []
    schedule = try JobSchedule(
      times: times, startDay: Int(start[0]), endDay: Int(end[0]), frequency: frequency, days: days)
    guard let bytes = try? ValueCodec.encode(.tuple(call.arguments)) else {
      throw ScriptError(JobMessages.argumentsNotData())
    }
    arguments = bytes
  }
}
