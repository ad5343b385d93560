import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One thread with a large stack that runs jobs in order: a connection's scripts run here, so
/// deep recursion ends in the interpreter's `stack overflow` error, and a long script never
/// holds an event loop.
final class ScriptWorker: Sendable {
  private let jobs = Mutex<[@Sendable () -> Void]>([])
  private let stopped = Atomic<Bool>(false)
  private let signal = ThreadSemaphore()

  /// Starts the thread; `stackBytes` is reserved, not committed.
  init?(stackBytes: Int = 256 << 20) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    var thread = pthread_t()
    let context = Unmanaged.passRetained(self).toOpaque()
    let rc = pthread_create(
      &thread, &attributes,
      { raw in
        guard let raw else { return nil }
        Unmanaged<ScriptWorker>.fromOpaque(raw).takeRetainedValue().loop()
        return nil
      }, context)
    guard rc == 0 else {
      Unmanaged<ScriptWorker>.fromOpaque(context).release()
      return nil
    }
    pthread_detach(thread)
  }

  /// Queues a job.
  func submit(_ job: @escaping @Sendable () -> Void) {
    jobs.withLock { $0.append(job) }
    signal.signal()
  }

  /// Lets the thread end after the jobs already queued, or at once with `droppingQueued`.
  func stop(droppingQueued: Bool = false) {
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
