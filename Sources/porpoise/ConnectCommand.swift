import ArgumentParser
import ScriptSession

/// `porpoise connect HOST:PORT`: the shell on a node.
struct ConnectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "connect", abstract: "Open the shell on a node: porpoise connect HOST:PORT [-uid admin -pwd 123456].")

  @OptionGroup var scriptOptions: ScriptOptionArguments
  var options: ScriptOptions { scriptOptions.options }

  @ArgumentParser.Argument(help: "The node's address, HOST:PORT.")
  var address: String

  @Option(name: .customShort("e"), help: "Run CODE on the node, print the value of each statement, and exit.")
  var code: String?

  mutating func run() throws {
    let parts = address.split(separator: ":")
    guard parts.count == 2, Int(parts[1]) != nil else {
      StandardErrorSink(flushing: nil).write("error: '\(address)' is not HOST:PORT\n")
      throw ExitCodeError(ExitCode.usage.rawValue)
    }
    var parameters = ShellCommand.parameters
    parameters.parameters["remoteHost"] = String(parts[0])
    parameters.parameters["remotePort"] = String(parts[1])
    ShellCommand.parameters = parameters
    let options = self.options
    let code = self.code
    let chosen = parameters
    let status = runOnLargeStack {
      ShellCommand.start(options: options, code: code, parameters: chosen).rawValue
    }
    throw ExitCodeError(status)
  }
}
