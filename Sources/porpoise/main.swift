import ArgumentParser

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

let (dolphin, rest) = DolphinArguments.extract(Array(CommandLine.arguments.dropFirst()))
do {
  ShellCommand.parameters = dolphin
  // The commonest starts (the shell, a piped script, `-e CODE`, `run FILE`) skip the argument parser: its
  // reflection costs milliseconds, which scripts calling `porpoise -e` in loops pay each time.
  if rest.isEmpty {
    try ShellCommand.execute(options: ScriptOptions(), code: nil, zk: nil)
  } else if rest.count == 2 && rest[0] == "-e" {
    try ShellCommand.execute(options: ScriptOptions(), code: rest[1], zk: nil)
  } else if rest.count >= 2 && rest[0] == "run" && !rest[1].hasPrefix("-") {
    // `run FILE [ARGS...]`: every word after the file is the script's (`args()`).
    try RunCommand.execute(options: ScriptOptions(), file: rest[1], arguments: Array(rest.dropFirst(2)))
  } else {
    var command = try Porpoise.parseAsRoot(rest)
    try command.run()
  }
  exit(0)
} catch let e as ExitCodeError {
  exit(e.status)
} catch {
  Porpoise.exit(withError: error)
}
