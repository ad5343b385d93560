import ScriptRuntime

extension CallArguments {
  /// Argument `i` as a whole number.
  func integer(_ i: Int, _ what: String) throws(ScriptError) -> Int {
    guard let v = self[i].intValue else {
      throw ScriptError("\(what) must be an integer, not \(self[i].typeString)")
    }
    return Int(v)
  }

  /// Argument `i` as text.
  func text(_ i: Int, _ what: String) throws(ScriptError) -> String {
    guard case .string(let s, _) = self[i] else {
      throw ScriptError("\(what) must be a string, not \(self[i].typeString)")
    }
    return s
  }

  /// Argument `i` as a function.
  func function(_ i: Int, _ what: String) throws(ScriptError) -> FunctionValue {
    guard case .function(let f) = self[i] else {
      throw ScriptError("\(what) must be a function, not \(self[i].typeString)")
    }
    return f
  }

  /// Argument `i` as a vector (scalars become one-element vectors).
  func vector(_ i: Int, _ what: String) throws(ScriptError) -> Vector {
    switch self[i] {
    case .vector(let v), .pair(let v): return v
    default:
      guard let v = Structural.asVector(self[i]) else {
        throw ScriptError("\(what) must be a vector, not \(self[i].typeString)")
      }
      return v
    }
  }
}

/// Applies `f` to a scalar, or to every element of a vector, pair or tuple.
func mapElements(_ v: Value, _ f: (Value) throws(ScriptError) -> Value) throws(ScriptError) -> Value {
  switch v {
  case .vector(let vec), .pair(let vec):
    var out: [Value] = []
    out.reserveCapacity(vec.count)
    for k in 0..<vec.count { out.append(try f(vec[k])) }
    return collectTyped(out, empty: vec.type)
  case .tuple(let items):
    var out: [Value] = []
    for item in items { out.append(try mapElements(item, f)) }
    return .tuple(out)
  default:
    return try f(v)
  }
}

/// A typed vector of scalar results (null results take the type of the others).
func collectTyped(_ values: [Value], empty: DataType) -> Value {
  if values.isEmpty { return .vector(Vector.empty(empty)) }
  let r = HigherOrder.collect(values)
  if case .tuple = r, values.allSatisfy({ $0.isScalar }) {
    // All nulls, or nulls mixed with one type.
    let type = values.first { !$0.isNull }?.type ?? empty
    var out = Vector.empty(type == .void ? empty : type, capacity: values.count)
    for v in values { try? out.append(v) }
    return .vector(out)
  }
  return r
}

/// The elements of a value as a vector for aggregation (scalars count as one element).
func column(_ v: Value, _ name: String) throws(ScriptError) -> Vector {
  switch v {
  case .vector(let vec), .pair(let vec): return vec
  case .tuple(let items):
    guard case .vector(let vec) = HigherOrder.collect(items) else {
      throw ScriptError("'\(name)' needs a vector of scalars, not a tuple of mixed values")
    }
    return vec
  default:
    guard let vec = Structural.asVector(v) else { throw ScriptError("'\(name)' cannot take \(v.typeString)") }
    return vec
  }
}

/// The Builtin for a function of one value applied element-wise.
func elementwise(_ name: String, _ f: @escaping @Sendable (Value) throws(ScriptError) -> Value) -> Builtin {
  Builtin(name, args: 1...1) { (a: inout CallArguments) throws(ScriptError) -> Value in
    try mapElements(a[0], f)
  }
}
