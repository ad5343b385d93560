/// What the job functions say when something is wrong.
enum JobMessages {
  static func badJobId(_ id: String) -> String {
    "jobId '\(id)' must be 1 to 100 letters, digits, '_', '-' or '.' (it names the job's files)"
  }
  static func noSuchJob(_ id: String) -> String { "there is no job '\(id)' on this node" }
  static func notComplete(_ id: String) -> String {
    "the job [\(id)] is not complete yet; getJobReturn(\"\(id)\", true) waits for it"
  }
  static func noSession(_ id: Int) -> String { "there is no session \(id) on this node that you may close" }
  static func cancelled(by user: String) -> String { "The job was cancelled by \(user)." }
  static func nodeStopped() -> String { "the node stopped while the job was queued or running" }
  static func noResultKept(_ reason: String) -> String { "the job's result was not kept: \(reason)" }
  static func resultUnreadable(_ id: String, _ reason: String) -> String {
    "the result of job [\(id)] cannot be read: \(reason)"
  }
  static func priority(_ p: Int) -> String { "priority must be 0 to 9, not \(p)" }
  static func parallelism(_ p: Int) -> String { "parallelism must be 1 to 64, not \(p)" }
  static func notAFunction(_ type: String) -> String { "jobDef must be a function, not \(type)" }
  static func cannotStart() -> String { "cannot start a batch job worker thread" }
  static func cannotWrite(_ path: String, _ reason: String) -> String { "cannot write '\(path)': \(reason)" }
  static func topMustBePositive(_ n: Int) -> String { "the number of jobs must be positive, not \(n)" }
}

extension JobMessages {
  static func cannotShip(_ name: String) -> String {
    "\(name) cannot run as a job; wrap it in a function (def() { ... })"
  }
  static func cannotDefine(_ name: String) -> String { "cannot define the job's function '\(name)' in its session" }
  static func jobIdsNotStrings(_ function: String, _ type: String) -> String {
    "\(function) takes a STRING job id or vector of them, not \(type)"
  }
}

extension JobMessages {
  static func scheduleNeedsTime() -> String { "scheduleTime must hold at least one MINUTE" }
  static func badScheduleTime(_ t: Int) -> String { "scheduleTime \(t) is not a minute of the day (0 to 1439)" }
  static func endBeforeStart() -> String { "endDate is before startDate" }
  static func scheduleNeedsDays(_ f: String) -> String { "frequency '\(f)' needs days" }
  static func badScheduleDay(_ d: Int, _ f: String, _ range: ClosedRange<Int>) -> String {
    "day \(d) is not one of frequency '\(f)' (\(range.lowerBound) to \(range.upperBound))"
  }
  static func timesAndDaysDiffer(_ t: Int, _ d: Int) -> String {
    "\(t) schedule times and \(d) days: with several of each they pair up, so their counts must be equal"
  }
}

extension JobMessages {
  static func slotsSkipped(_ id: String, _ n: Int, first: Int64, last: Int64) -> String {
    let span = first == last ? JobSchedule.text(first) : JobSchedule.text(first) + " to " + JobSchedule.text(last)
    return
      "scheduled job '\(id)' skipped \(n) slot\(n == 1 ? "" : "s") it could not fire in time (the node was down): \(span)"
  }
  static func slotNotSubmitted(_ id: String, _ reason: String) -> String {
    "scheduled job '\(id)' could not be submitted: \(reason)"
  }
  static func runsElsewhere(_ id: String, pid: String) -> String {
    "job '\(id)' runs in another process sharing this node's batch jobs (pid \(pid)); cancel it there"
  }
  static func noConsoleJob(_ id: String) -> String { "there is no console job '\(id)' running on this node" }
  static func scheduledExists(_ id: String) -> String { "a scheduled job '\(id)' exists already" }
  static func noScheduledJob(_ id: String) -> String { "there is no scheduled job '\(id)' on this node" }
  static func argumentsNotData() -> String {
    "the arguments of a scheduled job must be data (they are kept on disk), not functions or handles"
  }
}

extension JobMessages {
  static func oneDate() -> String { "startDate and endDate must be one DATE each" }
  static func badFrequency(_ type: String) -> String { "frequency must be 'D', 'W' or 'M', not \(type)" }
  static func onCompleteBound() -> String {
    "onComplete must take (jobId, jobDesc, success, result), with nothing bound"
  }
  static func wrongType(_ name: String, _ wanted: String, _ got: String) -> String {
    "\(name) must be \(wanted), not \(got)"
  }
}
