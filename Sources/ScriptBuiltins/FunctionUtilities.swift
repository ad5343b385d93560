import ScriptRuntime

/// Function plumbing: `compose(first, second)` (second applied to what first gives, first
/// taking all the arguments) and `asIs(obj)` (the object itself).
enum FunctionUtilities {
  /// What a composed function runs: its two functions bound first, then the call's arguments.
  static let composed = Builtin("composed", args: 2...Int.max) { a throws(ScriptError) in
    let first = try a.function(0, "the first function of 'compose'")
    let second = try a.function(1, "the second function of 'compose'")
    return try a.machine.call(second, [try a.machine.call(first, Array(a.values.dropFirst(2)))])
  }

  static let all: [Builtin] = [
    Builtin("compose", args: 2...2, parameterNames: ["first", "second"]) { a throws(ScriptError) in
      _ = try a.function(0, "the first function of 'compose'")
      _ = try a.function(1, "the second function of 'compose'")
      return .function(FunctionValue(.partial(FunctionValue(.builtin(composed)), bound: [a[0], a[1]])))
    },
    Builtin("asIs", args: 1...1, parameterNames: ["obj"]) { a throws(ScriptError) in a[0] },
  ]
}
