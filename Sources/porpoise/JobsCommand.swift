import ArgumentParser
import ScriptRuntime
import ScriptSession

/// `porpoise jobs [N]`: the recent batch jobs, one line each with where each is in its life.
struct JobsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "jobs",
    abstract: "List recent batch jobs (the embedded node's, or a node's with -remoteHost or --zk/--node).",
    discussion: "A user sees their own jobs, an administrator (-uid/-pwd) every one. Oldest first.")

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @ArgumentParser.Argument(help: "How many of the most recent jobs (default 20).")
  var count: Int = 20

  @Option(name: .customLong("zk"), help: "The cluster's ZooKeeper (HOST:PORT[/root]), with --node.")
  var zk: String?

  @Option(name: .customLong("node"), help: "The node of the --zk cluster.")
  var node: String?

  mutating func run() throws {
    let errors = StandardErrorSink(flushing: nil)
    guard count > 0 else {
      errors.write("error: the number of jobs must be positive, not \(count)\n")
      throw ExitCodeError(ExitCode.usage.rawValue)
    }
    let (options, zk, node, count) = (options, zk, node, count)
    let status = JobTarget.run(zk: zk, node: node, options: options) { target, errors in
      do throws(ScriptError) {
        guard case .object(let o) = try target.call("getRecentJobs", [.int(count)]), let t = o as? Table else {
          return ExitCode.runtimeError.rawValue
        }
        var formatter = ValueFormatter()
        formatter.maxTableRows = count
        print(formatter.format(.object(try JobsCommand.listing(t))))
        return ExitCode.ok.rawValue
      } catch {
        errors.write("error: \(error.message)\n")
        return ExitCode.runtimeError.rawValue
      }
    }
    throw ExitCodeError(status)
  }

  /// `getRecentJobs`' table cut to what a terminal shows: id, status, user, times,
  /// description and error.
  static func listing(_ t: Table) throws(ScriptError) -> Table {
    func column(_ name: String) -> Vector? { t.names.firstIndex(of: name).map { t.columns[$0] } }
    guard let ids = column("jobId"), let started = column("startTime"), let ended = column("endTime"),
      let errors = column("errorMsg")
    else { return t }
    let status = (0..<ids.count).map { i in JobsCommand.status(started[i], ended[i], errors[i]) }
    var names = ["jobId"]
    var columns = [ids]
    names.append("status")
    columns.append(Vector(strings: status))
    for name in ["userID", "receivedTime", "startTime", "endTime", "jobDesc", "errorMsg"] {
      if let c = column(name) {
        names.append(name)
        columns.append(c)
      }
    }
    return try Table(names: names, columns: columns)
  }

  /// queued, running, done or failed, from a job's row.
  static func status(_ started: Value, _ ended: Value, _ error: Value) -> String {
    if ended.isNull { return started.isNull ? "queued" : "running" }
    return (error.stringValue ?? "").isEmpty ? "done" : "failed"
  }
}
