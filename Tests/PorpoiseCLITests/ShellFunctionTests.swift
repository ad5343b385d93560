import Foundation
import TestSupport
import Testing

/// `shell(cmd)`: an administrator's operating-system command, on a node that allows them.
@Suite struct ShellFunctionTests {
  func shell(_ flags: [String], _ script: String) throws -> String {
    let file = temporaryDirectory("porpoise-stdin") + "/in.dos"
    try script.write(toFile: file, atomically: true, encoding: .utf8)
    let argv = [porpoiseBinary, "--keep-going", "-home", temporaryDirectory("porpoise-shellfn")] + flags
    let r = try Spawned.runToEnd(["/bin/sh", "-c", argv.map { "'\($0)'" }.joined(separator: " ") + " < '\(file)'"])
    return r.stdout + r.stderr
  }

  @Test func anAdministratorRunsCommandsWhereTheNodeAllowsThem() throws {
    let dir = temporaryDirectory("porpoise-shellfn")
    let out = try shell(
      ["-enableShellFunction", "true"],
      """
      login("admin", "123456")
      shell("touch '\(dir)/made'")
      shell("exit 3")

      """)
    #expect(FileManager.default.fileExists(atPath: dir + "/made"), "\(out)")
    // system()'s wait status: the exit code times 256.
    #expect(out.contains("0\n768\n"), "\(out)")
  }

  @Test func othersAndNodesWithoutTheParameterAreRefused() throws {
    let dir = temporaryDirectory("porpoise-shellfn")
    let refused = try shell(["-enableShellFunction", "true"], "shell(\"touch '\(dir)/guest'\")\n")
    #expect(refused.contains("to run shell commands"), "\(refused)")
    let off = try shell([], "login(\"admin\", \"123456\")\nshell(\"touch '\(dir)/off'\")\n")
    #expect(off.contains("shell commands are off on this node; set enableShellFunction=true"), "\(off)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/guest"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/off"))
  }
}
