import ScriptRuntime

/// `movingWindowData(X, window, [fixed=false])`: each row's sliding window of X, the last
/// `window` elements up to it, as a row of an array vector of X's type; `fixed` pads the first
/// rows to `window` elements with nulls in front. The positions are movingWindowIndex's.
enum MovingWindowData {
  static let builtin = Builtin("movingWindowData", args: 2...3, parameterNames: ["X", "window", "fixed"]) {
    a throws(ScriptError) in
    let name = "movingWindowData"
    let x = try Series.vector(a, 0, name)
    guard x.type.canBeArrayElement, !x.isArrayVector else {
      throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: x.typeName))
    }
    let w = try a.integer(1, "the window of 'movingWindowData'")
    // DolphinDB asks for at least 2: a window of one is X itself.
    guard w >= 2 else { throw ScriptError(RuntimeMessages.windowBelowTwo(name, w)) }
    let (ends, positions) = try MovingTopN.windowPositions(
      count: x.count, window: w, fixed: a.has(2) && a[2].isTruthy, name, a.machine)
    return .vector(Vector(type: x.type, storage: .nested(NestedColumn(ends: ends, values: x.gather(positions)))))
  }
}
