import ScriptRuntime
import WireProtocol

/// A job `scheduleJob` made: what it runs, as whom, when, and the last slot it fired for.
public struct ScheduledJob: Sendable {
  public var jobId: String
  public var jobDesc: String
  public var user: String
  /// `scheduleTime` and `days` as given (what `getScheduledJobs` shows).
  public var times: [Int]
  public var days: [Int]
  public var schedule: JobSchedule
  /// The function's name, its source (empty for a built-in) and its arguments in the wire
  /// encoding (a tuple), as they are written to the schedule's log.
  public var function: String
  public var source: String
  public var arguments: [UInt8]
  /// `onComplete(jobId, jobDesc, success, result)`: name and source, or empty.
  public var onComplete: String
  public var onCompleteSource: String
  /// The minute (since the epoch, local) it was made: slots before it never fire.
  public var created: Int64
  /// The last slot it fired for (or skipped): never fired twice, across restarts too.
  public var lastSlot: Int64?

  /// The slot after which the next one is due.
  var since: Int64 { lastSlot ?? created }
}

/// The schedule's log under `<home>/sysmgmt/`: one record a change (a job made, deleted, a
/// slot fired or skipped), each as its length, its checksum and its bytes, appended and
/// fsynced. A torn or damaged record ends the reading: what follows it is not trusted.
enum ScheduleRecord {
  case add(ScheduledJob)
  case delete(String)
  case slot(String, Int64)

  func encode() -> [UInt8] {
    var w = ByteWriter()
    switch self {
    case .add(let j):
      w.u8(1)
      for s in [j.jobId, j.jobDesc, j.user, j.function, j.source, j.onComplete, j.onCompleteSource] { w.string(s) }
      w.string(j.schedule.frequency.rawValue)
      w.i64(Int64(j.schedule.startDay))
      w.i64(Int64(j.schedule.endDay))
      w.array(j.times.map(Int64.init))
      w.array(j.days.map(Int64.init))
      w.i64(j.created)
      w.array(j.arguments)
    case .delete(let id):
      w.u8(2)
      w.string(id)
    case .slot(let id, let at):
      w.u8(3)
      w.string(id)
      w.i64(at)
    }
    return w.bytes
  }

  static func decode(_ bytes: [UInt8]) -> ScheduleRecord? {
    var r = ByteReader(bytes)
    do throws(WireError) {
      switch try r.u8() {
      case 1:
        var s: [String] = []
        for _ in 0..<7 { s.append(try r.string()) }
        guard let frequency = JobSchedule.Frequency(rawValue: try r.string()) else { return nil }
        let (start, end) = (Int(try r.i64()), Int(try r.i64()))
        let times = try r.array(Int64.self, "times").map { Int($0) }
        let days = try r.array(Int64.self, "days").map { Int($0) }
        let created = try r.i64()
        let arguments = try r.array(UInt8.self, "arguments")
        guard
          let schedule = try? JobSchedule(
            times: times, startDay: start, endDay: end, frequency: frequency, days: days)
        else { return nil }
        return .add(
          ScheduledJob(
            jobId: s[0], jobDesc: s[1], user: s[2], times: times, days: days, schedule: schedule, function: s[3],
            source: s[4], arguments: arguments, onComplete: s[5], onCompleteSource: s[6], created: created,
            lastSlot: nil))
      case 2: return .delete(try r.string())
      case 3: return .slot(try r.string(), try r.i64())
      default: return nil
      }
    } catch {
      return nil
    }
  }
}
