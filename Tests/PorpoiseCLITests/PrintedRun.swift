import RemoteNode
import WireProtocol

/// Runs a script on a node with its results printed: the outcome, and all it wrote to the
/// output and error streams.
func runPrinted(_ c: NodeConnection, _ script: String) throws -> (Outcome, String) {
  var out = ""
  var err = ""
  let (outcome, _) = try c.perform(
    .run(name: "<test>", text: script, options: RunOptions(printResults: true)), output: { out += $0 },
    errors: { err += $0 })
  return (outcome, out + err)
}
