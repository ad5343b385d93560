import ArgumentParser
import PorpoiseSupport

/// `porpoise`: the shell, the batch runner and (later) the cluster engine.
struct Porpoise: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "porpoise",
    abstract: "An admin shell and job runner for DolphinDB-style .dos scripts.",
    discussion: """
      With no subcommand, porpoise opens the interactive shell when standard input is a \
      terminal, and runs the script it reads otherwise. DolphinDB-style parameters such as \
      `-run job.dos` are accepted too.
      """,
    version: PorpoiseVersion.string,
    subcommands: [
      ShellCommand.self, RunCommand.self, SubmitCommand.self, JobsCommand.self, JobCommand.self, ConfigCommand.self,
      ConnectCommand.self, LicenseCommand.self,
    ],
    defaultSubcommand: ShellCommand.self
  )
}

/// Options the shell, the runner and the job commands share, as plain values (a start that
/// skips the argument parser makes them without it).
struct ScriptOptions {
  var stdlib: String?
  var echo = false
  var quiet = false
  var keepGoing = false
}

/// The command-line form of `ScriptOptions`.
struct ScriptOptionArguments: ParsableArguments {
  @Option(name: .customLong("stdlib"), help: "The folder of the standard modules (default: found next to the binary).")
  var stdlib: String?

  @Flag(name: .customLong("echo"), help: "Echo each statement with the shell's prompts and print its value.")
  var echo = false

  @Flag(
    name: .shortAndLong,
    help: "Show no progress of long appends (shown on a terminal otherwise, unless NO_COLOR is set).")
  var quiet = false

  @Flag(
    name: .customLong("keep-going"),
    help:
      "With piped input split by dot-commands: after a piece fails, run the next (the exit status is the first failure's)."
  )
  var keepGoing = false

  var options: ScriptOptions { ScriptOptions(stdlib: stdlib, echo: echo, quiet: quiet, keepGoing: keepGoing) }
}

/// Carries a process exit status out of `run()`.
struct ExitCodeError: Error {
  let status: Int32
  init(_ status: Int32) { self.status = status }
}
