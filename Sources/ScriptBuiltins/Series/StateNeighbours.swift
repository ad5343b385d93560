import ScriptRuntime

/// DolphinDB's `prevState(X)` and `nextState(X)`: a run of equal consecutive elements of X is
/// one state (its value); a null belongs to no state and ends the run before it, so `2.2, NULL,
/// 2.2` are two states. Each element gets the state before (after) its own; a null gets the
/// nearest state before (after) it. X is a numeric, BOOL or temporal vector, or a matrix (column
/// by column); the result keeps X's type.
enum StateNeighbours {
  /// For each element, the position of an element of the state before it (or, `backward`, after
  /// it), -1 for none.
  static func positions(_ v: Vector, backward: Bool) -> [Int] {
    let n = v.count
    // Equality on the stored values: integers (and temporal and DECIMAL values) as they are kept.
    let same: (Int, Int) -> Bool
    let null: (Int) -> Bool
    if v.type.isFloating {
      let d = v.doubles
      same = { d[$0] == d[$1] }
      null = { d[$0].isNaN }
    } else {
      let k = v.int64s
      same = { k[$0] == k[$1] }
      null = { k[$0] == Int64.min }
    }
    var out = [Int](repeating: -1, count: n)
    var current = -1  // an element of the latest state
    var before = -1  // an element of the state before it
    var inRun = false  // whether the element just read had a value (a null ends a run)
    for step in 0..<n {
      let i = backward ? n - 1 - step : step
      if null(i) {
        out[i] = current
        inRun = false
        continue
      }
      if !(inRun && same(i, current)) {
        before = current
        current = i
      }
      out[i] = before
      inRun = true
    }
    return out
  }

  static func builtin(_ name: String, backward: Bool) -> Builtin {
    ColumnByColumn.wrap(
      Builtin(name, args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
        let v = try Series.vector(a, 0, name)
        let t = v.type
        guard t.isNumeric || t.isTemporal || t == .void else {
          throw ScriptError(RuntimeMessages.cannotTake(name, a[0].typeString))
        }
        let out = v.gather(positions(v, backward: backward))
        return a[0].isScalar ? out[0] : .vector(out)
      })
  }

  static let all: [Builtin] = [builtin("prevState", backward: false), builtin("nextState", backward: true)]
}
