import AccessControl
import ArgumentParser
import ClusterConfig
import ClusterEngine
import Licensing
import RemoteNode
import ScriptBuiltins
import ScriptRuntime
import ScriptSession
import TableStorage

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

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
    subcommands: [ShellCommand.self, RunCommand.self, ConfigCommand.self, ConnectCommand.self, LicenseCommand.self],
    defaultSubcommand: ShellCommand.self
  )
}

/// Options both modes share.
struct ScriptOptions: ParsableArguments {
  @Option(name: .customLong("stdlib"), help: "The folder of the standard modules (default: found next to the binary).")
  var stdlib: String?

  @Flag(name: .customLong("echo"), help: "Echo each statement with the shell's prompts and print its value.")
  var echo = false
}

/// Builds a session wired to the process's standard streams, with the storage engine of the
/// node's home folder (`-home`, `PORPOISE_HOME`, or `./porpoise-data`).
func makeSession(
  _ options: ScriptOptions, stdout: StandardOutputSink, parameters: DolphinArguments = ShellCommand.parameters
)
  -> Session
{
  makeSession(options, output: stdout, errors: StandardErrorSink(flushing: stdout), parameters: parameters)
}

/// A session writing to the given sinks (a node's connection sends them to its client), made
/// by the one session builder; the executable adds only where the modules are and `--echo`.
func makeSession(
  _ options: ScriptOptions, output: OutputSink, errors: OutputSink, parameters: DolphinArguments,
  context: ClusterContext = standaloneContext
) -> Session {
  var builder = NodeSessionBuilder(context: context, license: processLicenseState)
  if context === standaloneContext { builder.users = standaloneUsers(nodeHome(parameters)) }
  builder.stdlibDirectory = StdlibLocator.locate(explicit: options.stdlib)
  builder.moduleDirectories = StdlibLocator.modulePath
  // Columns kept between queries: a quarter of maxMemSize when it is set.
  if let bytes = builder.maxMemoryBytes { StorageEngine.setCacheBudget(bytes: bytes / 4) }
  let session = builder.makeSession(output: output, errors: errors)
  session.echo = options.echo
  return session
}

/// The node's home folder: `-home`, `PORPOISE_HOME`, or `./porpoise-data`.
func nodeHome(_ parameters: DolphinArguments) -> String {
  parameters.parameters["home"] ?? FileAccess.environment("PORPOISE_HOME") ?? "porpoise-data"
}

/// The users of the embedded node, in its home folder (`-home` may differ from the default).
func standaloneUsers(_ home: String) -> UserService {
  home == standaloneContext.launch.home
    ? standaloneContext.users
    : UserService(store: FileUserStore(home: home), enhancedPasswords: standaloneContext.users.enhancedPasswords)
}

/// The embedded node the shell and batch jobs run on when no node is named: cluster
/// built-ins answer for one node of mode 3.
let standaloneContext = ClusterContext(
  launch: NodeLaunch(
    mode: .single, site: NodeCommand.defaultSingleSite, parameters: ShellCommand.parameters.parameters,
    home: nodeHome(ShellCommand.parameters), version: PorpoiseVersion.string),
  coordination: nil)

/// The license this process runs under: `-license`, else `porpoise.lic`/`dolphindb.lic` next
/// to the binary or in the working folder, else the built-in free license.
let processLicense: Result<LoadedLicense, LicenseError> = {
  let p = ShellCommand.parameters.parameters
  return LicenseLoader.load(explicit: p["license"], publicKey: p["licensePublicKey"], searching: licenseFolders)
}()

/// The running license, which `updateLicense()` may replace.
let processLicenseState = LicenseState(
  (try? processLicense.get()) ?? .free, publicKey: ShellCommand.parameters.parameters["licensePublicKey"],
  searching: licenseFolders)

/// Where a license file is looked for: next to the binary, then the working folder.
var licenseFolders: [String] { [FileAccess.directory(of: NodeCommand.executablePath()), ""] }

/// Says what is wrong with the license, if anything; false when the process must not run.
func acceptLicense(_ errors: OutputSink, log: ((String) -> Void)? = nil) -> Bool {
  switch processLicense {
  case .failure(let e):
    errors.write("error: \(e.message)\n")
    log?(e.message)
    return false
  case .success(let loaded):
    switch loaded.verdict {
    case .valid: return true
    case .grace(let days):
      let text =
        "the license \(loaded.path ?? "") expired on \(loaded.license.expiration); \(days) days left before nodes refuse to start"
      errors.write("warning: \(text)\n")
      return true
    case .refused(let why):
      errors.write("error: \(why)\n")
      log?(why)
      return false
    }
  }
}

/// Runs a script file as a batch job and returns its exit code.
func runBatch(_ session: Session, file: String, arguments: [String], printResults: Bool) -> ScriptSession.ExitCode {
  session.scriptArguments = arguments
  session.printResults = printResults || session.echo
  guard let outcome = session.runFile(at: file) else { return .ioError }
  return outcome.exitCode
}

struct ShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shell", abstract: "Open the interactive shell (the default).")

  @OptionGroup var options: ScriptOptions

  @Option(name: .customShort("e"), help: "Run CODE, print the value of each statement, and exit.")
  var code: String?

  @Option(
    name: .customLong("zk"),
    help: "Find the cluster's nodes in ZooKeeper (HOST:PORT[/root]) and open on its leading controller.")
  var zk: String?

  /// DolphinDB-style `-name value` parameters, taken out of argv before parsing.
  nonisolated(unsafe) static var parameters = DolphinArguments()

  mutating func run() throws {
    let options = self.options
    let code = self.code
    let zk = self.zk
    // The node's config file, under its command line (`-config dolphindb.cfg -home data`).
    guard let parameters = loadNodeConfig(ShellCommand.parameters, errors: StandardErrorSink(flushing: nil)) else {
      throw ExitCodeError(ScriptSession.ExitCode.config.rawValue)
    }
    ShellCommand.parameters = parameters
    let status = runOnLargeStack {
      ShellCommand.start(options: options, code: code, parameters: parameters, zk: zk).rawValue
    }
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
    return PipedInput.run(String(decoding: bytes, as: UTF8.self), name: "<stdin>", in: session)
  }
}

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a .dos script as a batch job.",
    discussion: """
      The whole file is parsed first: a syntax error anywhere runs nothing. The run stops at the \
      first error. Exit codes: 0 ok, 64 usage, 65 syntax error, 70 runtime error, 74 unreadable file.
      """)

  @OptionGroup var options: ScriptOptions

  @ArgumentParser.Argument(help: "The script to run.")
  var file: String

  @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments the script reads with args().")
  var arguments: [String] = []

  mutating func run() throws {
    let options = self.options
    let file = self.file
    let arguments = self.arguments
    let status = runOnLargeStack {
      let stdout = StandardOutputSink()
      defer { stdout.flush() }
      guard acceptLicense(StandardErrorSink(flushing: stdout)) else { return ExitCode.config.rawValue }
      let session = makeSession(options, stdout: stdout)
      return runBatch(session, file: file, arguments: arguments, printResults: false).rawValue
    }
    throw ExitCodeError(status)
  }
}

/// Carries a process exit status out of `run()`.
struct ExitCodeError: Error {
  let status: Int32
  init(_ status: Int32) { self.status = status }
}
