import ArgumentParser

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

let (dolphin, rest) = DolphinArguments.extract(Array(CommandLine.arguments.dropFirst()))
do {
  ShellCommand.parameters = dolphin
  var command = try Porpoise.parseAsRoot(rest)
  try command.run()
  exit(0)
} catch let e as ExitCodeError {
  exit(e.status)
} catch {
  Porpoise.exit(withError: error)
}
