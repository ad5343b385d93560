import ScriptRuntime

/// What the session's functions are: `defs([pattern])` (a table of the built-in and defined
/// functions: name, isCommand, userDefined, minParamCount, maxParamCount, syntax; `pattern`
/// filters names with `%` for any run of characters and `?` for one) and `syntax(func)` (a
/// function's name and parameters, optional ones in brackets).
enum FunctionCatalog {
  /// `(X, [Y])`: a built-in's parameters from its names, else arg1, arg2, ...; those past the
  /// minimum count are optional, and an unbounded list ends in `...`.
  static func parameters(_ b: Builtin) -> String {
    let shown = b.maxArgs <= 16 ? b.maxArgs : max(b.minArgs, b.parameterNames.count, b.minArgs + 1)
    var parts: [String] = []
    for i in 0..<shown {
      let name =
        i < b.parameterNames.count ? b.parameterNames[i] : "arg\(i + 1)"
      parts.append(i < b.minArgs ? name : "[\(name)]")
    }
    if b.maxArgs > shown { parts.append("...") }
    return "(" + parts.joined(separator: ", ") + ")"
  }

  static func userParameters(_ f: UserFunction) -> String {
    "(" + f.parameters.map { $0.defaultValue == nil ? $0.name : "[\($0.name)]" }.joined(separator: ", ") + ")"
  }

  /// Whether `name` matches a pattern of literal characters, `%` and `?` (as SQL `like`).
  static func matches(_ name: [Character], _ pattern: [Character]) -> Bool {
    // Iterative wildcard matching with one backtrack point: linear in practice, never recursive.
    var (n, p) = (0, 0)
    var star: Int?
    var mark = 0
    while n < name.count {
      if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
        n += 1
        p += 1
      } else if p < pattern.count, pattern[p] == "%" {
        star = p
        mark = n
        p += 1
      } else if let s = star {
        p = s + 1
        mark += 1
        n = mark
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "%" { p += 1 }
    return p == pattern.count
  }

  static let all: [Builtin] = [
    Builtin("defs", args: 0...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let pattern = a.has(0) ? Array(try a.text(0, "the pattern of 'defs'")) : nil
      var rows: [(name: String, user: Bool, min: Int64, max: Int64, syntax: String)] = []
      for (name, b) in a.machine.registry.builtins {
        rows.append((name, false, Int64(b.minArgs), b.maxArgs > 1_000 ? Int64.min : Int64(b.maxArgs), parameters(b)))
      }
      for (name, f) in a.machine.sessionFunctions.map({ ($0.key, $0.value) }) + a.machine.moduleFunctions {
        guard case .user(let u, _) = f.kind else { continue }
        let required = u.parameters.filter { $0.defaultValue == nil }.count
        rows.append((name, true, Int64(required), Int64(u.parameters.count), userParameters(u)))
      }
      if let pattern { rows = rows.filter { matches(Array($0.name), pattern) } }
      rows.sort { $0.name < $1.name }
      return .object(
        try Table(
          names: ["name", "isCommand", "userDefined", "minParamCount", "maxParamCount", "syntax"],
          columns: [
            Vector(strings: rows.map(\.name)), Vector(bools: rows.map { _ in false }),
            Vector(bools: rows.map(\.user)), Vector(type: .int, ints: rows.map(\.min)),
            Vector(type: .int, ints: rows.map(\.max)), Vector(strings: rows.map(\.syntax)),
          ]))
    },
    Builtin("syntax", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let f = try a.function(0, "the argument of 'syntax'")
      switch f.kind {
      case .builtin(let b): return .string(b.name + parameters(b))
      case .user(let u, _): return .string(u.name + userParameters(u))
      default: throw ScriptError(RuntimeMessages.cannotTake("syntax", "a \(a[0].typeString)"))
      }
    },
  ]
}
