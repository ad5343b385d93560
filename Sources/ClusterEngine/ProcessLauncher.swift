/// A node process as its agent sees it: started by this agent or adopted from an earlier one.
protocol SupervisedProcess: AnyObject, Sendable {
  var pid: Int32 { get }
  /// The kernel's start time of the process, which tells it from a later one with its pid.
  var startTime: UInt64 { get }
  func signal(_ sig: Int32)
}

/// How an agent starts node processes and takes over those an earlier agent left running.
/// `onExit` is called once, from any thread, with how the process ended (`exit N`, `signal N`).
protocol ProcessLauncher: Sendable {
  func spawn(_ argv: [String], output: String, secret: String?, onExit: @escaping @Sendable (String) -> Void)
    throws(ClusterError) -> any SupervisedProcess
  func adopt(pid: Int32, startTime: UInt64, onExit: @escaping @Sendable (String) -> Void) -> (any SupervisedProcess)?
}

/// Real processes: posix_spawn, and /proc for adopted ones.
struct SystemProcessLauncher: ProcessLauncher {
  func spawn(_ argv: [String], output: String, secret: String?, onExit: @escaping @Sendable (String) -> Void)
    throws(ClusterError) -> any SupervisedProcess
  {
    try ChildProcess.spawn(argv, output: output, secret: secret, onExit: onExit)
  }

  func adopt(pid: Int32, startTime: UInt64, onExit: @escaping @Sendable (String) -> Void) -> (any SupervisedProcess)? {
    ChildProcess.adopt(pid: pid, startTime: startTime, onExit: onExit)
  }
}
