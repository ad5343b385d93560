import ScriptRuntime
import ScriptSyntax

/// The engines of a `streamEngineParser` pipeline, made from its stages: each stage's engine
/// outputs to the next, the last to the user's output table.
enum StreamPipeline {
  static let parameters = [
    "name", "metrics", "dummyTable", "outputTable", "keyColumn", "timeColumn", "useSystemTime", "snapshotDir",
    "snapshotIntervalInMsgCount", "raftGroup", "filter", "keepOrder", "keyPurgeFilter", "keyPurgeFreqInSecond",
    "triggeringPattern", "triggeringInterval", "lastBatchOnly", "contextByColumn", "updateTime",
    "useWindowStartTime", "roundTime", "forceTriggerTime", "sessionBegin", "sessionEnd", "mergeSessionEnd", "closed",
    "fill", "garbageSize", "forceTriggerSessionEndTime", "keyPurgeFreqInSec",
  ]

  /// `streamEngineParser(...)`: the pipeline's first engine.
  static func make(_ a: CallArguments) throws(ScriptError) -> Value {
    let m = a.machine
    let name = try a.text(0, "name")
    let codes = try EngineMetrics(a[1], m).codes
    guard case .object(let dummy as AppendableTable) = a[2] else {
      throw ScriptError(RuntimeMessages.mustBeTable("the dummyTable of 'streamEngineParser'", got: a[2].typeString))
    }
    guard a.has(5) else { throw ScriptError(RuntimeMessages.parserNeedsTimeColumn()) }
    // The key and time columns as the dummy table spells them.
    let keys = try StreamEngine.columns(try EngineBuiltins.names(a, 4), in: dummy.columnNames, "keyColumn").map {
      dummy.columnNames[$0]
    }
    let time = dummy.columnNames[
      try StreamEngine.columns([try a.text(5, "timeColumn")], in: dummy.columnNames, "timeColumn")[0]]
    var parser = StreamEngineParser(
      machine: m, inputNames: dummy.columnNames, inputTypes: dummy.columnTypes, keys: keys, time: time)
    let stages = try parser.split(codes.map(\.expr))
    var bindings: [String: Value] = [:]
    for c in codes { bindings.merge(c.bindings) { a, _ in a } }
    for i in stages.indices where m.sharedObjects.engines.engine(name + String(i)) != nil {
      throw ScriptError(RuntimeMessages.engineExists(name + String(i)))
    }
    var output = a[3]
    var made: [String] = []
    do {
      for i in stages.indices.reversed() {
        let input: Value = i == 0 ? a[2] : .object(try schema(of: stages[i - 1], last: false, parser))
        let metrics = columns(of: stages[i], last: i == stages.count - 1, parser)
        let code = Value.tuple(metrics.map { .object(MetaCode($0.expr, bindings: bindings)) })
        let engine = try engine(stages[i], name: name + String(i), code, input, output, time, keys, a)
        _ = try EngineBuiltins.register(engine, a)
        made.append(engine.name)
        output = .object(engine)
      }
    } catch {
      for n in made { _ = m.sharedObjects.engines.remove(n) }
      throw error
    }
    return output
  }

  /// One stage's engine.
  static func engine(
    _ stage: StreamEngineParser.Stage, name: String, _ metrics: Value, _ input: Value, _ output: Value,
    _ time: String, _ keys: [String], _ a: CallArguments
  ) throws(ScriptError) -> StreamEngine {
    let m = a.machine
    switch stage.kind {
    case .crossSectional:
      return try CrossSectionalEngine(
        name: name, metrics: metrics, dummy: input, output: output, keys: keys,
        triggering: a.has(14) ? try a.text(14, "triggeringPattern") : "perBatch",
        triggeringInterval: a.has(15) ? a[15] : nil, useSystemTime: a.has(6) && a[6].isTruthy, timeColumn: time,
        contextBy: a.has(17) ? try a.text(17, "contextByColumn") : nil, m)
    case .timeSeries:
      return try TimeSeriesEngine(
        name: name, windowSize: try windows(of: stage), step: stage.step ?? .int(1, .int), metrics: metrics,
        dummy: input, output: output, timeColumn: time, keys: keys, useWindowStartTime: a.has(19) && a[19].isTruthy,
        fill: a.has(26) ? a[26] : nil, m)
    case .reactive, .none:
      return try ReactiveStateEngine(
        name: name, metrics: metrics, dummy: input, output: output, keys: keys, filter: nil, m)
    }
  }

  /// The metrics a stage's engine computes: a reactive stage also carries the time column, a
  /// cross-sectional one the keys (the engines put the others first themselves).
  static func columns(of stage: StreamEngineParser.Stage, last: Bool, _ p: StreamEngineParser) -> [(
    name: String, expr: Expr
  )] {
    let r = ExprPrinter.builtRange
    guard !last else { return stage.metrics }
    switch stage.kind {
    case .reactive, .none: return [(p.time, Expr(.name(p.time), r))] + stage.metrics
    case .crossSectional: return p.keys.map { ($0, Expr(.name($0), r)) } + stage.metrics
    case .timeSeries: return stage.metrics
    }
  }

  /// The table a stage's output looks like, the next stage's dummy table: carried columns keep
  /// their types, computed ones are DOUBLE.
  static func schema(of stage: StreamEngineParser.Stage, last: Bool, _ p: StreamEngineParser) throws(ScriptError)
    -> Table
  {
    let metrics = columns(of: stage, last: last, p).map(\.name)
    let names: [String]
    switch stage.kind {
    case .reactive, .none: names = p.keys + metrics
    case .crossSectional: names = [p.time] + metrics
    case .timeSeries: names = [p.time] + p.keys + metrics
    }
    let types = names.map { n in
      p.inputNames.firstIndex { $0.lowercased() == n.lowercased() }.map { p.inputTypes[$0] } ?? .double
    }
    return try Table(names: names, columns: types.map { Vector.empty($0) })
  }

  /// A time-series stage's window per metric: that of the `rolling` call inside it (a carried
  /// column takes the first metric's); one value when they are all the same.
  static func windows(of stage: StreamEngineParser.Stage) throws(ScriptError) -> Value {
    let printer = StreamEngineParser.printer
    let found = stage.metrics.map { metric -> Value? in
      var window: Value?
      _ = metric.expr.rewritten { x in
        if window == nil, let w = stage.windows[printer.render(x)] { window = w }
        return nil
      }
      return window
    }
    guard let first = found.compactMap({ $0 }).first else { return .int(1, .int) }
    let windows = found.map { $0 ?? first }
    if windows.allSatisfy({ Comparison.eqObj($0, first) }) { return first }
    var sizes: [Int64] = []
    for window in windows {
      guard case .int(let n, let type) = window, type.isIntegral, n != Value.nullInt else {
        throw ScriptError(RuntimeMessages.parserWindows())
      }
      sizes.append(n)
    }
    return .vector(Vector(type: .long, ints: sizes))
  }
}
