/// Operators and indexing on array vectors (`INT[]`, ...), as DolphinDB defines them: an
/// operator works element by element, a plain vector pairs one value with each row, and an index
/// picks a column (`x[1]`), rows (`x[[1]]`), a column range of every row (`x[0:2]`) or the
/// elements a BOOL array vector marks (`x[x > 5]`).
public enum ArrayVectorOperations {
  /// `a op b` when either side is an array vector; nil when neither is.
  public static func combine(
    _ a: Value, _ b: Value, _ name: String, _ op: (Value, Value) throws(ScriptError) -> Value
  ) throws(ScriptError) -> Value? {
    let left = nested(a)
    let right = nested(b)
    guard let shape = left ?? right else { return nil }
    if let left, let right, left.ends != right.ends {
      throw ScriptError(RuntimeMessages.arrayVectorShapesDiffer(name))
    }
    let x = try spread(a, over: shape, name)
    let y = try spread(b, over: shape, name)
    return try rebuild(try op(x, y), like: shape, name)
  }

  /// A function of one vector applied to all elements of an array vector, keeping its rows.
  public static func mapElements(_ v: Vector, _ f: (Value) throws(ScriptError) -> Value) throws(ScriptError) -> Value? {
    guard case .nested(let a) = v.storage else { return nil }
    return try rebuild(try f(.vector(a.values)), like: a, "a function")
  }

  /// Built-ins that take array vectors as DolphinDB does (others refuse them with a clear error);
  /// element-wise math built-ins say so themselves.
  public static let awareBuiltins: Set<String> = [
    "append!", "array", "arrayVector", "byRow", "cols", "count", "each", "eqObj", "fixedLengthArrayVector", "flatten",
    "form", "head", "isColumnarTuple", "join", "loop", "matrix", "pow", "print", "reverse", "row", "rowAvg",
    "rowCorr", "rowCount", "rowMax", "rowMin", "rowProd", "rowStd", "rowSum", "rowVar", "rowWavg", "rows",
    "setColumnarTuple!", "size", "streamTable", "string", "table", "tableInsert", "tail", "take", "toArray",
    "type", "typestr", "saveText", "share", "undef", "objByName", "call", "dump", "schema",
    // Whole rows shift: row i takes row i - n, an empty row where there is none.
    "prev", "next", "move",
  ]

  static func isOneRow(_ v: Value) -> Bool { nested(v)?.count == 1 }
  public static func isArrayVector(_ v: Value) -> Bool { nested(v) != nil }

  static func nested(_ v: Value) -> NestedColumn? {
    if case .vector(let vec) = v, case .nested(let a) = vec.storage { return a }
    return nil
  }

  /// The operand lined up with the flat elements of `shape`: a plain vector gives its value for
  /// row i to each element of row i; a scalar stays one.
  static func spread(_ v: Value, over shape: NestedColumn, _ name: String) throws(ScriptError) -> Value {
    switch v {
    case .vector(let vec):
      if case .nested(let a) = vec.storage { return .vector(a.values) }
      guard vec.count == shape.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, shape.count, vec.count))
      }
      return .vector(vec.gather(shape.rowOfElement))
    default:
      return v
    }
  }

  static func rebuild(_ flat: Value, like shape: NestedColumn, _ name: String) throws(ScriptError) -> Value {
    guard case .vector(let v) = flat, v.count == shape.values.count, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.arrayVectorResultShape(name))
    }
    return .vector(Vector(type: v.type, storage: .nested(shape.reshaped(v))))
  }

  /// `x[index]` on an array vector.
  static func get(_ x: Vector, _ a: NestedColumn, _ index: Value) throws(ScriptError) -> Value {
    switch index {
    case .pair(let p):
      // A column range of every row, nulls past a row's end; an open end runs to each row's end.
      guard let lo = p.isNull(0) ? 0 : p[0].intValue else {
        throw ScriptError(RuntimeMessages.rangeIndexNeedsIntegers())
      }
      let hi: Int64? = p.isNull(1) ? nil : p[1].intValue
      guard lo >= 0, hi.map({ $0 >= lo }) ?? true else {
        throw ScriptError(RuntimeMessages.arrayVectorRange(ValueFormatter().format(index)))
      }
      if let hi {
        let (cells, overflow) = Int(hi - lo).multipliedReportingOverflow(by: a.count)
        guard !overflow, cells <= NestedColumn.maxElements else {
          throw ScriptError(RuntimeMessages.arrayVectorTooLarge(limit: NestedColumn.maxElements))
        }
      }
      var picks: [Int] = []
      var out = NestedColumn.empty(x.type)
      for i in 0..<a.count {
        let row = a.bounds(i)
        let from = Int(min(lo, Int64(row.count)))
        if let hi {
          for k in Int(lo)..<Int(hi) { picks.append(k < row.count ? row.lowerBound + k : -1) }
        } else {
          picks.append(contentsOf: (row.lowerBound + from)..<row.upperBound)
        }
        out.ends.append(picks.count)
      }
      out.values = a.values.gather(picks)
      return .vector(Vector(type: x.type, storage: .nested(out)))
    case .vector(let v) where v.isArrayVector && v.type == .bool:
      guard case .nested(let mask) = v.storage, mask.ends == a.ends else {
        throw ScriptError(RuntimeMessages.arrayVectorShapesDiffer("[]"))
      }
      var picks: [Int] = []
      var out = NestedColumn.empty(x.type)
      for i in 0..<a.count {
        for k in a.bounds(i) where mask.values[k].isTruthy { picks.append(k) }
        out.ends.append(picks.count)
      }
      out.values = a.values.gather(picks)
      return .vector(Vector(type: x.type, storage: .nested(out)))
    case .int(let k, let t) where t.isIntegral:
      // One column: the k-th element of each row, null where a row is shorter.
      let picks = (0..<a.count).map { i -> Int in
        let row = a.bounds(i)
        return k >= 0 && k < Int64(row.count) ? row.lowerBound + Int(k) : -1
      }
      return .vector(a.values.gather(picks))
    default:
      guard let rows = try Indexing.positions(index, count: a.count) else {
        throw ScriptError(RuntimeMessages.mustBeInteger("an index", got: index.typeString))
      }
      return .vector(x.gather(rows))
    }
  }
}
