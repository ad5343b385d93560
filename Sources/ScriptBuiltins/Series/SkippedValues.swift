import ScriptRuntime

/// What `firstNot(X, [k])`, `lastNot`, `cumfirstNot`, `cumlastNot`, `mfirstNot` and `mlastNot`
/// pass over: nulls, and the elements equal to `k` when it is given (`firstNot(0 0 6 1, 0)` is 6).
enum SkippedValues {
  /// Argument `i` as the value to skip: nil when not given or null (only nulls are skipped then).
  static func k(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Value? {
    guard a.has(i), !a[i].isNull else { return nil }
    guard a[i].isScalar else {
      throw ScriptError(RuntimeMessages.mustBeScalar("the k of '\(name)'", got: a[i].typeString))
    }
    return a[i]
  }

  /// Whether each element of `v` is null or equal to `k`. Numbers compare by value in a typed
  /// loop (an INT k skips DOUBLE zeros too); other types as DolphinDB compares scalars.
  static func mask(_ v: Vector, skipping k: Value?) -> [Bool] {
    var out = [Bool](repeating: false, count: v.count)
    for i in 0..<v.count where v.isNull(i) { out[i] = true }
    guard let k else { return out }
    if v.type.isIntegral, case .int(let target, let t) = k, t.isIntegral {
      for (i, x) in v.int64s.enumerated() where x == target { out[i] = true }
    } else if (v.type.isIntegral || v.type.isFloating) && (k.type.isIntegral || k.type.isFloating),
      let target = k.doubleValue
    {
      for (i, x) in v.doubles.enumerated() where x == target { out[i] = true }
    } else {
      for i in 0..<v.count where !out[i] && Comparison.order(v[i], k) == 0 { out[i] = true }
    }
    return out
  }
}
