import ScriptRuntime

/// DolphinDB's `sessionWindow(X, sessionGap)`: the session each element of an integral or
/// temporal X belongs to, labelled by the session's first element. A session opens at the first
/// non-null element and stays open while each element is less than sessionGap (in X's units)
/// past the one before; otherwise that element opens the next. Out-of-order elements (below the
/// latest in-order one) take no part and get the current session, as nulls do; nulls before the
/// first value get null.
enum SessionWindows {
  /// The label of each element, null as `Int64.min`.
  static func labels(_ xs: [Int64], gap: Int64) -> [Int64] {
    var out = [Int64](repeating: Int64.min, count: xs.count)
    var session = Int64.min
    var last = Int64.min  // the latest in-order element
    for (i, x) in xs.enumerated() {
      if x == Int64.min || (session != Int64.min && x < last) {
        out[i] = session
        continue
      }
      // A difference too large for Int64 is past any gap.
      let (d, overflow) = x.subtractingReportingOverflow(last)
      if session == Int64.min || overflow || d >= gap { session = x }
      last = x
      out[i] = session
    }
    return out
  }

  static let builtin = Builtin("sessionWindow", args: 2...2, parameterNames: ["X", "sessionGap"]) {
    a throws(ScriptError) in
    let v = try Series.vector(a, 0, "sessionWindow")
    guard (v.type.isIntegral && v.type != .bool) || v.type.isTemporal, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.cannotTake("sessionWindow", a[0].typeString))
    }
    let what = "the sessionGap of 'sessionWindow'"
    guard a[1].isScalar, a[1].type.isIntegral, a[1].type != .bool else {
      throw ScriptError(RuntimeMessages.mustBeInteger(what, got: a[1].typeString))
    }
    let gap = try a.integer(1, what)
    guard gap > 0 else { throw ScriptError(RuntimeMessages.mustBePositive(what, gap)) }
    let out = Vector(type: v.type, ints: labels(v.int64s, gap: Int64(gap)))
    return a[0].isScalar ? out[0] : .vector(out)
  }
}
