import Synchronization

/// Runs async work from a plain thread (a session's worker, a node's main thread) and waits.
/// Never call it from a task: it blocks the thread it runs on.
public func blockingAwait<T: Sendable, E: Error>(_ body: @escaping @Sendable () async throws(E) -> T) throws(E) -> T {
  let result = Mutex<Result<T, E>?>(nil)
  let done = ThreadSemaphore()
  Task {
    do throws(E) {
      let v = try await body()
      result.withLock { $0 = .success(v) }
    } catch {
      result.withLock { $0 = .failure(error) }
    }
    done.signal()
  }
  while true {
    done.wait()
    if let r = result.withLock({ $0 }) { return try r.get() }
  }
}
