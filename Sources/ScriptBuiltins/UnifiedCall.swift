import ScriptRuntime

/// `unifiedCall(func, args)`: `call` with the arguments given as one tuple, so that `each` and
/// `loop` can hand a list of functions their differing argument lists.
enum UnifiedCall {
  static let all: [Builtin] = [
    Builtin("unifiedCall", args: 2...2, parameterNames: ["func", "args"]) { a throws(ScriptError) in
      let f = try a.function(0, "the func of 'unifiedCall'")
      guard case .tuple(let items) = a[1] else {
        throw ScriptError(RuntimeMessages.mustBeTuple("the args of 'unifiedCall'", got: a[1].typeString))
      }
      return try a.machine.call(f, items)
    }
  ]
}
