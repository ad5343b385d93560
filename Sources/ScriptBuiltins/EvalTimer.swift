import ScriptRuntime

/// DolphinDB's `evalTimer(funcs, [count=1])`: the milliseconds (DOUBLE, from the monotonic
/// clock) that running a function of no arguments, or each function of a tuple in turn, `count`
/// times took. The functions' results are dropped; an error in one is the call's error.
enum EvalTimer {
  static let builtin = Builtin("evalTimer", args: 1...2, parameterNames: ["funcs", "count"]) { a throws(ScriptError) in
    let functions: [FunctionValue]
    switch a[0] {
    case .function(let f): functions = [f]
    case .tuple(let items) where !items.isEmpty:
      functions = try items.map { item throws(ScriptError) in
        guard case .function(let f) = item else {
          throw ScriptError(RuntimeMessages.mustBeFunction("each of the funcs of 'evalTimer'", got: item.typeString))
        }
        return f
      }
    default:
      throw ScriptError(RuntimeMessages.mustBeFunction("the funcs of 'evalTimer'", got: a[0].typeString))
    }
    let count = a.has(1) ? try a.integer(1, "the count of 'evalTimer'") : 1
    guard count > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the count of 'evalTimer'", count)) }
    let clock = a.machine.clock
    let start = clock.monotonicNanoseconds()
    for _ in 0..<count {
      for f in functions { _ = try a.machine.call(f, []) }
      // A long run stops when the session is asked to.
      if a.machine.isInterrupted { throw Machine.interrupted() }
    }
    return .double(Double(clock.monotonicNanoseconds() &- start) / 1_000_000)
  }
}
