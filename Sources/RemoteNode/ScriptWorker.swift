import PorpoiseSupport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One thread with a large stack that runs jobs in order: a connection's scripts run here, so
/// deep recursion ends in the interpreter's `stack overflow` error, and a long script never
/// holds an event loop.
public final class ScriptWorker: Sendable {
  private let jobs = Mutex<[@Sendable () -> Void]>([])
  private let stopped = Atomic<Bool>(false)
  private let signal = ThreadSemaphore()

  /// Starts the thread; `stackBytes` is reserved, not committed.
  public init?(stackBytes: Int = LargeStack.sessionStackBytes) {
    guard LargeStack.start(stackBytes: stackBytes, { [self] in loop() }) else { return nil }
  }

  /// Queues a job.
  public func submit(_ job: @escaping @Sendable () -> Void) {
    jobs.withLock { $0.append(job) }
    signal.signal()
  }

  /// Lets the thread end after the jobs already queued, or at once with `droppingQueued`.
  public func stop(droppingQueued: Bool = false) {
    if droppingQueued { jobs.withLock { $0.removeAll() } }
    stopped.store(true, ordering: .releasing)
    signal.signal()
  }

  private func loop() {
    while true {
      signal.wait()
      let next = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
      if let next {
        next()
      } else if stopped.load(ordering: .acquiring) {
        return
      }
    }
  }
}
