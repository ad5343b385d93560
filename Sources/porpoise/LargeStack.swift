#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Runs `body` on a thread with a 1 GiB stack (reserved, not committed), so deep script
/// recursion ends in the interpreter's own `stack overflow` error rather than a crash.
func runOnLargeStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
  final class Box: @unchecked Sendable {
    let body: @Sendable () -> Int32
    var result: Int32 = 0
    init(_ body: @escaping @Sendable () -> Int32) { self.body = body }
  }
  let box = Box(body)
  var attributes = pthread_attr_t()
  pthread_attr_init(&attributes)
  pthread_attr_setstacksize(&attributes, 1 << 30)
  var thread = pthread_t()
  let context = Unmanaged.passRetained(box).toOpaque()
  let rc = pthread_create(
    &thread, &attributes,
    { raw in
      guard let raw else { return nil }
      let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
      box.result = box.body()
      return nil
    }, context)
  pthread_attr_destroy(&attributes)
  guard rc == 0 else {
    Unmanaged<Box>.fromOpaque(context).release()
    return body()
  }
  // Ctrl-C should reach the interpreter thread, which may be blocked reading the terminal;
  // SIGTERM too: a node waits for it there with sigwait, a batch job dies of it there.
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  sigaddset(&set, SIGTERM)
  sigaddset(&set, SIGHUP)
  pthread_sigmask(SIG_BLOCK, &set, nil)
  pthread_join(thread, nil)
  return box.result
}
