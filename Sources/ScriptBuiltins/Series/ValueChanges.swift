import ScriptRuntime

/// `valueChanged(X, [mode="prev"])`: whether each element differs from the one before it
/// ("prev"), after it ("next"), from either neighbour ("either") or from both ("both"); a
/// neighbour that does not exist counts as no change, and two nulls are equal.
enum ValueChanges {
  /// Whether elements `i` and `j` of `v` are equal (nulls equal each other only).
  static func equality(_ v: Vector) -> (Int, Int) -> Bool {
    switch v.storage {
    case .f64(let a): return { a[$0] == a[$1] || (a[$0].isNaN && a[$1].isNaN) }
    case .f32(let a): return { a[$0] == a[$1] || (a[$0].isNaN && a[$1].isNaN) }
    case .str(let a): return { a[$0] == a[$1] }
    case .sym(let a): return { a.codes[$0] == a.codes[$1] || a[$0] == a[$1] }
    case .u128(let a): return { a[$0] == a[$1] }
    default:
      let a = v.int64s
      return { a[$0] == a[$1] }
    }
  }

  static func changes(_ v: Vector, _ mode: String) -> Vector {
    let equal = equality(v)
    let n = v.count
    return Vector(
      bools: (0..<n).map { i in
        let before = i > 0 && !equal(i, i - 1)
        let after = i + 1 < n && !equal(i, i + 1)
        switch mode {
        case "next": return after
        case "either": return before || after
        case "both": return before && after
        default: return before
        }
      })
  }

  static func apply(_ x: Value, _ mode: String) throws(ScriptError) -> Value {
    switch x {
    case .tuple(let items):
      var out: [Value] = []
      for item in items { out.append(try apply(item, mode)) }
      return .tuple(out)
    case .object(let t as Table):
      return .object(try Table(names: t.names, columns: t.columns.map { changes($0, mode) }))
    default:
      let v = try column(x, "valueChanged")
      guard !v.isArrayVector else { throw ScriptError(RuntimeMessages.arrayVectorNotTaken("valueChanged")) }
      return .vector(changes(v, mode))
    }
  }

  static let builtin = ColumnByColumn.wrap(
    Builtin("valueChanged", args: 1...2, parameterNames: ["X", "mode"]) { a throws(ScriptError) in
      let mode = a.has(1) ? try a.text(1, "the mode of 'valueChanged'") : "prev"
      let modes = ["prev", "next", "either", "both"]
      guard modes.contains(mode) else {
        throw ScriptError(RuntimeMessages.mustBeOneOf("the mode of 'valueChanged'", modes, got: mode))
      }
      // A lone value has no neighbour to differ from.
      return a[0].isScalar ? .bool(false) : try apply(a[0], mode)
    })
}
