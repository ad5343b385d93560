import ClusterConfig
import ClusterEngine
import Foundation
import Licensing
import PorpoiseSupport
import ScriptSession
import Testing

/// One golden script under `Tests/Scripts`: a `.dos` (or `.repl`) file and its `.out`.
///
/// Leading comment lines carry directives: `// exit: N`, `// args: a b`, `// skip: why`,
/// `// calendars: bundled` (the node's home starts with `Stdlib/marketHoliday`).
struct GoldenCase: CustomTestStringConvertible, Sendable {
  /// Path relative to `Tests/Scripts`, as diagnostics show it.
  let name: String
  let root: String

  var testDescription: String { name }
  var path: String { root + "/" + name }
  var expectedPath: String { String(path.dropLast(name.hasSuffix(".repl") ? 5 : 4)) + ".out" }

  static var scriptsRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Scripts").path
  }

  static var stdlib: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Stdlib").path
  }

  /// Every `.dos` and `.repl` file below `Tests/Scripts` (data files under `data/` excluded);
  /// `GOLDEN_ONLY=part` keeps the cases whose path contains `part` (to record one new case).
  static func discover() -> [GoldenCase] {
    let root = scriptsRoot
    let only = ProcessInfo.processInfo.environment["GOLDEN_ONLY"].flatMap { $0.isEmpty ? nil : $0 }
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var cases: [GoldenCase] = []
    while let item = walker.nextObject() as? String {
      guard item.hasSuffix(".dos") || item.hasSuffix(".repl"), !item.hasPrefix("data/"),
        !item.contains("helpers/")
      else { continue }
      // Module files are loaded by other cases, not run on their own.
      if let text = try? String(contentsOfFile: root + "/" + item, encoding: .utf8), text.hasPrefix("module ") {
        continue
      }
      if let only, !item.contains(only) { continue }
      cases.append(GoldenCase(name: item, root: root))
    }
    return cases.sorted { $0.name < $1.name }
  }

  /// Directive values from the leading comment lines.
  func directive(_ key: String, in text: String) -> String? {
    for line in text.split(separator: "\n") {
      guard line.hasPrefix("//") else { break }
      let body = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
      if body.hasPrefix(key + ":") {
        return body.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
      }
    }
    return nil
  }

  /// Runs the case in-process (echo on, fixed clock) and returns its transcript and exit code.
  func run() throws -> (transcript: String, exitCode: Int32, expectedExit: Int32, skip: String?) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let expectedExit = Int32(directive("exit", in: text) ?? "0") ?? 0
    let args = directive("args", in: text)?.split(separator: " ").map(String.init) ?? []
    let skip = directive("skip", in: text)
    let sink = StringSink()
    // Each case gets its own node home, removed afterwards.
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-golden-\(UUID().uuidString)")
      .path
    defer { try? FileManager.default.removeItem(atPath: home) }
    let policy = directive("newValuePartitionPolicy", in: text) ?? "add"
    // The embedded node's session, as the shell builds it, under the built-in free license.
    let node = ClusterContext(
      launch: NodeLaunch(
        mode: .single, site: Site(host: "localhost", port: 8848, alias: "local8848"),
        parameters: ["newValuePartitionPolicy": policy],
        home: home, version: "golden"),
      coordination: nil,
      bundledCalendars: directive("calendars", in: text) == "bundled" ? GoldenCase.stdlib + "/marketHoliday" : nil)
    var builder = NodeSessionBuilder(context: node, license: LicenseState(.free, publicKey: nil, searching: [home]))
    builder.clock = { FixedClock() }
    builder.stdlibDirectory = GoldenCase.stdlib
    let session = builder.makeSession(output: sink, errors: sink)
    session.echo = true
    session.printResults = true
    session.scriptArguments = args
    var code: Int32 = 0
    LargeStack.run(stackBytes: LargeStack.sessionStackBytes) {
      if name.hasSuffix(".repl") {
        let reader = ScriptedReader(lines: text.components(separatedBy: "\n"), output: sink)
        session.echo = false
        InteractiveLoop(session: session, reader: reader).run()
      } else {
        let folder = (path as NSString).deletingLastPathComponent
        let outcome = session.run(text: text, name: name, directory: folder)
        code = outcome.exitCode.rawValue
      }
    }
    // Absolute paths differ between machines: show them relative to the repository.
    let transcript = sink.text.replacingOccurrences(of: root + "/", with: "")
      .replacingOccurrences(of: root, with: ".").replacingOccurrences(of: GoldenCase.stdlib, with: "<stdlib>")
    return (transcript, code, expectedExit, skip)
  }
}

/// Feeds `.repl` lines to the interactive loop, echoing them after the prompt as a terminal would.
final class ScriptedReader: LineReader {
  var lines: [String]
  let output: StringSink
  init(lines: [String], output: StringSink) {
    var l = lines
    if l.last == "" { l.removeLast() }
    self.lines = l.filter { !$0.hasPrefix("//") }
    self.output = output
  }
  func readLine(prompt: String) -> LineInput {
    guard !lines.isEmpty else { return .end }
    let line = lines.removeFirst()
    output.write(prompt + line + "\n")
    if line == "^C" { return .interrupted }
    return .line(line)
  }
  func addHistory(_ entry: String) {}
}
