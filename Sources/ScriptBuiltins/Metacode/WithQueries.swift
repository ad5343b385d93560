import ScriptRuntime

/// What `with a as (select ...), b as (...) select ...` runs: each named query evaluated in order
/// and set as a session variable of its name (the ones after it read it as a table), then the last
/// query; every name is put back as it was before, whatever happens.
enum WithQueries {
  static let builtin = Builtin("withQueries", args: 3...Int.max) { a throws(ScriptError) in
    let names: [String]
    switch a[0] {
    case .vector(let v) where v.type.isText: names = v.strings
    case .string(let s, _): names = [s]
    default: throw ScriptError(RuntimeMessages.withQueriesMalformed())
    }
    guard names.count == a.count - 2 else { throw ScriptError(RuntimeMessages.withQueriesMalformed()) }
    var saved: [(String, Value?)] = []
    defer {
      for (name, old) in saved.reversed() {
        if let old { a.machine.setVariable(name, old) } else { _ = a.machine.undefine(name) }
      }
    }
    for (k, name) in names.enumerated() {
      let result = try a.machine.evaluate(try MetacodeBuiltins.metacode(a[k + 1], "with"))
      saved.append((name, a.machine.variable(name)))
      a.machine.setVariable(name, result)
    }
    return try a.machine.evaluate(try MetacodeBuiltins.metacode(a[a.count - 1], "with"))
  }
}
