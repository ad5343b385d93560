import ScriptRuntime

/// `addMetrics(engine, newMetrics, newMetricsSchema, [windowSize], [fill])` (alias
/// `extendMetrics`): an engine's later results also compute the new metrics, in columns added
/// to its output table (null in the rows written before). The engine is the object or its
/// name; `newMetricsSchema` is a table naming and typing one column per new metric; a
/// time-series engine computes them over `windowSize`, one of its window lengths (the first by
/// default). When the engine fills empty windows, `fill` says how the new metrics do (null by
/// default).
enum EngineMetricsAddition {
  static let builtin = Builtin(
    "addMetrics", args: 3...5, parameterNames: ["engine", "newMetrics", "newMetricsSchema", "windowSize", "fill"]
  ) { a throws(ScriptError) in
    let engine: StreamEngine
    switch a[0] {
    case .object(let e as StreamEngine): engine = e
    case .string(let name, _):
      guard let e = a.machine.sharedObjects.engines.engine(name) as? StreamEngine else {
        throw ScriptError(RuntimeMessages.noEngine(name))
      }
      engine = e
    default: throw ScriptError(RuntimeMessages.notStreamEngine("addMetrics", a[0].typeString))
    }
    try a.machine.requireWrite(engine, .insert)
    let added = try EngineMetrics(a[1], a.machine)
    guard case .object(let schema as AppendableTable) = a[2] else {
      throw ScriptError(RuntimeMessages.mustBeTable("newMetricsSchema", got: a[2].typeString))
    }
    guard schema.columnNames.count == added.count else {
      throw ScriptError(RuntimeMessages.addedMetricsSchema(added.count, schema.columnNames.count))
    }
    // The output table must take the columns, checked before the engine changes.
    let output = engine.output
    guard output is Table || output is SharedTable || output is ColumnAddingTable else {
      throw ScriptError(RuntimeMessages.addedMetricsOutput(output.typeString))
    }
    let taken = Set(output.columnNames.map { $0.lowercased() })
    if let clash = schema.columnNames.first(where: { taken.contains($0.lowercased()) }) {
      throw ScriptError(RuntimeMessages.duplicateColumn(clash))
    }
    try engine.addMetrics(added, windowSize: a.has(3) ? a[3] : nil, fill: a.has(4) ? a[4] : nil)
    switch output {
    case let t as Table:
      for (name, type) in zip(schema.columnNames, schema.columnTypes) {
        try t.setColumn(name, .vector(Vector.nulls(type, count: t.rowCount)))
      }
    case let shared as SharedTable: try shared.addColumns(schema.columnNames, schema.columnTypes, a.machine)
    case let stored as ColumnAddingTable: try stored.addColumns(schema.columnNames, schema.columnTypes, a.machine)
    default: break
    }
    return .void
  }
}
