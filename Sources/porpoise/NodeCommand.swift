import AccessControl
import ClusterConfig
import ClusterEngine
import Coordination
import Logging
import PorpoiseSupport
import RemoteNode
import ScriptBuiltins
import ScriptSession

#if canImport(Glibc)
  import Glibc
#endif

/// The node's init script (`-script dolphindb.dos`, or the `init` parameter): run in every new
/// session before its first request, so the functions it defines are there for every user.
/// A name that is not found (as given, then in the home folder) runs nothing.
struct InitScript: Sendable {
  let path: String
  let text: String

  static func find(_ p: [String: String], home: String) -> InitScript? {
    guard let name = p["init"] ?? p["script"] else { return nil }
    for path in name.hasPrefix("/") ? [name] : [name, "\(home)/\(name)"] {
      if let text = FileAccess.read(path) { return InitScript(path: path, text: text) }
    }
    return nil
  }

  @discardableResult
  func run(in session: Session) -> Bool {
    let saved = session.printResults
    session.printResults = false
    defer { session.printResults = saved }
    return session.run(text: text, name: path, directory: FileAccess.directory(of: path)) == .ok
  }
}

/// `porpoise -mode MODE ...`: this process becomes a node and serves scripts on its port.
enum NodeCommand {
  /// The standalone node's address when no `localSite` is given, as DolphinDB's.
  static let defaultSingleSite = Site(host: "localhost", port: 8848, alias: "local8848")

  /// Whether the node also opens a shell on this terminal (`-console 1`, the default).
  static func isInteractive(_ p: [String: String]) -> Bool { p["console"] != "0" && isatty(0) == 1 }

  static func start(options: ScriptOptions, parameters: DolphinArguments) -> Int32 {
    let errors = StandardErrorSink(flushing: nil)
    var p = parameters.parameters
    guard let modeName = p["mode"], let mode = NodeMode(name: modeName) else {
      errors.write(
        "error: -mode \(p["mode"] ?? ""): not a node mode (single, controller, agent, datanode, computenode)\n")
      return ExitCode.usage.rawValue
    }
    let site: Site
    if let text = p["localSite"] {
      switch Site.parse(text) {
      case .success(let s): site = s
      case .failure(let e):
        errors.write("error: localSite: \(e.message)\n")
        return ExitCode.config.rawValue
      }
    } else if mode == .single {
      site = defaultSingleSite
    } else {
      errors.write(
        "error: a \(mode.rawValue) needs its localSite (host:port:alias), in its config file or as -localSite\n")
      return ExitCode.config.rawValue
    }
    var coordination: CoordinationSession?
    if mode != .single {
      guard let zk = p["zkConnect"] ?? FileAccess.environment("PORPOISE_ZK") else {
        errors.write(
          "error: a \(mode.rawValue) needs ZooKeeper: add 'zkConnect=HOST:PORT/porpoise/CLUSTER' to \(p["config"] ?? "its config file"), or give -zkConnect, or set PORPOISE_ZK\n"
        )
        return ExitCode.config.rawValue
      }
      guard let address = ZooKeeperAddress(zk) else {
        errors.write("error: zkConnect '\(zk)' is not HOST:PORT[,HOST:PORT...][/root]\n")
        return ExitCode.config.rawValue
      }
      var digest: ZooKeeperDigest?
      if let text = p["zkDigest"] ?? ZooKeeperDigestSource.read() {
        guard let d = ZooKeeperDigest(text) else {
          errors.write("error: zkDigest must be user:password (ZooKeeper's digest scheme)\n")
          return ExitCode.config.rawValue
        }
        digest = d
      }

      coordination = CoordinationSession(
        address: address, sessionTimeoutMillis: Int(p["zkSessionTimeout"] ?? "") ?? 10_000, digest: digest)
    }
    var controllerFiles: ControllerFiles?
    if mode == .controller {
      let files = ClusterFiles.load(p, errors: errors)
      for d in files.diagnostics { errors.write("\(d)\n") }
      if files.unreadable { return ExitCode.ioError.rawValue }
      if files.errorCount > 0 {
        errors.write("\(files.errorCount) error\(files.errorCount == 1 ? "" : "s"): the controller does not start\n")
        return ExitCode.config.rawValue
      }
      let nodesFile = p["nodesFile"] ?? "cluster.nodes"
      controllerFiles = ControllerFiles(
        members: files.layout.nodes.map(PublishedNode.init), nodesFileText: files.nodesFileText,
        clusterFileText: files.clusterFileText, nodesFilePath: p["nodesFile"], controllerConfig: files.controllerConfig,
        clusterConfig: files.clusterConfig,
        nodeCountRefusal: {
          LicenseLimits.nodeCountRefusal($0, file: nodesFile, license: processLicenseState.loaded.license)
        })
    }
    let home = nodeHome(parameters)
    FileAccess.makeDirectory(home)
    let interactive = isInteractive(p)
    // Before the first network thread starts, so every thread inherits the mask and only
    // the node's own sigwait sees SIGTERM.
    NodeRunner.blockShutdownSignals(includingInterrupt: !interactive)
    let target: NodeLogTarget
    do {
      target = try NodeLogTarget(
        file: p["logFile"] ?? "\(home)/\(site.alias).log", stdoutLog: Int(p["stdoutLog"] ?? "0") ?? 0,
        level: NodeLogHandler.level(p["logLevel"]), maxBytes: NodeLogTarget.maxBytes(p["maxLogSize"]))
    } catch {
      errors.write("error: \(error.message)\n")
      return ExitCode.ioError.rawValue
    }
    let logger = Logger(label: site.alias) { _ in NodeLogHandler(target: target) }
    // In grace, the license watch started below says so in the log, with the days left.
    guard acceptLicense(errors, log: { logger.error("\($0)") }) else {
      return ExitCode.config.rawValue
    }
    let loaded = processLicenseState.loaded
    let l = loaded.license
    logger.info(
      loaded.path.map {
        "License \($0): \(l.authorization) for \(l.clientName) until \(l.expiration) (\(l.maxNodes) nodes, \(l.maxCoresPerNode) cores and \(l.maxMemoryPerNode) GB per node)"
      }
        ?? "No license file (porpoise.lic or dolphindb.lic next to the binary or here, or -license): running under the built-in free license (\(l.maxNodes) nodes, \(l.maxCoresPerNode) cores and \(l.maxMemoryPerNode) GB per node)"
    )
    if let files = controllerFiles,
      let why = LicenseLimits.nodeCountRefusal(files.members.count, file: p["nodesFile"] ?? "cluster.nodes", license: l)
    {
      errors.write("error: \(why)\n")
      logger.error("\(why)")
      return ExitCode.config.rawValue
    }
    let memory = LicenseLimits.memory(p["maxMemSize"], license: l)
    if let warning = memory.warning {
      errors.write("warning: \(warning)\n")
      logger.warning("\(warning)")
    }
    p["maxMemSize"] = memory.value
    let cores = LicenseLimits.bind(maxCores: l.maxCoresPerNode)
    if !cores.isEmpty {
      processLicenseState.bindCores = cores
      logger.info(
        "The license allows \(l.maxCoresPerNode) cores per node: bound to cores \(cores.map(String.init).joined(separator: " "))"
      )
    }
    let launch = NodeLaunch(mode: mode, site: site, parameters: p, home: home, version: PorpoiseVersion.string)
    let context = ClusterContext(
      launch: launch, coordination: coordination, bundledCalendars: StdlibLocator.calendars(explicit: options.stdlib))
    context.log = { [logger] in logger.info("\($0)") }
    context.settings.logTarget = target
    context.users.onSecurityEvent = { [logger] in logger.warning("\($0)") }
    // The same clean stop as SIGTERM (which the node's signal thread waits for), a moment after
    // the call: the stop closes every connection, and the caller's reply must go out first.
    if !interactive {
      context.shutdown = {
        Task.detached {
          try? await Task.sleep(for: .milliseconds(500))
          _ = kill(getpid(), SIGTERM)
        }
      }
    }
    LicenseWatcher.start(processLicenseState, logger: logger) {
      // The clean stop; a node with a console has no signal thread waiting, so it just ends.
      if interactive { exit(ExitCode.config.rawValue) }
      _ = kill(getpid(), SIGTERM)
    }
    let initScript = InitScript.find(p, home: home)
    let sessionFactory: SessionFactory = { output, errors, peer in
      let s = makeSession(options, output: output, errors: errors, parameters: parameters, context: context)
      (s.machine.access as? SessionAccess)?.source = peer
      initScript?.run(in: s)
      return s
    }
    if let initScript {
      // Checked once at start: a broken init script stops the node here, not every session.
      let check = StringSink()
      let s = makeSession(options, output: StringSink(), errors: check, parameters: parameters, context: context)
      guard initScript.run(in: s) else {
        errors.write("error: the init script \(initScript.path) failed:\n\(check.text)")
        return ExitCode.config.rawValue
      }
    }
    var console: (() -> Void)?
    if interactive {
      console = {
        let stdout = StandardOutputSink()
        defer { stdout.flush() }
        let session = makeSession(
          options, output: stdout, errors: StandardErrorSink(flushing: stdout), parameters: parameters, context: context
        )
        guard let reader = TerminalReader(session: session, stdout: stdout) else { return }
        stdout.write("Porpoise \(PorpoiseVersion.string) \(mode.rawValue) node \(site) (Ctrl-D stops the node).\n")
        InteractiveLoop(session: session, reader: reader).run()
      }
    }
    let role = NodeRoles.make(context, logger: logger, controllerFiles: controllerFiles, executable: executablePath())
    return NodeRunner.run(
      launch, context: context, logger: logger, makeSession: sessionFactory, role: role, console: console,
      endProcess: { exit($0) })
  }

  /// This binary, which an agent starts its nodes with.
  static func executablePath() -> String { FileAccess.executablePath ?? CommandLine.arguments[0] }
}
