import Foundation
import TestSupport
import Testing

/// Ctrl-C in the embedded shell stops the interpreter's counting loops (which now run in a
/// loop of their own, writing the variable's slot in place) at the top level and inside a
/// function, and the session goes on with what the loop had done.
@Suite struct LoopInterruptTests {
  @Test func ctrlCStopsACountingLoopAtTheTopLevelAndInAFunction() throws {
    let dir = temporaryDirectory("porpoise-loop-ctrlc")
    let shell = try TerminalShell("env PORPOISE_HOME='\(dir)/home' '\(porpoiseBinary)'", home: dir)
    defer { shell.process.stop() }
    func interruptions() -> Int { shell.output.components(separatedBy: "error: interrupted").count - 1 }
    #expect(shell.type("s = 0"))
    // Two billion passes: minutes, unless Ctrl-C stops it.
    #expect(shell.type("for (i in 0:2000000000) s += 1"))
    usleep(800_000)
    shell.press("\u{03}")
    #expect(waitUntil(10) { interruptions() == 1 }, "\(shell.output)")
    #expect(shell.type("def f() { t = 0; for (i in 0:2000000000) t += i * 2; return t }"))
    #expect(shell.type("f()"))
    usleep(800_000)
    shell.press("\u{03}")
    #expect(waitUntil(10) { interruptions() == 2 }, "\(shell.output)")
    // The session goes on, with the top-level loop's work kept.
    #expect(shell.type("s > 1000 and s < 2000000000"))
    #expect(waitUntil(10) { shell.output.contains("\ntrue") }, "\(shell.output)")
    shell.close()
  }
}
