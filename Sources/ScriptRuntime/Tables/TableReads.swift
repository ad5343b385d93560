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

/// The outermost query of a session while it runs, when reads are observed.
struct TrackedQuery {
  let number: Int
  let text: String
  let start: Int64
}

extension Machine {
  /// Marks the outermost query when reads are observed; true when this call opened it (and
  /// must close it with `closeTrackedQuery`).
  func openTrackedQuery(_ text: @autoclosure () -> String) -> Bool {
    guard tableReadObserver != nil, trackedQuery == nil else { return false }
    trackedQueryCount += 1
    trackedQuery = TrackedQuery(number: trackedQueryCount, text: text(), start: clock.nowNanoseconds())
    return true
  }

  func closeTrackedQuery() { trackedQuery = nil }

  /// Tells the observer what a read of `table` returned: a table of rows, or the partial
  /// results a pushed-down aggregate gave.
  func noteRead<T>(_ table: AnyObject, returned value: T) {
    guard let observe = tableReadObserver, let t = table as? ProtectedTable, let query = trackedQuery else { return }
    let tables: [Table]
    switch value {
    case let one as Table: tables = [one]
    case let pushed as (Table, Bool)?: tables = pushed.map { [$0.0] } ?? []
    case let many as [Table]: tables = many
    default: tables = []
    }
    guard !tables.isEmpty else { return }
    observe(
      TableRead(
        database: t.databasePath, table: t.tableName, rows: tables.reduce(0) { $0 + $1.rowCount },
        bytes: tables.reduce(0) { $0 + Value.object($1).approximateBytes }, queryText: query.text,
        queryNumber: query.number, queryStart: query.start))
  }
}
