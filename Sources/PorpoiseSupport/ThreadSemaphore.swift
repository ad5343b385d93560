#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A counting semaphore over a POSIX one, for plain threads that wait (workers, the shell
/// waiting for a reply, a node's main thread).
public final class ThreadSemaphore: @unchecked Sendable {
  // @unchecked: sem_t is used only through the thread-safe sem_* calls.
  private let sem = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
  public init(_ value: UInt32 = 0) { sem_init(sem, 0, value) }
  deinit {
    sem_destroy(sem)
    sem.deallocate()
  }
  public func signal() { sem_post(sem) }
  public func wait() { while sem_wait(sem) != 0 && errno == EINTR {} }
  /// Waits at most `seconds`; false on timeout.
  public func wait(seconds: Double) -> Bool {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + seconds
    var deadline = timespec(tv_sec: Int(total), tv_nsec: Int((total - total.rounded(.down)) * 1e9))
    while true {
      if sem_timedwait(sem, &deadline) == 0 { return true }
      if errno != EINTR { return false }
    }
  }
}
