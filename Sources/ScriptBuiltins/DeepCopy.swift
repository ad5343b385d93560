import ScriptRuntime

/// `deepCopy(obj)`: a copy that shares nothing with obj. Tables and matrices are the values
/// held by reference; they are copied wherever they sit, inside tuples and dictionaries too
/// (which `copy` leaves shared).
enum DeepCopy {
  static func copy(_ v: Value) throws(ScriptError) -> Value {
    switch v {
    case .object(let t as Table): return .object(t.copy())
    case .object(let m as Matrix):
      return .object(
        try Matrix(columns: m.columns, rows: m.rowCount, rowLabels: m.rowLabels, columnLabels: m.columnLabels))
    case .tuple(let items):
      var out: [Value] = []
      out.reserveCapacity(items.count)
      for item in items { out.append(try copy(item)) }
      return .tuple(out)
    case .dictionary(let d):
      var out = DictionaryValue(keyType: d.keyType, valueType: d.valueType)
      for (k, value) in zip(d.keys, d.values) { try out.set(k, try copy(value)) }
      return .dictionary(out)
    default:
      // Scalars, vectors and sets are values: a later change to either leaves the other alone.
      return v
    }
  }

  static let all: [Builtin] = [
    Builtin("deepCopy", args: 1...1, parameterNames: ["obj"], arrayAware: true) { a throws(ScriptError) in
      try copy(a[0])
    }
  ]
}
