import Coordination

/// The catalogue of distributed-storage messages (the catalog, placement, writes, chunk files,
/// recovery), kept in one place and in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum DFSMessages {
  static func backupCorrupt(_ partition: String, _ reason: String) -> String {
    "the backup of \(partition) is damaged: \(reason)"
  }
  static func backupMissing(_ partition: String) -> String { "there is no backup of \(partition) in that folder" }
  static func backupNeedsQueryOfTable(_ got: String) -> String {
    "'backup' needs a dfs:// database path or <select * from loadTable(...) [where ...]>, not \(got)"
  }
  static func backupNotWritten(_ place: String, _ reason: String) -> String {
    "cannot write the backup in '\(place)': \(reason)"
  }
  static func backupSchemaDiffers(_ partition: String, _ table: String) -> String {
    "the backup of \(partition) has other columns than \(table): restore it into a table of its schema"
  }
  static func backupWithoutRecords(_ database: String, _ target: String) -> String {
    "the backup of \(database) does not hold its database and table records (it was made by backup(), not backupDB or backupTable); create \(target) and its table first, then restore"
  }
  static func badChunkLimit(_ top: Int) -> String {
    "getChunksMeta's top must be a positive number of chunks, or -1 for all of them, not \(top)"
  }
  static func badChunkRequest(_ reason: String) -> String { "a malformed chunk request: \(reason)" }
  static func cannotReadFile(_ path: String) -> String { "cannot read \(path)" }
  static func cannotStoreSegment(_ segment: String, chunk: String, _ reason: String) -> String {
    "cannot store segment \(segment) of chunk \(chunk): \(reason)"
  }
  static func catalogDamaged(_ error: ZooKeeperError) -> String { "the cluster catalog: \(error.description)" }
  static func catalogUnavailable(_ error: ZooKeeperError) -> String {
    "the cluster catalog is unavailable: \(error.description)"
  }
  static func chunkChangedByAnotherWriter(_ partition: String, database: String, table: String) -> String {
    "partition '\(partition)' of '\(database)/\(table)' was changed by another writer; nothing was committed"
  }
  static func chunkGone(_ chunk: String) -> String { "chunk \(chunk) is no longer in the catalog" }
  static func chunkUnreadable(_ chunk: String) -> String { "no replica answered for the chunk \(chunk)" }
  static func conditionType(_ column: String, _ type: String, _ reason: String) -> String {
    "the condition on the column '\(column)' (\(type)) cannot be tested: \(reason)"
  }
  static func corruptSegmentFile(_ path: String) -> String { "\(path) is corrupt (checksum mismatch)" }
  static func damagedChunkRecord(_ path: String) -> String {
    "the cluster catalog's record of chunk \(path) is damaged"
  }
  static func damagedRecord(of what: String, at path: String) -> String {
    "the cluster catalog's record of \(what) (\(path)) is damaged"
  }
  static func databaseChanged(_ database: String) -> String {
    "database '\(database)' was changed by someone else meanwhile; try again"
  }
  static func databaseDroppedWhileCreating(_ name: String) -> String {
    "database '\(name)' was dropped while it was being created; try again"
  }
  static func invalidChunkID(_ id: String) -> String {
    "'\(id.prefix(80))' is not a chunk or segment id (1 to 64 letters, digits and dashes)"
  }
  static func noCurrentReplicaForAppend(_ partition: String, database: String, table: String, replicas: [String])
    -> String
  {
    "no current replica of partition '\(partition)' of '\(database)/\(table)' could take the append (replicas: \(replicas.joined(separator: ", "))); nothing was committed"
  }
  static func noCurrentReplicaToRead(_ partition: String, database: String, table: String) -> String {
    "partition '\(partition)' of '\(database)/\(table)' has no current replica"
  }
  static func needsDFSHandle(_ function: String) -> String {
    "'\(function)' works on a table of a dfs:// database"
  }
  static func needsDFSPath(_ function: String, _ given: String) -> String {
    "'\(function)' needs a dfs:// path, not '\(given)'"
  }
  static func noDatabase(_ name: String) -> String { "database '\(name)' does not exist" }
  static func noSegmentHere(_ segment: String, chunk: String) -> String {
    "this node has no segment \(segment) of chunk \(chunk)"
  }
  static func noSnapshotEngine(_ table: String, database: String) -> String {
    "no snapshot engine follows '\(table)' of '\(database)' on this node; registerSnapshotEngine(dbName, tableName, keyColumnName) first"
  }
  static func noSourceForSegment(_ segment: String, chunk: String, reasons: [String]) -> String {
    "no current replica could give segment \(segment) of chunk \(chunk)"
      + (reasons.isEmpty ? " (there is none)" : ": " + reasons.joined(separator: "; "))
  }
  static func noTable(_ table: String, database: String) -> String {
    "table '\(table)' does not exist in '\(database)'"
  }
  static func noTableInBackup(_ database: String, _ table: String) -> String {
    "the backup holds no table '\(table)' of \(database)"
  }
  static func noVolume() -> String { "a data node needs at least one volume" }
  static func replicasChangedMeanwhile(_ chunk: String) -> String {
    "the replicas of chunk \(chunk) changed meanwhile; plan again"
  }
  static func rewriteChangesColumns(_ database: String, _ table: String) -> String {
    "update cannot add columns to \(database)/\(table): add them with addColumn first"
  }
  static func rewriteChangesPartitionColumn(_ column: String, _ database: String, _ table: String) -> String {
    "'\(column)' is a partitioning column of \(database)/\(table): it cannot be updated"
  }
  static func scanNotInCatalog(_ chunk: String) -> String {
    "chunk \(chunk.prefix(80)) is not in the catalog as asked (its table, partition or segments differ)"
  }
  static func segmentPieceOutOfRange(_ segment: String, chunk: String, offset: Int, count: Int, total: Int) -> String {
    "a piece of segment \(segment) of chunk \(chunk) at byte \(offset) (\(count) bytes) lies outside its \(total) bytes"
  }
  static func segmentArrivedDamaged(_ segment: String, chunk: String) -> String {
    "segment \(segment) of chunk \(chunk) arrived damaged (checksum mismatch); not stored"
  }
  static func segmentDoesNotDecode(_ reason: String) -> String { "a segment does not decode: \(reason)" }
  static func segmentNotATable(_ type: String) -> String { "a segment holds \(type), not a table" }
  static func segmentNotEncoded(_ reason: String) -> String { "cannot encode a segment: \(reason)" }
  static func retentionNeedsTemporalLevel(_ database: String, level: Int) -> String {
    "a retention policy needs a DATE, DATEHOUR or MONTH partition at level \(level) of '\(database)'"
  }
  static func retentionHoursInvalid(_ hours: Int) -> String {
    "retentionHours must be a positive number of hours, not \(hours)"
  }
  static func snapshotNeedsDFSDatabase(_ given: String) -> String {
    "a snapshot engine follows a table of a dfs:// database, not of '\(given)'"
  }
  static func snapshotRegisteredAlready(_ table: String, database: String) -> String {
    "a snapshot engine follows '\(table)' of '\(database)' already; unregisterSnapshotEngine(dbName, tableName) first"
  }
  static func snapshotUnknownColumn(_ name: String, table: String, columns: [String]) -> String {
    "'\(table)' has no column '\(name)' to key a snapshot engine on; its columns are \(columns.joined(separator: ", "))"
  }
  static func tableChanged(_ table: String) -> String {
    "table '\(table)' was changed by someone else meanwhile; try again"
  }
  static func tableExists(_ table: String, database: String) -> String {
    "table '\(table)' already exists in '\(database)'"
  }
  static func tooFewDataNodes(replicas: Int, running: Int) -> String {
    "a chunk needs \(replicas) replicas (dfsReplicationFactor) but \(running) data node\(running == 1 ? " is" : "s are") running"
  }
  static func tooFewHosts(replicas: Int, hosts: Int) -> String {
    "a chunk needs \(replicas) replicas on distinct hosts (dfsReplicaReliabilityLevel=1) but the running data nodes are on \(hosts) host\(hosts == 1 ? "" : "s")"
  }
  static func unreadablePartitionKeys(_ partition: String) -> String {
    "the cluster catalog's keys of partition \(partition) do not read"
  }
  static func volumeUnusable(_ volume: String, _ reason: String) -> String { "volume '\(volume)': \(reason)" }
  static func writersKeptChangingIt() -> String { "writers kept changing it; it will be tried again" }
  static func compactionNotStaged(_ chunk: String) -> String {
    "chunk \(chunk): the merged segment could not be staged here; compaction will be tried again"
  }
}
