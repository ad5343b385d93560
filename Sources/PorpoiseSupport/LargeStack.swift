#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Threads with a large stack (reserved, not committed), where scripts run: deep recursion
/// then ends in the interpreter's own `stack overflow` error rather than a crash. The shell,
/// a node's connections, the golden tests and the fuzzer all run scripts on one.
public enum LargeStack {
  /// The stack of the shell's and the batch runner's script thread.
  public static let processStackBytes = 1 << 30
  /// The stack of each connection's script thread on a node (many may run at once).
  public static let sessionStackBytes = 256 << 20

  /// Starts `body` on a new detached thread; false when no thread could be made.
  public static func start(stackBytes: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box: Sendable {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    let rc = pthread_create(
      &thread, &attributes,
      { raw in
        guard let raw else { return nil }
        Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
        return nil
      }, context)
    guard rc == 0 else {
      Unmanaged<Box>.fromOpaque(context).release()
      return false
    }
    return true
  }

  /// Runs `body` on a new thread and waits for its result. `whileWaiting` runs on the calling
  /// thread once the new one has started (the shell blocks signals there, so they reach the
  /// script's thread). Without a thread, `body` runs here.
  ///
  /// `body` need not be `Sendable`: the caller is blocked until it returns, so what it captures
  /// is never used by two threads at once.
  public static func run<T>(stackBytes: Int, whileWaiting: () -> Void = {}, _ body: @escaping () -> T) -> T {
    let handoff = Handoff(body)
    let started = start(stackBytes: stackBytes) {
      handoff.value = handoff.body()
      handoff.done.signal()
    }
    guard started else { return body() }
    whileWaiting()
    handoff.done.wait()
    return handoff.value!
  }
}

/// A body and its result, passed between a waiting caller and the thread that runs the body.
private final class Handoff<T>: @unchecked Sendable {
  // Read and written by one thread at a time: the caller waits on `done` in between.
  let body: () -> T
  var value: T?
  let done = ThreadSemaphore()
  init(_ body: @escaping () -> T) { self.body = body }
}
