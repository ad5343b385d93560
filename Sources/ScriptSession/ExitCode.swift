/// Process exit codes of the batch runner (sysexits values).
public enum ExitCode: Int32, Sendable {
  case ok = 0
  /// Bad command-line usage.
  case usage = 64
  /// A syntax error: nothing ran.
  case syntaxError = 65
  /// A cluster service (ZooKeeper, a node) could not be reached.
  case unavailable = 69
  /// A runtime error stopped the script.
  case runtimeError = 70
  /// The script file could not be read.
  case ioError = 74
  /// The node refused the login (`-uid`/`-pwd`): wrong user or password, or locked out.
  case noPermission = 77
  /// A config file is wrong (the message names the file and line).
  case config = 78
}

extension ExitCode {
  /// An exit code carried as an error, where a step can fail with one of several.
  public struct Failure: Error, Sendable {
    public let code: ExitCode
    public init(_ code: ExitCode) { self.code = code }
  }
}
