import Logging
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession

/// A node's `startup` and `postStart` scripts (DolphinDB's `startup.dos` and `postStart.dos`,
/// in the home folder unless the parameter names another file): run once as the node starts,
/// before and after its scheduled jobs are restored, in a session of their own with no login
/// (a script logs in to touch databases). What they print goes to the node's log; an error
/// stops the script, never the node.
enum StartupScripts {
  /// Runs the script `parameter` names (or `defaultName` in the home folder, when it exists).
  static func run(
    _ parameter: String, defaultName: String, launch: NodeLaunch, logger: Logger, makeSession: SessionFactory
  ) {
    let given = launch.parameters[parameter]
    let name = given ?? defaultName
    let path = name.hasPrefix("/") ? name : launch.home + "/" + name
    guard FileAccess.isFile(path) else {
      if given != nil { logger.warning("\(ClusterMessages.startupScriptMissing(parameter, path))") }
      return
    }
    let session = makeSession(LogSink(logger, .info), LogSink(logger, .error), parameter)
    session.printResults = false
    logger.info("Running the \(parameter) script \(path)")
    if session.runFile(at: path) != RunOutcome.ok {
      logger.error("\(ClusterMessages.startupScriptFailed(parameter, path))")
    }
  }
}

/// Lines a script prints, written to the node's log one by one (at `level`).
final class LogSink: OutputSink {
  let logger: Logger
  let level: Logger.Level
  private var pending = ""

  init(_ logger: Logger, _ level: Logger.Level) {
    self.logger = logger
    self.level = level
  }

  func write(_ text: String) {
    pending += text
    while let cut = pending.firstIndex(of: "\n") {
      logger.log(level: level, "\(pending[..<cut])")
      pending = String(pending[pending.index(after: cut)...])
    }
  }

  deinit {
    if !pending.isEmpty { logger.log(level: level, "\(pending)") }
  }
}
