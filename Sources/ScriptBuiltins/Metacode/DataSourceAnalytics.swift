import ScriptRuntime

/// Analytics over data sources (`sqlDS`, `repartitionDS`, `textChunkDS`): `olsEx`, a
/// regression over every source's rows, and `imr`, map-reduce repeated until it converges.
enum DataSourceAnalytics {
  /// A data source's rows (a value that is no data source stands for itself).
  static func rows(ofPiece source: Value, _ machine: Machine) throws(ScriptError) -> Value {
    if case .object(let o) = source, let ds = o as? DataSourceObject { return try ds.rows(machine) }
    return source
  }

  /// Every data source's rows, all read.
  static func rows(_ sources: Value, _ machine: Machine) throws(ScriptError) -> [Value] {
    var out: [Value] = []
    for source in MetacodeBuilder.items(sources) { out.append(try rows(ofPiece: source, machine)) }
    return out
  }

  /// One map-reduce round: `map` on each piece's rows (with `extra` arguments after them), the
  /// results folded by `reduce` (else a tuple of them), then `final` on that (after `extra`:
  /// imr's final function takes the previous estimate, then the round's result). A data source
  /// is read just before its map, so no more than one is held at a time.
  static func round(
    _ pieces: [Value], map: FunctionValue, extra: [Value] = [], reduce: FunctionValue?, final: FunctionValue?,
    _ m: Machine
  ) throws(ScriptError) -> Value {
    var results: [Value] = []
    for piece in pieces { results.append(try m.call(map, [try rows(ofPiece: piece, m)] + extra)) }
    var result: Value = .tuple(results)
    if let reduce {
      guard var acc = results.first else { throw ScriptError(RuntimeMessages.mrNeedsDataSource()) }
      for r in results.dropFirst() { acc = try m.call(reduce, [acc, r]) }
      result = acc
    }
    if let final { result = try m.call(final, extra + [result]) }
    return result
  }

  /// The named columns of every data source as DOUBLEs, one after the other; each source is read
  /// in turn and only those columns kept.
  static func columns(_ sources: Value, _ names: [String], _ function: String, _ m: Machine) throws(ScriptError)
    -> [Vector]
  {
    var out = names.map { _ in Vector.empty(.double) }
    for source in MetacodeBuilder.items(sources) {
      let piece = try rows(ofPiece: source, m)
      guard case .object(let o) = piece, let t = o as? Table else {
        throw ScriptError(RuntimeMessages.mustBeTable("a data source of '\(function)'", got: piece.typeString))
      }
      for (k, name) in names.enumerated() {
        guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.unknownColumn(name, known: t.names)) }
        try out[k].append(contentsOf: Vector(doubles: c.doubles))
      }
    }
    return out
  }

  static let olsEx = Builtin("olsEx", args: 3...5, parameterNames: ["ds", "Y", "X", "intercept", "mode"]) {
    a throws(ScriptError) in
    let y = try a.text(1, "the Y column of 'olsEx'")
    var xs: [String] = []
    switch a[2] {
    case .string(let s, _): xs = [s]
    case .vector(let v) where v.type.isText: xs = v.strings
    default: break
    }
    guard !xs.isEmpty else {
      throw ScriptError(RuntimeMessages.mustBeString("the X columns of 'olsEx'", got: a[2].typeString))
    }
    let cols = try columns(a[0], [y] + xs, "olsEx", a.machine)
    let x = Value.object(try Table(names: xs, columns: Array(cols.dropFirst())))
    let intercept = a.has(3) ? a[3].isTruthy : true
    let mode = a.has(4) ? try a.integer(4, "the mode of 'olsEx'") : 0
    return try Regression.result(
      try Regression.fit(cols[0].doubles, x, intercept: intercept), intercept: intercept, mode: mode)
  }

  /// Iterations `imr` runs at most before it gives up (a terminate function that never says
  /// stop would otherwise run until interrupted).
  static let maxIterations = 100_000

  static let imr = Builtin(
    "imr", args: 3...7,
    parameterNames: ["ds", "initValue", "mapFunc", "reduceFunc", "finalFunc", "terminateFunc", "carryover"]
  ) { a throws(ScriptError) in
    // imr(ds, initValue, mapFunc, [reduceFunc], [finalFunc], terminateFunc, [carryover]).
    let map = try a.function(2, "the map function of 'imr'")
    let terminateIndex = 5
    guard a.has(terminateIndex) else { throw ScriptError(RuntimeMessages.imrNeedsTerminate()) }
    if a.has(6), a[6].isTruthy { throw ScriptError(RuntimeMessages.imrCarryover()) }
    let reduce = a.has(3) ? try a.function(3, "the reduce function of 'imr'") : nil
    let final = a.has(4) ? try a.function(4, "the final function of 'imr'") : nil
    let pieces = try rows(a[0], a.machine)
    guard !pieces.isEmpty else { throw ScriptError(RuntimeMessages.mrNeedsDataSource()) }
    var previous = a[1]
    for _ in 0..<maxIterations {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      let current = try round(pieces, map: map, extra: [previous], reduce: reduce, final: final, a.machine)
      let stop: Bool
      if case .function(let terminate) = a[terminateIndex] {
        stop = try a.machine.call(terminate, [previous, current]).isTruthy
      } else {
        // A threshold: stop when no element moved by more than it.
        let limit = a[terminateIndex].rawDouble
        let change = try Arithmetic.apply(.sub, current, previous)
        let moved: Double
        switch change {
        case .vector(let v): moved = v.doubles.map { abs($0) }.max() ?? 0
        default: moved = abs(change.rawDouble)
        }
        stop = !(moved > limit)
      }
      if stop { return current }
      previous = current
    }
    throw ScriptError(RuntimeMessages.imrDidNotConverge(maxIterations))
  }
}
