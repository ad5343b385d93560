import ScriptSyntax

/// One read of a database table by a query, as resource tracking records it (DolphinDB's
/// `getUserTableAccessRecords`): which table, how many rows and bytes the storage returned,
/// and the outermost query that asked.
public struct TableRead: Sendable {
  public let database: String
  public let table: String
  public let rows: Int
  public let bytes: Int
  /// The outermost query's text, as written.
  public let queryText: String
  /// Numbers the outermost queries of a session in order: reads with one number belong to one
  /// query (its subqueries and joins included).
  public let queryNumber: Int
  /// When the outermost query began (the session clock's nanoseconds).
  public let queryStart: Int64
}

/// The outermost query of a session while it runs, when reads are observed or queries monitored.
struct TrackedQuery {
  let number: Int
  /// Where its text is; read only when a read or the monitor needs it.
  let range: SourceRange
  let start: Int64
  /// Whether it read a database table and the monitor was told it began.
  var monitored = false
  /// The bytes its reads of database tables returned so far (for TASK_GROUP_MEM_LIMIT).
  var bytesRead = 0
}

/// What the query monitor is told of a session's outermost query that reads a database table
/// (one at a time): it began (at its own start, in the session clock's nanoseconds), or the
/// one that began ended (with its error, "" when it succeeded).
public enum QueryEvent: Sendable {
  case began(text: String, start: Int64)
  case ended(end: Int64, error: String)
}

extension Machine {
  /// Marks the outermost query when reads are observed; true when this call opened it (and
  /// must close it with `closeTrackedQuery`).
  func openTrackedQuery(_ range: SourceRange) -> Bool {
    guard tableReadObserver != nil || queryMonitor != nil || taskGroupLimit != nil, trackedQuery == nil else {
      return false
    }
    trackedQueryCount += 1
    trackedQuery = TrackedQuery(number: trackedQueryCount, range: range, start: clock.nowNanoseconds())
    queryProgress.reset()
    return true
  }

  /// The progress a table this session opens reports to: nil unless queries are monitored, so
  /// an unmonitored session's reads count nothing (not even the bytes they return).
  public var monitoredQueryProgress: QueryProgress? { queryMonitor == nil ? nil : queryProgress }

  /// Ends the outermost query; the monitor hears of it when it read a database table.
  func closeTrackedQuery(error: String = "") {
    if trackedQuery?.monitored == true { queryMonitor?(.ended(end: clock.nowNanoseconds(), error: error)) }
    trackedQuery = nil
  }

  /// Before a query reads `table`: the first database table the outermost query reads makes
  /// it a monitored query.
  func noteQueryReads(_ table: AnyObject) {
    guard let monitor = queryMonitor, let q = trackedQuery, !q.monitored, table is ProtectedTable else { return }
    trackedQuery?.monitored = true
    monitor(.began(text: q.range.text, start: q.start))
  }

  /// Tells the observer what a read of `table` returned: a table of rows, or the partial
  /// results a pushed-down aggregate gave.
  func noteRead<T>(_ table: AnyObject, returned value: T) {
    // Sizes are measured only for an observer or a user with a TASK_GROUP_MEM_LIMIT (a STRING
    // column's size is a walk over its strings).
    guard tableReadObserver != nil || taskGroupLimit?() != nil, let t = table as? ProtectedTable,
      let query = trackedQuery
    else { return }
    let tables: [Table]
    switch value {
    case let one as Table: tables = [one]
    case let pushed as (Table, Bool)?: tables = pushed.map { [$0.0] } ?? []
    case let many as [Table]: tables = many
    default: tables = []
    }
    guard !tables.isEmpty else { return }
    let bytes = tables.reduce(0) { $0 &+ Value.object($1).approximateBytes }
    trackedQuery?.bytesRead &+= bytes
    tableReadObserver?(
      TableRead(
        database: t.databasePath, table: t.tableName, rows: tables.reduce(0) { $0 + $1.rowCount }, bytes: bytes,
        queryText: query.range.text, queryNumber: query.number, queryStart: query.start))
  }

  /// Refuses a query whose reads of database tables passed the user's TASK_GROUP_MEM_LIMIT.
  func checkTaskGroupLimit() throws(ScriptError) {
    guard let limit = taskGroupLimit?(), let read = trackedQuery?.bytesRead, read > limit else { return }
    throw ScriptError(
      RuntimeMessages.taskGroupTooLarge(Machine.describeBytes(read), limit: Machine.describeBytes(limit)))
  }
}
