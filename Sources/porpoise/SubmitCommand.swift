import ArgumentParser
import Foundation
import JobRunner
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import ScriptSyntax

/// `porpoise submit job.dos`: the script as a batch job, its id printed at once.
struct SubmitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit",
    abstract: "Run a .dos script as a background job and print its id.",
    discussion: """
      On the embedded node (no node named) the job runs in a job host process of its own that \
      outlives the terminal and ends with its jobs; its history is the home folder's \
      (batchJobs/), which `porpoise jobs` and `porpoise job` read. With -remoteHost/-remotePort \
      (and -uid/-pwd), or --zk with --node, it is queued on that node. Exit codes: 0 queued, \
      64 usage, 65 syntax error, 69 node unreachable, 74 unreadable file, 77 login refused.
      """)

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @ArgumentParser.Argument(help: "The script to run.")
  var file: String

  @Option(name: .customLong("id"), help: "The job id (default: the file's name without .dos).")
  var id: String?

  @Option(name: .customLong("desc"), help: "The job's description (default: the file's name).")
  var desc: String?

  @Option(name: .customLong("zk"), help: "The cluster's ZooKeeper (HOST:PORT[/root]), with --node.")
  var zk: String?

  @Option(name: .customLong("node"), help: "The node of the --zk cluster to run it on.")
  var node: String?

  @Flag(name: .customLong("job-host"), help: .hidden)
  var jobHost = false

  mutating func run() throws {
    let errors = StandardErrorSink(flushing: nil)
    guard let text = FileAccess.read(file) else {
      errors.write("error: cannot read '\(file)': \(FileAccess.lastError())\n")
      throw ExitCodeError(ExitCode.ioError.rawValue)
    }
    let name = String(file.split(separator: "/").last ?? Substring(file))
    let id = self.id ?? SubmitCommand.defaultId(name)
    let desc = self.desc ?? name
    let parameters = ShellCommand.parameters
    if jobHost {
      throw ExitCodeError(SubmitCommand.host(options, parameters, file: file, text: text, id: id, desc: desc))
    }
    let remote = zk != nil || node != nil || parameters.parameters["remoteHost"] != nil
    guard remote else {
      throw ExitCodeError(SubmitCommand.local(options, parameters, file: file, text: text, id: id, desc: desc))
    }
    let target: JobTarget
    switch JobTarget.resolve(zk: zk, node: node, options: options, parameters: parameters, errors: errors) {
    case .success(let t): target = t
    case .failure(let f): throw ExitCodeError(f.code.rawValue)
    }
    defer { target.close() }
    guard case .node(let connection) = target else { return }
    // The text travels as an argument: nothing in it is read as part of the call.
    do throws(ConnectionError) {
      let queued = try connection.call(
        "porpoiseSubmit",
        source: "def porpoiseSubmit(jobId, jobDesc, script) { return submitJob(jobId, jobDesc, runScript, script) }",
        [.string(id, .string), .string(desc, .string), .string(text, .string)])
      print(queued.stringValue ?? ValueFormatter.plain(queued))
    } catch {
      errors.write("error: \(error.message)\n")
      throw ExitCodeError(ExitCode.runtimeError.rawValue)
    }
  }

  /// The path from the root: the job host may look for it from elsewhere.
  static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  /// A job id from a file name: `nightly.dos` is `nightly`; characters an id cannot hold
  /// become `_`.
  static func defaultId(_ name: String) -> String {
    let base = name.hasSuffix(".dos") ? String(name.dropLast(4)) : name
    let cleaned = String(
      base.map { c -> Character in c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") ? c : "_" })
    return cleaned.isEmpty ? "job" : String(cleaned.prefix(100))
  }

  /// On the embedded node: checks the script, starts a job host with it and prints the id the
  /// host gave it.
  static func local(
    _ options: ScriptOptions, _ parameters: DolphinArguments, file: String, text: String, id: String, desc: String
  ) -> Int32 {
    let errors = StandardErrorSink(flushing: nil)
    // A syntax error is found now, not in the job's messages later.
    let session = makeBuilder(options, parameters: parameters).makeSession(
      output: StandardOutputSink(), errors: errors)
    if case .failure(let e) = Parser.parse(SourceFile(name: file, text: text), context: session.machine.parseContext) {
      for d in e.diagnostics { session.report(d) }
      return ExitCode.syntaxError.rawValue
    }
    var arguments = ["submit", SubmitCommand.absolute(file), "--id", id, "--desc", desc, "--job-host"]
    if let stdlib = options.stdlib { arguments += ["--stdlib", stdlib] }
    for name in parameters.order { arguments += ["-" + name, parameters.parameters[name] ?? ""] }
    switch DetachedProcess.start(arguments) {
    case .failure(let e):
      errors.write("error: \(e.message)\n")
      return ExitCode.unavailable.rawValue
    case .success(let (_, said)):
      guard said.hasPrefix("queued "), let line = said.split(separator: "\n").first else {
        errors.write(said.isEmpty ? "error: the job host ended without queuing the job\n" : said)
        return ExitCode.runtimeError.rawValue
      }
      print(line.dropFirst("queued ".count))
      return ExitCode.ok.rawValue
    }
  }

  /// The job host: queues the job on the embedded node, says its id, lets go of the starter's
  /// pipe and runs until its jobs end.
  static func host(
    _ options: ScriptOptions, _ parameters: DolphinArguments, file: String, text: String, id: String, desc: String
  ) -> Int32 {
    let status = runOnLargeStack { () -> Int32 in
      let errors = StandardErrorSink(flushing: nil)
      guard acceptLicense(errors) else { return ExitCode.config.rawValue }
      let builder = makeBuilder(options, parameters: parameters)
      let session = builder.makeSession(output: StandardOutputSink(), errors: errors)
      do throws(ScriptError) {
        if let user = parameters.parameters["uid"] {
          _ = try session.machine.call(
            function: "login", [.string(user), .string(parameters.parameters["pwd"] ?? "")])
        }
        let access = session.machine.access
        let queued = try JobBuiltins.submitScript(
          builder.context.jobs,
          sessions: { identity, output throws(ScriptError) in
            try builder.makeJobSession(identity, output: output)
          }, id: id, desc: desc, file: file, text: text, identity: .token(access?.sessionToken),
          user: access?.userName ?? "guest")
        print("queued \(queued)")
      } catch {
        errors.write("error: \(error.message)\n")
        return ExitCode.runtimeError.rawValue
      }
      fflush(nil)
      DetachedProcess.detachOutput()
      return ExitCode.ok.rawValue
    }
    finishEmbeddedJobs()
    return status
  }
}
