import Synchronization

@testable import ClusterEngine

/// Node processes that exist only as records: what was started with which arguments, and which
/// signals each was sent. Exits are the test's to make (`Supervisor.exited`).
final class FakeLauncher: ProcessLauncher {
  final class Process: SupervisedProcess {
    let pid: Int32
    let startTime: UInt64
    let argv: [String]
    private let sent = Mutex<[Int32]>([])

    init(pid: Int32, argv: [String]) {
      self.pid = pid
      self.startTime = UInt64(pid)
      self.argv = argv
    }

    var signals: [Int32] { sent.withLock { $0 } }
    func signal(_ sig: Int32) { sent.withLock { $0.append(sig) } }
  }

  private let started = Mutex<[Process]>([])
  private let nextPid = Atomic<Int32>(40_000)
  /// When set, a spawn fails with this message.
  let failure = Mutex<String?>(nil)

  /// Every process started, in order.
  var processes: [Process] { started.withLock { $0 } }

  /// The processes started for one alias (its `-localSite` ends with it).
  func runs(of alias: String) -> [Process] {
    processes.filter { p in p.argv.contains { $0.hasSuffix(":\(alias)") } }
  }

  func spawn(_ argv: [String], output: String, secret: String?, onExit: @escaping @Sendable (String) -> Void)
    throws(ClusterError) -> any SupervisedProcess
  {
    if let message = failure.withLock({ $0 }) { throw ClusterError(message) }
    let p = Process(pid: nextPid.add(1, ordering: .relaxed).newValue, argv: argv)
    started.withLock { $0.append(p) }
    return p
  }

  func adopt(pid: Int32, startTime: UInt64, onExit: @escaping @Sendable (String) -> Void) -> (any SupervisedProcess)? {
    processes.first { $0.pid == pid && $0.startTime == startTime }
  }
}
