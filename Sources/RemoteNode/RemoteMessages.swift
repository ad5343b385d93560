/// The catalogue of remote-call messages (`xdb`, `remoteRun`, what a node is asked to run),
/// kept in one place and in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum RemoteMessages {
  static func cannotDefineFunction(_ name: String) -> String { "cannot define the function '\(name)' on this node" }
  static func cannotSendFunction(_ name: String) -> String {
    "\(name) cannot be sent to another node; wrap it in a function (def() { ... })"
  }
  static func functionNotDefined(_ name: String) -> String { "the function '\(name)' is not defined on this node" }
  static func onNode(_ alias: String, _ message: String) -> String { "on \(alias): \(message)" }
  static func partialLeavesArgumentOpen(_ name: String) -> String {
    "\(name){...} leaves an argument open that the call does not fill; it cannot run on another node"
  }
  static func remoteRunNeedsConnection(_ got: String) -> String {
    "remoteRun needs a connection from xdb(host, port), not \(got)"
  }
  static func scriptNotStringOrFunction(_ got: String) -> String {
    "the script must be a string or a function, not \(got)"
  }
}
