import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `test(scriptFile, [outputFile], [testMemLeaking])`: DolphinDB's unit tests. A test file is
/// cut into cases at its `@testing:case="name"` lines (`exception=1`: the case passes when it
/// throws; `syntaxError=1`: when it does not parse); the lines before the first case run first.
/// The cases run in order in the calling session, each to its end or to its first failed
/// `assert` or error. A folder runs each of its files (not its subfolders') in name order. One
/// line per case and a count are printed, and written to `outputFile` when given.
enum UnitTests {
  /// One case: its header's settings and its lines.
  struct Case {
    var name: String
    var expectsException = false
    var expectsSyntaxError = false
    /// The case's text, after as many newlines as lines come before it in the file (so errors
    /// name the file's lines).
    var text: String
  }

  /// The most cases one call runs (a bound on what a folder of files can ask for).
  static let maxCases = 100_000

  /// The file's setup text (before its first case) and its cases.
  static func cases(_ text: String) -> (setup: String, cases: [Case]) {
    var setup: [Substring] = []
    var cases: [Case] = []
    var current: Case?
    var body: [Substring] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var start = 0
    func finish() {
      guard var c = current else {
        setup = body
        return
      }
      c.text = String(repeating: "\n", count: start) + body.joined(separator: "\n")
      cases.append(c)
    }
    var inComment = false
    for (n, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      let opensCase = !inComment && trimmed.hasPrefix("@testing:")
      inComment = endsInComment(line, from: inComment)
      guard opensCase else {
        body.append(line)
        continue
      }
      finish()
      current = header(trimmed.dropFirst("@testing:".count), fallback: "case\(cases.count + 1)")
      body = []
      start = n + 1
    }
    finish()
    return (setup.joined(separator: "\n"), cases)
  }

  /// Whether a `/* ... */` comment is still open at the end of `line` (open at its start when
  /// `from`): a `@testing:` line inside one starts no case. Strings are taken to end on their line.
  static func endsInComment(_ line: Substring, from: Bool) -> Bool {
    var open = from
    var quote: Character?
    var previous: Character = " "
    for ch in line {
      defer { previous = ch }
      if open {
        if previous == "*" && ch == "/" { open = false }
        continue
      }
      if let q = quote {
        if ch == q { quote = nil }
        continue
      }
      if ch == "\"" || ch == "'" {
        quote = ch
      } else if previous == "/" && ch == "/" {
        return false
      } else if previous == "/" && ch == "*" {
        open = true
      }
    }
    return open
  }

  /// `case = "name", exception = 1`: the settings of a case's header.
  static func header(_ text: Substring, fallback: String) -> Case {
    var c = Case(name: fallback, text: "")
    for part in text.split(separator: ",") {
      let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard pair.count == 2 else { continue }
      var value = pair[1]
      if value.hasSuffix(";") { value.removeLast() }
      if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
        value = String(value.dropFirst().dropLast())
      }
      switch pair[0] {
      case "case": c.name = value
      case "exception": c.expectsException = value == "1" || value == "true"
      case "syntaxError": c.expectsSyntaxError = value == "1" || value == "true"
      default: break
      }
    }
    return c
  }

  /// Runs one case: nil when it passes, else why not.
  static func run(_ c: Case, file: String, _ m: Machine) throws(ScriptError) -> String? {
    let source = SourceFile(name: file, text: c.text)
    let compiled: [CompiledStatement]
    do {
      compiled = try m.loadNested(source)
    } catch {
      if error.isInterrupt { throw error }
      return c.expectsSyntaxError ? nil : describe(error, file)
    }
    if c.expectsSyntaxError { return UnitTestMessages.expectedSyntaxError() }
    do {
      try m.runScript(source, compiled: compiled)
    } catch {
      if error.isInterrupt { throw error }
      if c.expectsException && error.category != .assertion { return nil }
      return describe(error, file)
    }
    return c.expectsException ? UnitTestMessages.expectedException() : nil
  }

  static func describe(_ error: ScriptError, _ file: String) -> String {
    guard let line = error.range?.location.line else { return error.message }
    return "\(error.message) (\(file.split(separator: "/").last.map(String.init) ?? file):\(line))"
  }

  /// The files a `scriptFile` names: itself, or a folder's files in name order.
  static func files(_ path: String, _ m: Machine) throws(ScriptError) -> [String] {
    let resolved = m.host?.resolvePath(path) ?? path
    guard FileAccess.isDirectory(resolved) else { return [path] }
    guard let names = FileAccess.list(resolved) else {
      throw ScriptError(RuntimeMessages.cannotRead(path, FileAccess.lastError()))
    }
    return names.sorted().filter { !$0.hasPrefix(".") && FileAccess.isFile(resolved + "/" + $0) }.map {
      resolved + "/" + $0
    }
  }

  static let all: [Builtin] = [
    Builtin("test", args: 1...3, parameterNames: ["scriptFile", "outputFile", "testMemLeaking"]) {
      a throws(ScriptError) in
      guard let host = a.machine.host else { throw ScriptError(RuntimeMessages.runUnavailable()) }
      try a.machine.require(.runScript)
      let path = try a.text(0, "the scriptFile of 'test'")
      var report: [String] = []
      func say(_ line: String) {
        report.append(line)
        a.machine.output.write(line + "\n")
      }
      var (passed, failed, total) = (0, 0, 0)
      for file in try files(path, a.machine) {
        let source = try host.scriptSource(file)
        let (setup, cases) = cases(source.text)
        total += cases.count
        guard total <= maxCases else { throw ScriptError(UnitTestMessages.tooManyCases(maxCases)) }
        if !setup.allSatisfy(\.isWhitespace) {
          let setupCase = Case(name: "setup", text: setup)
          if let why = try run(setupCase, file: source.name, a.machine) {
            say("[FAIL] setup of \(source.name): \(why)")
            failed += 1
            continue
          }
        }
        for c in cases {
          if a.machine.isInterrupted { throw Machine.interrupted() }
          if let why = try run(c, file: source.name, a.machine) {
            say("[FAIL] \(c.name): \(why)")
            failed += 1
          } else {
            say("[PASS] \(c.name)")
            passed += 1
          }
        }
      }
      say(UnitTestMessages.summary(total: passed + failed, passed: passed, failed: failed))
      if a.has(1) {
        try a.machine.require(.login("write files"))
        // A relative path is in the node's home, as DolphinDB's.
        var name = try a.text(1, "the outputFile of 'test'")
        if !name.hasPrefix("/"), let home = a.machine.registry["getHomeDir"],
          let dir = try a.machine.call(FunctionValue(.builtin(home)), []).stringValue
        {
          name = dir + "/" + name
        }
        let out = try host.writablePath(name)
        do throws(FileError) {
          try DurableFile.replace(out, with: Array((report.joined(separator: "\n") + "\n").utf8), sync: false)
        } catch {
          throw ScriptError(error.message)
        }
      }
      return .void
    }
  ]
}

/// The unit test runner's messages.
enum UnitTestMessages {
  static func expectedException() -> String { "expected an exception (exception=1), but the case ran to its end" }
  static func expectedSyntaxError() -> String { "expected a syntax error (syntaxError=1), but the case parsed" }
  static func summary(total: Int, passed: Int, failed: Int) -> String {
    "\(total) case\(total == 1 ? "" : "s"): \(passed) passed, \(failed) failed"
  }
  static func tooManyCases(_ limit: Int) -> String { "'test' runs at most \(limit) cases in one call" }
}
