import ScriptRuntime
import TableStorage

/// DolphinDB's data retention (`setRetentionPolicy(db, hours, [dimension])`): partitions whose
/// time key (a DATE, DATEHOUR or MONTH level) lies before now minus `hours` are removed. As in
/// DolphinDB, a sweep removes only the ten days before that cutoff, so older partitions an
/// operator keeps on purpose stay (`dropPartition` removes those).
public struct RetentionPolicy: Codable, Sendable, Equatable {
  public var hours: Int
  /// The partitioning level that holds the time key (0 is the first).
  public var dimension: Int

  public init(hours: Int, dimension: Int) {
    self.hours = hours
    self.dimension = dimension
  }

  /// How far before the cutoff a sweep looks: DolphinDB's ten days.
  static let lookBackHours: Int64 = 240

  /// Whether a partition whose key is `key` has expired `nowMillis` after the epoch. Whole days
  /// count for DATE keys (the cutoff is midnight today minus `hours`), whole hours for
  /// DATEHOUR, and a MONTH partition expires once the cutoff falls in a later month.
  public func expired(_ key: Value, nowMillis: Int64) -> Bool {
    guard case .int(let raw, let type) = key, raw != Value.nullInt else { return false }
    let nowHour = Temporal.floorDiv(nowMillis, 3_600_000)
    switch type {
    case .date:
      let cutoff = Temporal.floorDiv(nowHour, 24) * 24 - Int64(hours)
      let start = raw * 24
      return start < cutoff && start >= cutoff - RetentionPolicy.lookBackHours
    case .datehour:
      let cutoff = nowHour - Int64(hours)
      return raw < cutoff && raw >= cutoff - RetentionPolicy.lookBackHours
    case .month:
      // The first day of the following month, in hours, against the cutoff.
      guard let next = Temporal.convert(raw + 1, from: .month, to: .date) else { return false }
      let cutoff = nowHour - Int64(hours)
      return next * 24 <= cutoff && next * 24 > cutoff - RetentionPolicy.lookBackHours - 24 * 31
    default:
      return false
    }
  }

  /// Removes the expired partitions of every table of `database` (every database with a policy
  /// when nil) in one commit per database; returns how many chunks went.
  @discardableResult
  public static func sweep(_ catalog: any DFSCatalog, only database: String? = nil, nowMillis: Int64)
    async throws(CatalogError) -> Int
  {
    var removed = 0
    var names: [String]
    if let database { names = [database] } else { names = try await catalog.databases() }
    for name in names {
      guard let db = try await catalog.database(name), let policy = db.retention else { continue }
      var changes: [ChunkChange] = []
      for table in try await catalog.tables(name) {
        guard let layout = try? PartitionLayout(scheme: db.scheme, schema: table.schema) else { continue }
        for c in try await catalog.chunks(name, table.name) {
          guard let key = layout.key(c.record.keys, level: policy.dimension), policy.expired(key, nowMillis: nowMillis)
          else { continue }
          changes.append(.remove(c.record, expected: c.storeVersion))
        }
      }
      guard !changes.isEmpty else { continue }
      try await catalog.commit(changes)
      removed += changes.count
    }
    return removed
  }
}
