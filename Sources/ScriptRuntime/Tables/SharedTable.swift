import ScriptSyntax
import Synchronization

/// A table `share t as name` made visible to every session of a node. Sessions run on their own
/// threads, so every read and write goes through one lock: a query reads a snapshot (columns
/// are copy-on-write, so taking one copies no data), an append or `update` changes the table
/// while no other session is reading or writing it, as DolphinDB's shared in-memory tables
/// allow concurrent appends and reads.
public final class SharedTable: TableSource, AppendableTable, IndexableObject, AccessControlledObject,
  @unchecked Sendable
{
  // @unchecked: `table` is only touched under `lock`.
  private let table: Table
  private let lock = Mutex(())
  /// The name it was shared under.
  public let name: String
  /// The user who shared it.
  public let sharer: String

  init(_ table: Table, name: String, sharer: String) {
    self.table = table
    self.name = name
    self.sharer = sharer
  }

  public var accessName: String { name }
  public var creator: String { sharer }

  /// Under access control (`addAccessControl`): the owner, who with administrators and the
  /// users granted TABLE_READ or TABLE_WRITE on the name may use it; nil while any session may.
  public var accessOwner: String? { hooks.withLock { $0.controlled ? sharer : nil } }

  /// Puts the table under access control (`addAccessControl`).
  public func addAccessControl() { hooks.withLock { $0.controlled = true } }

  /// Called (outside the lock) when a change added rows: the node's subscriptions.
  public var onGrow: (@Sendable (SharedTable) -> Void)? {
    get { hooks.withLock { $0.onGrow } }
    set { hooks.withLock { $0.onGrow = newValue } }
  }
  /// `setStreamTableFilterColumn`: the column a subscription's filter tests.
  public var filterColumn: String? {
    get { hooks.withLock { $0.filterColumn } }
    set { hooks.withLock { $0.filterColumn = newValue } }
  }
  private let hooks = Mutex<(onGrow: (@Sendable (SharedTable) -> Void)?, filterColumn: String?, controlled: Bool)>(
    (nil, nil, false))

  /// Runs `body` on the table while no other session touches it.
  public func withTable<T>(_ body: (Table) throws(ScriptError) -> T) throws(ScriptError) -> T {
    let (result, grew) = try lock.withLock { _ throws(ScriptError) -> (T, Bool) in
      let before = table.rowCount
      let r = try body(table)
      return (r, table.rowCount > before)
    }
    if grew, let onGrow { onGrow(self) }
    return result
  }

  /// The rows as they are now.
  public var snapshot: Table { lock.withLock { _ in table.copy() } }

  public var form: Value.Form { .table }
  public var dataType: DataType { .any }
  public var typeString: String { "IN-MEMORY TABLE" }
  public var rowCount: Int { lock.withLock { _ in table.rowCount } }
  public func render(_ formatter: ValueFormatter) -> String { snapshot.render(formatter) }
  public func member(_ name: String) -> Value? { snapshot.member(name) }
  public var rows: [Value]? { snapshot.rows }
  public var columnNames: [String] { lock.withLock { _ in table.names } }
  public var columnTypes: [DataType] { lock.withLock { _ in table.columnTypes } }

  public func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table { snapshot }

  public func append(columns: [Vector], from source: String) throws(ScriptError) {
    try withTable { t throws(ScriptError) in try t.append(columns: columns, from: source) }
  }

  public func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    try append(columns: columns, from: source)
  }

  public func index(_ i: Value) throws(ScriptError) -> Value { try snapshot.index(i) }

  public func setIndex(_ i: Value, _ v: Value) throws(ScriptError) {
    try withTable { t throws(ScriptError) in try t.setIndex(i, v) }
  }
}

/// The shared tables of a node, by name (case-sensitive, as variables are). One registry serves
/// every session of a node; a session without a node has its own.
public final class SharedObjects: @unchecked Sendable {
  // @unchecked: the tables are reached only through their own locks.
  private let tables = Mutex<[String: SharedTable]>([:])

  /// The subscriptions to these tables.
  public let streams = StreamHub()
  /// The stream engines.
  public let engines = StreamEngines()
  /// The trading calendars (`addMarketHoliday`, the files of `marketHolidayDir`).
  public let calendars = TradingCalendars()
  /// Modules `loadModule` made every new session import, with their text, in the order loaded.
  private let preloads = Mutex<[(name: String, source: SourceFile)]>([])

  /// Makes every session started from now on import `module` from `source`.
  public func preload(module: String, source: SourceFile) {
    preloads.withLock { all in
      if !all.contains(where: { $0.name == module }) { all.append((module, source)) }
    }
  }

  /// The modules every new session imports.
  public var preloadedModules: [(name: String, source: SourceFile)] { preloads.withLock { $0 } }

  public init() {}

  /// Shares `table` as `name`; a name already shared is refused (undef it first).
  public func share(_ table: Table, as name: String, by sharer: String) throws(ScriptError) -> SharedTable {
    try tables.withLock { (all: inout [String: SharedTable]) throws(ScriptError) -> SharedTable in
      guard all[name] == nil else { throw ScriptError(RuntimeMessages.alreadyShared(name)) }
      let shared = SharedTable(table, name: name, sharer: sharer)
      all[name] = shared
      return shared
    }
  }

  /// The table shared as `name`.
  public func table(_ name: String) -> SharedTable? { tables.withLock { $0[name] } }

  /// Stops sharing `name`; false if nothing was shared under it.
  public func remove(_ name: String) -> Bool { tables.withLock { $0.removeValue(forKey: name) != nil } }

  /// The shared names, sorted.
  public var names: [String] { tables.withLock { $0.keys.sorted() } }
}

extension SharedTable: ColumnAddingTable {
  /// `addColumn` on a shared (stream) table: null columns added while no session touches it.
  public func addColumns(_ names: [String], _ types: [DataType], _ m: Machine) throws(ScriptError) {
    try withTable { t throws(ScriptError) in
      for n in names where t.columnIndex(n) != nil { throw ScriptError(RuntimeMessages.duplicateColumn(n)) }
      for (n, type) in zip(names, types) { try t.setColumn(n, .vector(Vector.nulls(type, count: t.rowCount))) }
    }
  }
}
