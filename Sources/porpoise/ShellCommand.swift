import ArgumentParser
import PorpoiseSupport
import RemoteNode
import ScriptSession

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

struct ShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell", abstract: "Open the interactive shell (the default).")

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @Option(name: .customShort("e"), help: "Run CODE, print the value of each statement, and exit.")
  var code: String?

  @Option(
    name: .customLong("zk"),
    help: "Find the cluster's nodes in ZooKeeper (HOST:PORT[/root]) and open on its leading controller.")
  var zk: String?

  /// DolphinDB-style `-name value` parameters, taken out of argv before parsing.
  nonisolated(unsafe) static var parameters = DolphinArguments()
  /// `--stdlib`, where the embedded node also finds the calendars a new home starts with.
  nonisolated(unsafe) static var stdlibOption: String?

  mutating func run() throws {
    try ShellCommand.execute(options: options, code: code, zk: zk)
  }

  /// What `run` does, callable without the argument parser (see main.swift).
  static func execute(options: ScriptOptions, code: String?, zk: String?) throws {
    // The node's config file, under its command line (`-config dolphindb.cfg -home data`).
    guard let parameters = loadNodeConfig(ShellCommand.parameters, errors: StandardErrorSink(flushing: nil)) else {
      throw ExitCodeError(ScriptSession.ExitCode.config.rawValue)
    }
    ShellCommand.parameters = parameters
    ShellCommand.stdlibOption = options.stdlib
    let status = runOnLargeStack {
      ShellCommand.start(options: options, code: code, parameters: parameters, zk: zk).rawValue
    }
    finishEmbeddedJobs()
    throw ExitCodeError(status)
  }

  static func start(options: ScriptOptions, code: String?, parameters: DolphinArguments, zk: String? = nil)
    -> ScriptSession.ExitCode
  {
    let stdout = StandardOutputSink()
    defer { stdout.flush() }
    // `-run` and `-e` run a job here and exit, whatever mode the config file names.
    if parameters.parameters["mode"] != nil && parameters.parameters["run"] == nil && code == nil {
      return ExitCode(rawValue: NodeCommand.start(options: options, parameters: parameters)) ?? .runtimeError
    }
    // A shell on a node (or a cluster) runs nothing here: the node's own license governs, and
    // a license file lying in the working directory, made for that cluster, is not ours to check.
    let remote = zk != nil || parameters.parameters["remoteHost"] != nil
    if !remote {
      guard acceptLicense(StandardErrorSink(flushing: stdout)) else { return .config }
    }
    let session = makeSession(options, stdout: stdout)
    // What connecting says (the default-password warning) follows the banner in a terminal.
    let said = StringSink()
    let interactive = code == nil && parameters.parameters["run"] == nil && isatty(0) == 1
    if let zk {
      let attached = ClusterShell.attach(session, zk: zk, parameters: parameters, errors: said)
      if !attached || !interactive { session.errors.write(said.text) }
      guard attached else { return .unavailable }
    } else if let host = parameters.parameters["remoteHost"] {
      switch RemoteShell.connect(host: host, parameters: parameters, errors: said) {
      case .success(let forwarder):
        if !interactive { session.errors.write(said.text) }
        session.forwarder = forwarder
      case .failure(let failure):
        session.errors.write(said.text)
        return failure.code
      }
    }
    if let file = parameters.parameters["run"] {
      return runBatch(session, file: file, arguments: [], printResults: false)
    }
    if let code {
      return session.run(text: code, name: "<command line>").exitCode
    }
    if parameters.parameters["console"] == "0" {
      session.errors.write("error: -console 0 without -run or -mode: nothing to do (start a node with -mode single)\n")
      return .usage
    }
    if isatty(0) == 1, let reader = TerminalReader(session: session, stdout: stdout) {
      stdout.write("Porpoise \(PorpoiseVersion.string). Enter '.help' for help, Ctrl-D to leave.\n")
      if let remote = session.forwarder as? RemoteForwarder {
        let c = remote.connection
        stdout.write("Connected to \(c.peerAlias) (\(c.peerMode), porpoise \(c.peerVersion)) at \(c.host):\(c.port).\n")
        if let warning = RemoteShell.licenseWarning(c) { stdout.write("warning: \(warning)\n") }
        stdout.flush()
        session.errors.write(said.text)
      }
      InteractiveLoop(session: session, reader: reader).run()
      return .ok
    }
    // Standard input is a pipe or a file: a script, with dot-commands on lines of their own.
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(0, &buffer, buffer.count)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    return PipedInput.run(
      String(decoding: bytes, as: UTF8.self), name: "<stdin>", in: session, keepGoing: options.keepGoing)
  }
}
