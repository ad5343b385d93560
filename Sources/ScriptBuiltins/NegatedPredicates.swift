import ScriptRuntime

/// `notBetween(X, Y)`, `notIn(X, Y)` and `notLike(X, pattern)`: the negations DolphinDB spells as
/// functions (the SQL forms `not between`, `not in`, `not like`), each the `not` of its predicate so
/// the two never disagree on a type or a null.
enum NegatedPredicates {
  static let all: [Builtin] = [
    negated("notBetween", of: "between", parameterNames: ["X", "Y"]),
    negated("notIn", of: "in", parameterNames: ["X", "Y"]),
    negated("notLike", of: "like", parameterNames: ["X", "pattern"]),
  ]

  static func negated(_ name: String, of predicate: String, parameterNames: [String]) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: parameterNames) { a throws(ScriptError) in
      try Logic.not(try a.machine.call(function: predicate, a.values))
    }
  }
}
