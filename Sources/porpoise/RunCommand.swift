import ArgumentParser
import ScriptSession

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a .dos script as a batch job.",
    discussion: """
      The whole file is parsed first: a syntax error anywhere runs nothing. The run stops at the \
      first error. Exit codes: 0 ok, 64 usage, 65 syntax error, 70 runtime error, 74 unreadable file.
      """)

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @ArgumentParser.Argument(help: "The script to run.")
  var file: String

  @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments the script reads with args().")
  var arguments: [String] = []

  mutating func run() throws {
    try RunCommand.execute(options: options, file: file, arguments: arguments)
  }

  /// What `run` does, callable without the argument parser (see main.swift).
  static func execute(options: ScriptOptions, file: String, arguments: [String]) throws {
    let status = runOnLargeStack {
      let stdout = StandardOutputSink()
      defer { stdout.flush() }
      guard acceptLicense(StandardErrorSink(flushing: stdout)) else { return ExitCode.config.rawValue }
      let session = makeSession(options, stdout: stdout)
      return runBatch(session, file: file, arguments: arguments, printResults: false).rawValue
    }
    finishEmbeddedJobs()
    throw ExitCodeError(status)
  }
}
