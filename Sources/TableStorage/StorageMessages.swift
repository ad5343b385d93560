/// The catalogue of storage messages (databases, partitions, files), kept in one place and in
/// alphabetical order. Wordings the language shares (reading a file, a wrong argument type) are
/// `RuntimeMessages`'.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum StorageMessages {
  static func cannotMakeDirectory(_ path: String, _ why: String) -> String { "cannot make directory '\(path)': \(why)" }
  static func cannotOpenFile(_ path: String, _ why: String) -> String { "cannot open '\(path)': \(why)" }
  static func cannotSeek(_ offset: Int, _ why: String) -> String { "cannot seek to \(offset): \(why)" }
  static func cannotWriteFile(_ function: String, _ why: String) -> String { "'\(function)' could not write: \(why)" }
  static func chunkSizeInvalid(_ got: String) -> String {
    "the chunk size of 'textChunkDS' must be a positive number of megabytes, not \(got)"
  }
  static func dfsOnly(_ function: String, got: String) -> String {
    "'\(function)' works on dfs:// databases only, not on \(got)"
  }
  static func fileChangedSince(_ path: String, expected: Int64, now: Int64) -> String {
    "'\(path)' was changed since it was read (modified at \(now), not \(expected)); read it again"
  }
  static func fileClosed(_ function: String, _ path: String) -> String {
    "'\(function)' was given a closed file\(path.isEmpty ? "" : " ('\(path)')"); open it again with file()"
  }
  static func fileModeInvalid(_ mode: String) -> String {
    "the mode of 'file' must be \"r\", \"r+\", \"w\", \"w+\", \"a\" or \"a+\", not \"\(mode)\""
  }
  static func homeOffLimits(_ path: String) -> String {
    "'\(path)' holds this node's home folder; it cannot be removed from a script"
  }
  static func levelIsNot(_ function: String, level: Int, kind: String, database: String) -> String {
    "'\(function)' needs a \(kind) partition level: level \(level) of '\(database)' is not one"
  }
  static func memberCountMismatch(_ count: Int, partitions: Int) -> String {
    "the partitioned table needs one table per partition: the database has \(partitions), \(count) were given"
  }
  static func memberSchemaDiffers(_ k: Int) -> String {
    "the tables of a partitioned table need the same columns of the same types; table \(k + 1) differs from the first"
  }
  static func needsFileHandle(_ function: String, got: String) -> String {
    "'\(function)' needs a file handle from file(path, mode), not \(got)"
  }
  static func newRangesMustRise() -> String { "the new range boundaries must rise, without nulls" }
  static func newRangesMustStartAtLast(_ last: String) -> String {
    "the new ranges must start at the last boundary of the scheme, \(last), and add at least one range"
  }
  static func notAModel(_ got: String) -> String {
    "saveModel needs a model that a training function gave (a dictionary with modelName), not \(got)"
  }
  static func notAModelFile(_ path: String) -> String {
    "'\(path)' is not a model saved by saveModel"
  }
  static func nullPartitionValue(_ function: String) -> String { "'\(function)' cannot add a null partition value" }
  static func recordFieldType(_ function: String, _ name: String, _ type: String) -> String {
    "\(function): the column '\(name)' is \(type); a record holds numbers and times (text only with loadRecord and a width)"
  }
  static func recordOffset(_ offset: Int, _ rows: Int) -> String {
    "the offset \(offset) must be \(rows) (the records go after the rows there are)"
  }
  static func recordSchema(_ got: String) -> String {
    "loadRecord's schema must be a tuple of (name, type) or (name, type, bytes) tuples, not \(got)"
  }
  static func recordSkip(_ skip: Int) -> String { "loadRecord: skipBytes must be 0 or more, not \(skip)" }
  static func recordStart(_ start: Int, _ rows: Int) -> String {
    "writeRecord: the offset \(start) is outside the table's 0 to \(rows) rows"
  }
  static func recordTextWidth(_ name: String) -> String {
    "loadRecord: the text column '\(name)' needs its width in bytes on disk: (\"\(name)\", SYMBOL, 32)"
  }
  static func recordWriteFailed(_ reason: String) -> String { "writeRecord: cannot write: \(reason)" }
  static func seekModeInvalid(_ mode: Int) -> String { "the mode of 'seek' must be HEAD, CURRENT or TAIL, not \(mode)" }
  /// The warning an append gives for rows it left out: no partition takes them, or the `skip`
  /// policy dropped their new values.
  public static func skippedRows(_ n: Int, database: String) -> String {
    "skipped \(n) row\(n == 1 ? "" : "s") outside the partition scheme of '\(database)' (a null key, a value outside every range, or a new value under newValuePartitionPolicy=skip)"
  }

  static func alreadyPersisted(_ name: String) -> String {
    "'\(name)' is persisted already; disableTablePersistence(\(name)) first to start again"
  }
  static func appendColumnCountMismatch(_ count: Int, source: String, table: String, columns: Int) -> String {
    "cannot append \(count) column\(count == 1 ? "" : "s") (\(source)) to table '\(table)' of \(columns) columns"
  }
  static func arrayColumnNotStored(_ column: String, _ type: String) -> String {
    "column '\(column)' is an array vector (\(type)); only dfs:// databases store such columns, not local folders"
  }
  static func arrayPartitionColumn(_ column: String) -> String {
    "column '\(column)' is an array vector and cannot partition a table: its cells are rows of values"
  }
  static func arrayVectorNotStored() -> String {
    "array vector columns (INT[], DOUBLE[], ...) are kept in memory only; this table is stored on disk"
  }
  static func badMvccName(_ name: String) -> String {
    "'\(name)' cannot name an mvccTable: it names a folder, so no '/' and not '.' or '..'"
  }
  static func persistedSchemaDiffers(_ name: String, _ dir: String) -> String {
    "the rows persisted for '\(name)' in '\(dir)' have other columns than the table; drop them with dropStreamTable(\"\(name)\")"
  }
  static func noMvccTable(_ dir: String) -> String { "there is no mvccTable saved in '\(dir)'" }
  static func bucketsMustBePositive(_ n: Int) -> String { "the number of buckets must be positive, not \(n)" }
  static func cannotAppendToColumn(_ column: String, table: String, _ reason: String) -> String {
    "cannot append to column '\(column)' of table '\(table)': \(reason)"
  }
  static func cannotListDirectory(_ path: String, _ reason: String) -> String {
    "cannot list the directory '\(path)': \(reason)"
  }
  static func cannotEncode(_ path: String) -> String { "cannot encode '\(path)'" }
  static func cannotParseField(_ path: String, line: Int, column: String, text: String, as type: String) -> String {
    "'\(path)' line \(line), column '\(column)': cannot read '\(text)' as \(type)"
  }
  static func cannotRemove(_ path: String, _ reason: String) -> String { "cannot remove '\(path)': \(reason)" }
  static func columnChecksumMismatch(_ path: String) -> String {
    "corrupt column file '\(path)': its checksum does not match the manifest"
  }
  static func compoSchemeShape() -> String { "a COMPO scheme is a vector of 2 or 3 database handles" }
  static func corruptMetadata(_ path: String, _ reason: String) -> String {
    "corrupt metadata file '\(path)': \(reason)"
  }
  static func corruptSymbolCodes(_ column: String) -> String { "corrupt symbol codes in '\(column)'" }
  static func databaseNeedsDirectoryOrScheme() -> String { "'database' needs a directory or a partition scheme" }
  static func databaseSchemeConflict(_ path: String, stored: String, given: String) -> String {
    "database '\(path)' exists with \(stored) partitions; it cannot be created again with \(given)"
  }
  static func delimiterNotOneByte(_ given: String) -> String {
    "the delimiter '\(given)' cannot split a text file: use one ASCII character other than a quote or a line end"
  }
  static func emptyTextFile(_ path: String) -> String { "'\(path)' is empty; loadText needs a header line" }
  static func fieldCountMismatch(_ path: String, line: Int, fields: Int, header: Int) -> String {
    "'\(path)' line \(line) has \(fields) fields; the header has \(header)"
  }
  static func fileOperationFailed(_ what: String, _ path: String, _ reason: String) -> String {
    "\(what) '\(path)': \(reason)"
  }
  static func hashKeyType(_ type: String) -> String { "a HASH scheme cannot be keyed on \(type)" }
  static func hashSchemeShape() -> String { "a HASH scheme is [type, buckets], such as [INT, 10]" }
  static func inMemoryDatabaseHoldsPartitionedTables() -> String {
    "an in-memory database (database(\"\", ...)) holds only partitioned in-memory tables: use createPartitionedTable"
  }
  static func inMemoryDatabaseNotStored(_ function: String) -> String {
    "'\(function)' needs a database on disk or in dfs://, not an in-memory database (database(\"\", ...))"
  }
  static func inMemoryLevelCountMismatch(levels: Int, columns: Int) -> String {
    "the in-memory database has \(levels) partition level\(levels == 1 ? "" : "s") but \(columns) partition columns were given"
  }
  static func inMemoryPartitionCountTooLarge() -> String {
    "the partition levels of the in-memory database make more partitions than can be numbered"
  }
  static func invalidDatabasePath(_ path: String) -> String { "invalid database path '\(path)': write it dfs://NAME" }
  static func invalidTableName(_ name: String) -> String {
    "invalid table name '\(name)': a table name cannot be empty, '.', '..' or hold '/'"
  }
  static func listSchemeShape() -> String { "a LIST scheme is a tuple of vectors, such as [`a`b, `c]" }
  static func metadataChecksumMismatch(_ path: String) -> String {
    corruptMetadata(path, "its checksum does not match its contents")
  }
  static func mustBeDatabaseHandle(_ what: String, got: String) -> String {
    "\(what) must be a database handle, not \(got)"
  }
  static func needsInMemoryTable(_ got: String) -> String {
    "the table argument must be an in-memory table, not \(got)"
  }
  static func noDatabase(_ path: String) -> String { "database '\(path)' does not exist" }
  static func noTable(_ name: String, database: String) -> String { "database '\(database)' has no table '\(name)'" }
  static func notPersisted(_ name: String) -> String {
    "'\(name)' is not persisted; enableTablePersistence(\(name)) persists it"
  }
  static func partitionColumnMissing(_ column: String) -> String { "partition column '\(column)' is missing" }
  static func partitionColumnNotInTable(_ column: String, columns: [String]) -> String {
    "partition column '\(column)' is not a column of the table (it has \(columns.joined(separator: ", ")))"
  }
  static func partitionLevelCountMismatch(_ path: String, levels: Int, columns: Int) -> String {
    "database '\(path)' has \(levels) partition level\(levels == 1 ? "" : "s") but \(columns) partition columns were given"
  }
  static func partitionSchemeType(_ type: String) -> String {
    "a partition scheme cannot hold \(type) values; use CHAR, SHORT, INT, DATE, MONTH, TIME, MINUTE, SECOND, DATETIME or SYMBOL"
  }
  static func partitionTypeInvalid() -> String { "the partition type must be VALUE, RANGE, HASH, LIST or COMPO" }
  static func partitionTypeMismatch(_ type: String, _ partition: String) -> String {
    "partition column of type \(type) does not fit a \(partition) partition"
  }
  static func persistenceNeedsSharedTable(_ function: String, _ got: String) -> String {
    "'\(function)' needs a shared stream table (share it first: share t as name), not a \(got)"
  }
  static func rangeBoundariesNotIncreasing(_ a: String, _ b: String) -> String {
    "RANGE boundaries must increase: \(a) then \(b)"
  }
  static func rangeNeedsTwoBoundaries() -> String { "a RANGE scheme needs at least two boundaries" }
  static func rowsWithoutPartition(_ count: Int) -> String {
    "\(count) row\(count == 1 ? " has" : "s have") a partition value no partition takes (null or out of range) and newValuePartitionPolicy is fail; nothing was written"
  }
  static func schemeNeedsOneType() -> String { "the partition scheme must be a vector of one type" }
  static func schemaColumnMissing(_ path: String, column: String, fileColumns: Int) -> String {
    "'\(path)' has \(fileColumns) columns; the schema's column '\(column)' reads one it does not have"
  }
  static func schemaNeedsNameAndType(_ function: String, has: [String]) -> String {
    "the schema of '\(function)' needs a 'name' and a 'type' column; it has \(has.joined(separator: ", "))"
  }
  static func seqUnsupported() -> String { "SEQ partitions are not supported; use VALUE, RANGE, HASH, LIST or COMPO" }
  static func skipRowsRange(_ n: Int) -> String { "skipRows must be 0 to 1024, not \(n)" }
  static func stringOffsetsOutOfRange() -> String { "string offsets out of range" }
  static func systemFolderNotDatabase(_ path: String) -> String {
    "'\(path)' is the node's system folder, not a database"
  }
  static func systemFolderOffLimits(_ path: String) -> String {
    "'\(path)' is in the node's system folder; scripts cannot read or write it"
  }
  static func tableExists(_ name: String, database: String) -> String {
    "table '\(name)' already exists in database '\(database)'"
  }
  static func truncatedColumnFile(_ path: String, bytes: Int) -> String {
    "truncated column file '\(path)': \(bytes) bytes"
  }
  static func unknownAtomicLevel(_ level: String) -> String {
    "unknown atomic level '\(level)'; expected TRANS or CHUNK"
  }
  static func unknownChunkGranularity(_ value: String) -> String {
    "unknown chunkGranularity '\(value)'; expected TABLE or DATABASE"
  }
  static func unknownEngine(_ name: String) -> String {
    "unknown storage engine '\(name)'; expected OLAP, TSDB, PKEY or IMOLTP"
  }
  static func unknownPartitionType(_ code: Int64) -> String { "unknown partition type \(code)" }
  static func unknownSchemaType(_ function: String, _ name: String) -> String {
    "the schema of '\(function)' names an unknown type '\(name)'"
  }
  static func valueOutsideScheme(_ value: String, database: String) -> String {
    "value \(value) is outside the partition scheme of '\(database)' and newValuePartitionPolicy is fail; nothing was written"
  }
}
