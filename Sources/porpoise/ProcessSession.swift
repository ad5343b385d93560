import AccessControl
import ClusterEngine
import PorpoiseSupport
import ScriptRuntime
import ScriptSession
import Synchronization
import TableStorage

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
  let builder = makeBuilder(options, parameters: parameters, context: context)
  let session = builder.makeSession(output: output, errors: errors)
  session.echo = options.echo
  // Appends here that take more than a second show how far they got, on a terminal.
  if context === standaloneContext, TerminalAppendProgress.wanted(quiet: options.quiet) {
    let stdout = output as? StandardOutputSink
    session.machine.appendProgress = TerminalAppendProgress { stdout?.flush() }
  }
  // The embedded node's scheduled jobs fire while the process lives.
  if context === standaloneContext { context.jobs.scheduler.start() }
  return session
}

/// The session builder of the process's sessions on `context`.
func makeBuilder(_ options: ScriptOptions, parameters: DolphinArguments, context: ClusterContext = standaloneContext)
  -> NodeSessionBuilder
{
  var builder = NodeSessionBuilder(context: context, license: processLicenseState)
  if context === standaloneContext {
    builder.users = standaloneUsers(nodeHome(parameters))
    embeddedNodeUsed.store(true, ordering: .relaxed)
  }
  builder.stdlibDirectory = StdlibLocator.locate(explicit: options.stdlib)
  builder.moduleDirectories = StdlibLocator.modulePath
  // Columns kept between queries: a quarter of maxMemSize when it is set, and of the new one
  // when setMaxMemSize changes it.
  if let bytes = builder.maxMemoryBytes { StorageEngine.setCacheBudget(bytes: bytes / 4) }
  context.settings.onMaxMemoryChange = { StorageEngine.setCacheBudget(bytes: $0 / 4) }
  return builder
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
  coordination: nil, bundledCalendars: StdlibLocator.calendars(explicit: ShellCommand.stdlibOption))

/// Whether this process ran sessions on the embedded node (whose batch jobs it then waits for).
let embeddedNodeUsed = Atomic<Bool>(false)

/// Before the process ends: the embedded node's batch jobs still queued or running are waited
/// for, as a shell waits for the jobs it started, and Ctrl-C cancels them. A node process
/// does not wait: its jobs' history says they were stopped.
func finishEmbeddedJobs() {
  guard embeddedNodeUsed.load(ordering: .relaxed) else { return }
  let jobs = standaloneContext.jobs
  let active = jobs.activeCount
  guard active > 0 else { return }
  let errors = StandardErrorSink(flushing: nil)
  errors.write("waiting for \(active) batch job\(active == 1 ? "" : "s") to end (Ctrl-C cancels)\n")
  jobs.waitForAll {
    guard Interrupt.isRequested else { return false }
    Interrupt.clear()
    return true
  }
}

/// Runs a script file as a batch job and returns its exit code.
func runBatch(_ session: Session, file: String, arguments: [String], printResults: Bool) -> ScriptSession.ExitCode {
  session.scriptArguments = arguments
  session.printResults = printResults || session.echo
  guard let outcome = session.runFile(at: file) else { return .ioError }
  return outcome.exitCode
}
