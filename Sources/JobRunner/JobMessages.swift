/// What the job functions say when something is wrong.
enum JobMessages {
  static func badJobId(_ id: String) -> String {
    "jobId '\(id)' must be 1 to 100 letters, digits, '_', '-' or '.' (it names the job's files)"
  }
  static func noSuchJob(_ id: String) -> String { "there is no job '\(id)' on this node" }
  static func notComplete(_ id: String) -> String {
    "the job [\(id)] is not complete yet; getJobReturn(\"\(id)\", true) waits for it"
  }
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
  static func jobIdsNotStrings(_ type: String) -> String {
    "cancelJob takes a STRING job id or vector of them, not \(type)"
  }
}
