import PorpoiseSupport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One thread with a large stack that runs jobs in order: a connection's scripts (and a web
/// session's) run here, so deep recursion ends in the interpreter's `stack overflow` error,
/// and a long script never holds an event loop.
public final class ScriptWorker: Sendable {
  private struct State {
    var jobs: [@Sendable () -> Void] = []
    var stopped = false
    /// The thread has ended: nothing queued now would ever run.
    var ended = false
  }
  private let state = Mutex(State())
  private let signal = ThreadSemaphore()

  /// Starts the thread; `stackBytes` is reserved, not committed.
  public init?(stackBytes: Int = LargeStack.sessionStackBytes) {
    guard LargeStack.start(stackBytes: stackBytes, { [self] in loop() }) else { return nil }
  }

  /// Queues a job; false (and the job dropped) once the thread has ended.
  @discardableResult
  public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
    let queued = state.withLock { s -> Bool in
      guard !s.ended else { return false }
      s.jobs.append(job)
      return true
    }
    if queued { signal.signal() }
    return queued
  }

  /// Lets the thread end after the jobs already queued, or at once with `droppingQueued`.
  public func stop(droppingQueued: Bool = false) {
    state.withLock { s in
      if droppingQueued { s.jobs.removeAll() }
      s.stopped = true
    }
    signal.signal()
  }

  private func loop() {
    while true {
      signal.wait()
      // A job queued before the stop still runs; the end and the check are one step, so a
      // job is either run or refused, never left behind.
      let next = state.withLock { s -> (@Sendable () -> Void)?? in
        if !s.jobs.isEmpty { return .some(s.jobs.removeFirst()) }
        if s.stopped {
          s.ended = true
          return .none
        }
        return .some(nil)
      }
      switch next {
      case .none: return
      case .some(let job?): job()
      case .some(nil): continue
      }
    }
  }
}
