import ScriptRuntime

/// Growing a database's partitioning: `addValuePartitions` adds values to a VALUE level and
/// `addRangePartitions` adds ranges after the last of a RANGE level. A scheme grown so still
/// matches the `database(...)` call that made it (the script that made it runs again), which
/// `extends` decides.
extension DatabaseScheme {
  /// The scheme with `values` added to its VALUE level `level` (the values it holds already
  /// are not added again), and how many were added.
  public static func addingValues(_ scheme: String, _ values: Vector, level: Int, database: String)
    throws(ScriptError) -> (scheme: String, added: Int)
  {
    try growing(scheme, level: level, database: database, kind: .value) {
      (spec: inout PartitionSpec) throws(ScriptError) in
      var stored = spec.scheme ?? StoredVector(Vector.empty(spec.keyType))
      var known = Set(stored.values)
      var added = 0
      for i in 0..<values.count {
        let v = try Cast.convert(values[i], to: spec.keyType)
        guard !v.isNull else { throw ScriptError(StorageMessages.nullPartitionValue("addValuePartitions")) }
        let key = StoredScalar(v)
        guard known.insert(key).inserted else { continue }
        stored.values.append(key)
        added += 1
      }
      spec.scheme = stored
      return added
    }
  }

  /// The scheme with the ranges `bounds` describes added after the last range of its RANGE
  /// level `level` (`bounds` rises and starts at the last boundary), and how many were added.
  public static func addingRanges(_ scheme: String, _ bounds: Vector, level: Int, database: String)
    throws(ScriptError) -> (scheme: String, added: Int)
  {
    try growing(scheme, level: level, database: database, kind: .range) {
      (spec: inout PartitionSpec) throws(ScriptError) in
      guard var stored = spec.scheme, let last = stored.values.last else {
        throw ScriptError(
          StorageMessages.corruptMetadata("the scheme of \(database)", "a RANGE level without boundaries"))
      }
      let given = try Cast.vectorConverting(bounds, to: spec.keyType)
      guard given.count >= 2, StoredScalar(given[0]) == last else {
        throw ScriptError(StorageMessages.newRangesMustStartAtLast(ValueFormatter.plain(last.value)))
      }
      for i in 1..<given.count {
        guard !given[i].isNull, Comparison.order(given[i - 1], given[i]) < 0 else {
          throw ScriptError(StorageMessages.newRangesMustRise())
        }
        stored.values.append(StoredScalar(given[i]))
      }
      spec.scheme = stored
      return given.count - 1
    }
  }

  private static func growing(
    _ scheme: String, level: Int, database: String, kind: PartitionSpec.Kind,
    _ change: (inout PartitionSpec) throws(ScriptError) -> Int
  ) throws(ScriptError) -> (scheme: String, added: Int) {
    guard var spec = decode(scheme) else {
      throw ScriptError(StorageMessages.corruptMetadata("the scheme of \(database)", "not a scheme"))
    }
    let function = kind == .value ? "addValuePartitions" : "addRangePartitions"
    var added = 0
    if spec.partition.kind == .compo, var levels = spec.partition.levels {
      guard level >= 0, level < levels.count, levels[level].kind == kind else {
        throw ScriptError(StorageMessages.levelIsNot(function, level: level, kind: kind.rawValue, database: database))
      }
      added = try change(&levels[level])
      spec.partition.levels = levels
    } else {
      guard level == 0, spec.partition.kind == kind else {
        throw ScriptError(StorageMessages.levelIsNot(function, level: level, kind: kind.rawValue, database: database))
      }
      added = try change(&spec.partition)
    }
    return (PartitionLayout.json(spec), added)
  }

  /// Whether a stored scheme is the given one, or the given one grown by `addValuePartitions`
  /// or `addRangePartitions`.
  static func extends(_ stored: PartitionSpec, _ given: PartitionSpec) -> Bool {
    if StorageEngine.sameSpec(stored, given) { return true }
    guard stored.kind == given.kind, stored.keyType == given.keyType else { return false }
    switch stored.kind {
    case .value:
      guard let s = stored.scheme?.values, let g = given.scheme?.values else { return false }
      return Set(g).isSubset(of: Set(s))
    case .range:
      guard let s = stored.scheme?.values, let g = given.scheme?.values, g.count <= s.count else { return false }
      return Array(s.prefix(g.count)) == g
    case .compo:
      guard let s = stored.levels, let g = given.levels, s.count == g.count else { return false }
      return zip(s, g).allSatisfy { extends($0.0, $0.1) }
    case .hash, .list:
      return false
    }
  }
}
