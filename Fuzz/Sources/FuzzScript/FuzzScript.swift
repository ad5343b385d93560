import Foundation
import PorpoiseSupport
import ScriptRuntime
import ScriptSession

/// One fuzz input: a script, parsed, compiled and run in a fresh session of the embedded
/// node's language (files and sizes as a guest's would be). A crash or a trap is a finding;
/// errors are what the input deserves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  // On a thread with the stack the shell's and a node's script threads have: deep recursion
  // must end in the interpreter's `stack overflow` error, as it does there.
  LargeStack.run(stackBytes: LargeStack.sessionStackBytes) { runScript(text) }
  return 0
}

func runScript(_ text: String) {
  let session = Session(output: StringSink(), errors: StringSink())
  // Small enough that the fuzzer's memory limit never stands for the node's.
  session.machine.maxMemoryBytes = 64 << 20
  // A script that runs on (a loop, a sleep) is stopped as a Ctrl-C would stop it.
  let stop = session.machine.interruption
  let done = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    if done.wait(timeout: .now() + .milliseconds(300)) == .timedOut { stop.request() }
  }
  _ = session.run(text: text, name: "<fuzz>")
  done.signal()
}
