import ScriptRuntime

/// Applies `f` to a scalar, or to every element of a vector, pair or tuple; an empty vector gives
/// an empty vector of `emptyType` (default: its own type).
func mapElements(_ v: Value, emptyType: DataType? = nil, _ f: (Value) throws(ScriptError) -> Value)
  throws(ScriptError) -> Value
{
  if case .vector(let vec) = v,
    let r = try ArrayVectorOperations.mapElements(vec, { x throws(ScriptError) in try mapElements(x, f) })
  {
    return r
  }
  switch v {
  case .vector(let vec), .pair(let vec):
    var out: [Value] = []
    out.reserveCapacity(vec.count)
    for k in 0..<vec.count { out.append(try f(vec[k])) }
    return collectTyped(out, empty: emptyType ?? vec.type)
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
      var error = ScriptError(RuntimeMessages.needsScalarVector(name))
      error.refusedTuple = true
      throw error
    }
    return vec
  default:
    guard let vec = Structural.asVector(v) else { throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString)) }
    return vec
  }
}

/// The Builtin for a function of one value applied element-wise.
func elementwise(_ name: String, _ f: @escaping @Sendable (Value) throws(ScriptError) -> Value) -> Builtin {
  Builtin(name, args: 1...1, arrayAware: true) { (a: inout CallArguments) throws(ScriptError) -> Value in
    try mapElements(a[0], f)
  }
}

/// A position computed in doubles as an index in 0..<count: NaN (as from inf / inf when a range
/// spans more than a double holds) gives 0 and anything outside is clamped, so a conversion to
/// Int can never trap on user data.
func clampedIndex(_ position: Double, _ count: Int) -> Int {
  guard count > 0, position.isFinite, position > 0 else { return 0 }
  return position >= Double(count - 1) ? count - 1 : Int(position)
}
