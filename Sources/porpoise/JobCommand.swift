import ArgumentParser
import ScriptRuntime
import ScriptSession

/// `porpoise job ID [--wait]`: one job's status, messages and value.
struct JobCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "job",
    abstract: "Show a batch job: its status, what it printed, and its value or error.",
    discussion: """
      With --wait, waits for the job to end first. Exit codes: 0 when the job is done (or has \
      not ended, without --wait), 70 when it failed or was cancelled (its error on standard \
      error), 64 usage, 69 node unreachable, 77 login refused.
      """)

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @ArgumentParser.Argument(help: "The job id.")
  var id: String

  @Flag(name: .customLong("wait"), help: "Wait until the job ends; exit with its outcome.")
  var wait = false

  @Option(name: .customLong("zk"), help: "The cluster's ZooKeeper (HOST:PORT[/root]), with --node.")
  var zk: String?

  @Option(name: .customLong("node"), help: "The node of the --zk cluster.")
  var node: String?

  mutating func run() throws {
    let (options, zk, node, id, wait) = (options, zk, node, id, wait)
    let status = JobTarget.run(zk: zk, node: node, options: options) { target, errors in
      do throws(ScriptError) {
        // Waiting is the node's getJobReturn(id, true); its error is the job's, read below.
        if wait { _ = try? target.call("getJobReturn", [.string(id, .string), .bool(true)]) }
        guard case .object(let o) = try target.call("getJobStatus", [.string(id, .string)]), let t = o as? Table,
          t.rowCount == 1
        else { return ExitCode.runtimeError.rawValue }
        func field(_ name: String) -> Value {
          t.names.firstIndex(of: name).map { t.columns[$0][0] } ?? .void
        }
        let formatter = ValueFormatter()
        let error = field("errorMsg").stringValue ?? ""
        let state = JobsCommand.status(field("startTime"), field("endTime"), field("errorMsg"))
        print(
          "\(id): \(state)  \(field("jobDesc").stringValue ?? "")  (user \(field("userID").stringValue ?? ""), node \(field("node").stringValue ?? ""))"
        )
        var times: [String] = []
        for (label, name) in [("received", "receivedTime"), ("started", "startTime"), ("ended", "endTime")] {
          let v = field(name)
          if !v.isNull { times.append("\(label) \(formatter.format(v))") }
        }
        print(times.joined(separator: "  "))
        let messages = try target.call("getJobMessage", [.string(id, .string)]).stringValue ?? ""
        if !messages.isEmpty { print(messages, terminator: messages.hasSuffix("\n") ? "" : "\n") }
        switch state {
        case "done":
          let value = try target.call("getJobReturn", [.string(id, .string)])
          let text = formatter.format(value)
          if !text.isEmpty { print(text) }
          return ExitCode.ok.rawValue
        case "failed":
          errors.write("error: \(error)\n")
          return ExitCode.runtimeError.rawValue
        default:
          return ExitCode.ok.rawValue
        }
      } catch {
        errors.write("error: \(error.message)\n")
        return ExitCode.runtimeError.rawValue
      }
    }
    throw ExitCodeError(status)
  }
}
