import PorpoiseSupport

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Runs `body` on the process's script thread (a 1 GiB stack), so deep script recursion ends
/// in the interpreter's own `stack overflow` error rather than a crash.
func runOnLargeStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
  LargeStack.run(stackBytes: LargeStack.processStackBytes, whileWaiting: blockTerminalSignals, body)
}

/// Ctrl-C should reach the interpreter thread, which may be blocked reading the terminal;
/// SIGTERM too: a node waits for it there with sigwait, a batch job dies of it there.
private func blockTerminalSignals() {
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  sigaddset(&set, SIGTERM)
  sigaddset(&set, SIGHUP)
  pthread_sigmask(SIG_BLOCK, &set, nil)
}
