import ScriptRuntime
import Synchronization

/// What stream engines share: a name, the columns they take (the dummy table's), the table
/// their results go to, and counters. Rows reach an engine as a table's do (`append!`,
/// `tableInsert`, or as a subscription's handler) and are computed by the session that gives
/// them.
class StreamEngine: MachineAppendable, AccessControlledObject, @unchecked Sendable {
  // @unchecked: the engine's state is only touched under `lock`.
  let name: String
  let inputNames: [String]
  let inputTypes: [DataType]
  /// Where results go: a table (or another engine).
  let output: AppendableTable
  let lock = Mutex(())
  private let counters = Mutex<(rows: Int, lastError: String)>((0, ""))
  /// Who made the engine, and whether it is under access control (`addAccessControl`).
  private let control = Mutex<(creator: String, controlled: Bool)>(("", false))

  var accessName: String { name }
  var creator: String { control.withLock { $0.creator } }
  var accessOwner: String? { control.withLock { $0.controlled ? $0.creator : nil } }
  func addAccessControl() { control.withLock { $0.controlled = true } }
  /// Records the user who made the engine.
  func made(by user: String) { control.withLock { $0.creator = user } }

  init(name: String, dummy: Value, output: Value, _ what: String) throws(ScriptError) {
    guard case .object(let d as AppendableTable) = dummy else {
      throw ScriptError(RuntimeMessages.mustBeTable("the dummyTable of '\(what)'", got: dummy.typeString))
    }
    guard case .object(let o as AppendableTable) = output else {
      throw ScriptError(RuntimeMessages.mustBeTable("the outputTable of '\(what)'", got: output.typeString))
    }
    self.name = name
    inputNames = d.columnNames
    inputTypes = d.columnTypes
    self.output = o
  }

  var engineType: String { "" }
  var form: Value.Form { .table }
  var dataType: DataType { .any }
  var typeString: String { engineType }
  var rowCount: Int { 0 }
  func render(_ formatter: ValueFormatter) -> String { "<\(engineType) \(name)>" }
  func member(_ name: String) -> Value? { nil }
  var rows: [Value]? { nil }
  var columnNames: [String] { inputNames }
  var columnTypes: [DataType] { inputTypes }
  var processedRows: Int { counters.withLock { $0.rows } }
  var lastError: String { counters.withLock { $0.lastError } }

  func append(columns: [Vector], from source: String) throws(ScriptError) {
    throw ScriptError(RuntimeMessages.engineNeedsSession(name))
  }

  func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    throw ScriptError(RuntimeMessages.engineNeedsSession(name))
  }

  func append(columns: [Vector], from source: String, machine: Machine) throws(ScriptError) {
    try machine.requireWrite(self, .insert)
    try feed(columns, names: inputNames, types: inputTypes, from: source, machine) { input throws(ScriptError) in
      try process(input, machine)
    }
  }

  /// Results the engine makes of itself (a timer's), computed under the engine's lock and sent
  /// to the output table.
  func emit(_ machine: Machine, _ compute: () throws(ScriptError) -> [Vector]?) throws(ScriptError) {
    do {
      let results = try lock.withLock { _ throws(ScriptError) in try compute() }
      if let results, results.first.map({ $0.count > 0 }) == true {
        try output.append(columns: results, from: "the engine \(name)", in: machine)
      }
    } catch {
      counters.withLock { $0.lastError = error.message }
      throw error
    }
  }

  /// Rows into the engine: made a table of `names` and `types`, computed by `compute` under the
  /// engine's lock, and its results sent to the output table.
  func feed(
    _ columns: [Vector], names: [String], types: [DataType], from source: String, _ machine: Machine,
    _ compute: (Table) throws(ScriptError) -> [Vector]?
  ) throws(ScriptError) {
    let input = try Table(names: names, columns: types.map { Vector.empty($0) })
    try input.append(columns: columns, from: source)
    do {
      let results = try lock.withLock { _ throws(ScriptError) in try compute(input) }
      if let results, results.first.map({ $0.count > 0 }) == true {
        try output.append(columns: results, from: "the engine \(name)", in: machine)
      }
      counters.withLock { $0.rows += input.rowCount }
    } catch {
      counters.withLock { $0.lastError = error.message }
      throw error
    }
  }

  /// One output column from the values its rows have: typed by the values (a vector of
  /// DOUBLE when they have no one type).
  static func resultColumn(_ values: [Value]) -> Vector {
    if case .vector(let v) = collectTyped(values, empty: .double) { return v }
    var v = Vector.empty(.double)
    for x in values { try? v.append(x) }
    return v
  }

  /// The rows of a batch a windowed engine takes: a time that is not null and not so close to
  /// the ends of Int64 that window arithmetic (a few windows of at most 2^50 added to it) would
  /// overflow (NANOTIMESTAMPs in the last weeks of 2262).
  static func windowableRows(_ times: [Int64]) -> [Int] {
    let edge = Int64.max - (1 << 52)
    return times.indices.filter { times[$0] != Value.nullInt && times[$0] > -edge && times[$0] < edge }
  }

  /// Output rows as columns: the first a time of `timeType`, the others typed by their values.
  static func timedColumns(_ rows: [[Value]], timeType: DataType) -> [Vector]? {
    guard let first = rows.first else { return nil }
    return (0..<first.count).map { c in
      let column = rows.map { $0[c] }
      if c == 0 { return Vector(type: timeType, ints: column.map { $0.intValue ?? Value.nullInt }) }
      return resultColumn(column)
    }
  }

  /// `addMetrics`: later results also compute `added` (engines that allow it override this).
  func addMetrics(_ added: EngineMetrics, windowSize: Value?, fill: Value?) throws(ScriptError) {
    throw ScriptError(RuntimeMessages.cannotAddMetrics(engineType))
  }

  /// The result rows (columns in the output table's order) of a batch of input rows, or nil.
  func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? { nil }

  /// A windowed engine's time column (which must be temporal) and key columns in its dummy
  /// table: their positions and the time column's type.
  static func timeAndKeys(_ dummy: Value, _ timeColumn: String, _ keys: [String]) throws(ScriptError) -> (
    Int, [Int], DataType
  ) {
    let dummyNames: [String]
    let dummyTypes: [DataType]
    if case .object(let d as AppendableTable) = dummy {
      (dummyNames, dummyTypes) = (d.columnNames, d.columnTypes)
    } else {
      (dummyNames, dummyTypes) = ([], [])
    }
    let timeIndex = try columns([timeColumn], in: dummyNames, "timeColumn")[0]
    let keyIndices = try columns(keys, in: dummyNames, "keyColumn")
    let timeType = dummyTypes[timeIndex]
    guard timeType.isTemporal else {
      throw ScriptError(RuntimeMessages.timeColumnNotTemporal(timeColumn, timeType.name))
    }
    return (timeIndex, keyIndices, timeType)
  }

  /// The columns of `table` named `names`, refused when one is missing.
  static func columns(_ names: [String], in table: [String], _ what: String) throws(ScriptError) -> [Int] {
    var out: [Int] = []
    for n in names {
      guard let k = table.firstIndex(where: { $0.lowercased() == n.lowercased() }) else {
        throw ScriptError(RuntimeMessages.unknownColumn(n, known: table))
      }
      out.append(k)
    }
    return out
  }
}
