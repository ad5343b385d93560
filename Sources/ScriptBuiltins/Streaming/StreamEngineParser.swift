import ScriptRuntime
import ScriptSyntax

/// `streamEngineParser`: splits factor metrics into a pipeline of engines, as DolphinDB's
/// parser does. A `row` function (`rowRank`, `rowSum`, `byRow`) is computed across keys in a
/// cross-sectional engine (as `rank`, `sum`, ... over the latest row of each key), `rolling`
/// in a time-series engine (its window and step in units of the time column), every other call
/// in a reactive state engine, which may nest them; an operator is computed where its operands
/// are. A call of another kind than the stage it is in is computed in the nearest stage before
/// it of that kind (a new one when there is none) and reaches it as a column; the key and time
/// columns go through every stage. Script functions that call `row` functions or `rolling` are
/// opened up (their assignments and return become one expression). The stages are engines
/// named `name0`, `name1`, ... in pipeline order; the first is returned.
struct StreamEngineParser {
  enum Kind: Equatable {
    case none, reactive, crossSectional, timeSeries

    /// The name `getStreamEngineStat` and messages give the kind.
    var text: String {
      switch self {
      case .none: return "expression"
      case .reactive: return "reactive state"
      case .crossSectional: return "cross-sectional"
      case .timeSeries: return "time-series"
      }
    }
  }

  /// One engine of the pipeline: its kind and its metrics, each an output column.
  final class Stage {
    var kind: Kind = .none
    /// The metrics after the columns the engine puts first, as (column name, expression).
    var metrics: [(name: String, expr: Expr)] = []
    /// The window of each `rolling` call the stage computes, by the call's text; the step all
    /// of them share.
    var windows: [String: Value] = [:]
    var step: Value?
  }

  let machine: Machine
  let inputNames: [String]
  let inputTypes: [DataType]
  let keys: [String]
  let time: String
  private(set) var stages: [Stage] = []
  private var serial = 0
  /// The names of the columns stages compute.
  private var computed: Set<String> = []
  /// How deep script functions are opened inside each other, bounded.
  private var depth = 0
  static let maxDepth = 64

  init(machine: Machine, inputNames: [String], inputTypes: [DataType], keys: [String], time: String) {
    self.machine = machine
    self.inputNames = inputNames
    self.inputTypes = inputTypes
    self.keys = keys
    self.time = time
  }

  /// The stages for `metrics`, the last one giving them in order.
  mutating func split(_ metrics: [Expr]) throws(ScriptError) -> [Stage] {
    let last = Stage()
    stages = [last]
    var top: [Expr] = []
    for metric in metrics { top.append(try place(StreamEngineParser.rebuilt(metric), in: last, flat: false)) }
    if last.kind == .none { last.kind = .reactive }
    var final: [(name: String, expr: Expr)] = []
    for (i, e) in top.enumerated() {
      // A reactive engine puts the keys first by itself.
      if last.kind == .reactive, case .name(let n) = e.kind, isKey(n) { continue }
      final.append(("m\(i)", e))
    }
    if last.kind == .reactive { final.insert((time, name(time)), at: 0) }
    last.metrics = final
    carryColumns()
    return stages
  }

  /// The kind of engine a call to `function` belongs in.
  func kind(of function: String) -> Kind {
    if function == "rolling" { return .timeSeries }
    if function == "byRow" { return .crossSectional }
    if StreamEngineParser.rowFunctions.contains(function), machine.registry[function] != nil { return .crossSectional }
    return .reactive
  }

  /// The `row` functions that mean "across the keys" (DolphinDB's list, and the newer ones);
  /// `rows` or `rowNo` do not.
  static let rowFunctions: Set<String> = [
    "rowAvg", "rowCount", "rowDenseRank", "rowMax", "rowMin", "rowProd", "rowRank", "rowSize", "rowSkew", "rowStd",
    "rowStdp", "rowSum", "rowSum2", "rowVar", "rowVarp", "rowAnd", "rowOr", "rowXor", "rowKurtosis", "rowImax",
    "rowImin", "rowMed", "rowWavg", "rowWsum", "rowCorr", "rowCovar", "rowCovarp", "rowBeta",
  ]

  /// `e` as `stage` computes it: in terms of the stage's input columns. `flat`: calls go to
  /// stages before (the arguments of a cross-sectional or time-series metric).
  private mutating func place(_ e: Expr, in stage: Stage, flat: Bool) throws(ScriptError) -> Expr {
    let r = ExprPrinter.builtRange
    switch e.kind {
    case .name(let n):
      guard let column = inputColumn(n) else { return e }
      return name(column)
    case .unary(let op, let x): return Expr(.unary(op: op, try place(x, in: stage, flat: flat)), r)
    case .binary(let op, let a, let b):
      return Expr(.binary(op: op, try place(a, in: stage, flat: flat), try place(b, in: stage, flat: flat)), r)
    case .comparisonChain(let xs, let ops):
      var placed: [Expr] = []
      for x in xs { placed.append(try place(x, in: stage, flat: flat)) }
      return Expr(.comparisonChain(placed, ops), r)
    case .tuple(let items):
      var placed: [Expr] = []
      for x in items { placed.append(try place(x, in: stage, flat: flat)) }
      return Expr(.tuple(placed), r)
    case .bracketVector(let items):
      var placed: [Expr] = []
      for x in items { placed.append(try place(x, in: stage, flat: flat)) }
      return Expr(.bracketVector(placed), r)
    case .methodCall(let receiver, let function, let args):
      return try place(
        Expr(.call(Expr(.name(function), r), [Argument(name: nil, value: receiver)] + args), r), in: stage, flat: flat)
    case .call(let callee, let args):
      guard case .name(let function) = callee.kind else { return try reactiveCall(e, in: stage, flat: flat) }
      if let opened = try open(function, args) {
        depth += 1
        defer { depth -= 1 }
        return try place(opened, in: stage, flat: flat)
      }
      let kind = kind(of: function)
      if flat { return try column(of: e, kind: kind, before: stage) }
      if stage.kind == .none { stage.kind = kind }
      guard stage.kind == kind else { return try column(of: e, kind: kind, before: stage) }
      switch kind {
      case .crossSectional: return try crossSectional(function, args, in: stage)
      case .timeSeries: return try rolling(args, in: stage)
      default: return try reactiveCall(e, in: stage, flat: false)
      }
    default:
      return e
    }
  }

  /// Arguments as `stage` computes them.
  private mutating func place(_ args: [Argument], in stage: Stage, flat: Bool) throws(ScriptError) -> [Argument] {
    var placed: [Argument] = []
    for a in args {
      let value = try a.value.map { v throws(ScriptError) in try place(v, in: stage, flat: flat) }
      placed.append(Argument(name: a.name, value: value, alias: a.alias))
    }
    return placed
  }

  /// A reactive state call: its arguments computed in the same stage.
  private mutating func reactiveCall(_ e: Expr, in stage: Stage, flat: Bool) throws(ScriptError) -> Expr {
    guard case .call(let callee, let args) = e.kind else { return e }
    if flat { return try column(of: e, kind: .reactive, before: stage) }
    if stage.kind == .none { stage.kind = .reactive }
    guard stage.kind == .reactive else { return try column(of: e, kind: .reactive, before: stage) }
    return Expr(.call(callee, try place(args, in: stage, flat: false)), ExprPrinter.builtRange)
  }

  /// `rowRank(x, percent=true)` across the keys: `rank(x, percent=true)` over the latest rows;
  /// `byRow(f, x)` is `f(x)`.
  private mutating func crossSectional(_ function: String, _ args: [Argument], in stage: Stage) throws(ScriptError)
    -> Expr
  {
    let r = ExprPrinter.builtRange
    var args = args
    var callee = Expr(
      .name(StreamEngineParser.acrossKeys[function] ?? String(function.dropFirst(3)).lowercasedFirst), r)
    if function == "byRow" {
      guard let f = args.first?.value else {
        throw ScriptError(RuntimeMessages.wrongArgumentCount("byRow", min: 2, max: 2, got: args.count))
      }
      callee = f
      args.removeFirst()
    }
    return Expr(.call(callee, try place(args, in: stage, flat: true)), r)
  }

  /// `rolling(func, funcArgs, window, [step], [fill])`: `func(funcArgs)` over windows of the time
  /// column, a metric of its own with its window.
  private mutating func rolling(_ args: [Argument], in stage: Stage) throws(ScriptError) -> Expr {
    guard args.count >= 3, let f = args[0].value, let x = args[1].value, let w = args[2].value else {
      throw ScriptError(RuntimeMessages.wrongArgumentCount("rolling", min: 3, max: 5, got: args.count))
    }
    let inputs: [Expr]
    if case .tuple(let items) = x.kind { inputs = items } else { inputs = [x] }
    var placed: [Argument] = []
    for i in inputs { placed.append(Argument(name: nil, value: try place(i, in: stage, flat: true))) }
    let window = try machine.evaluate(MetaCode(w))
    let step =
      args.count > 3 ? try args[3].value.map { s throws(ScriptError) in try machine.evaluate(MetaCode(s)) } : nil
    let stepValue = step ?? window
    if let before = stage.step, !Comparison.eqObj(before, stepValue) {
      throw ScriptError(RuntimeMessages.parserRollingSteps())
    }
    stage.step = stepValue
    let metric = Expr(.call(f, placed), ExprPrinter.builtRange)
    stage.windows[StreamEngineParser.printer.render(metric)] = window
    return metric
  }

  /// A column of `stage`'s input holding `e`, computed in the nearest stage before of `kind`
  /// (a new one just before `stage` when none is).
  private mutating func column(of e: Expr, kind: Kind, before stage: Stage) throws(ScriptError) -> Expr {
    guard let at = stages.firstIndex(where: { $0 === stage }) else { return e }
    var target: Stage
    if let k = stages[..<at].lastIndex(where: { $0.kind == kind }) {
      target = stages[k]
    } else {
      target = Stage()
      stages.insert(target, at: at)
    }
    let placed = try place(e, in: target, flat: false)
    // What the target already gives (a column it carries) needs no metric of its own.
    let name: String
    if case .name(let n) = placed.kind, isOutput(n, of: target) {
      name = n
    } else {
      name = output(placed, in: target)
    }
    return self.name(name)
  }

  /// Makes each stage give the columns the next one reads: from the last stage back, a column
  /// read but not given by the stage before is carried by it (so stages inserted between others
  /// carry what passes them).
  private func carryColumns() {
    for k in stride(from: stages.count - 1, to: 0, by: -1) {
      let before = stages[k - 1]
      for column in columnsRead(by: stages[k]) where !isOutput(column, of: before) {
        before.metrics.append((column, before.kind == .timeSeries ? lastValue(name(column)) : name(column)))
      }
    }
  }

  /// The columns a stage's metrics read (input columns and columns computed by earlier stages),
  /// in the order first read.
  private func columnsRead(by stage: Stage) -> [String] {
    var read: [String] = []
    for m in stage.metrics {
      _ = m.expr.rewritten { x in
        if case .name(let n) = x.kind, inputColumn(n) != nil || computed.contains(n), !read.contains(n) {
          read.append(n)
        }
        return nil
      }
    }
    return read
  }

  /// The output column of `stage` computing `e`: an existing one computing the same, or a new one.
  private mutating func output(_ e: Expr, in stage: Stage) -> String {
    let text = StreamEngineParser.printer.render(e)
    if let same = stage.metrics.first(where: { StreamEngineParser.printer.render($0.expr) == text }) {
      return same.name
    }
    let name = "col_\(serial)"
    serial += 1
    computed.insert(name)
    stage.metrics.append((name, e))
    return name
  }

  private func isOutput(_ name: String, of stage: Stage) -> Bool {
    isKey(name) || name.lowercased() == time.lowercased() || stage.metrics.contains { $0.name == name }
  }

  private func isKey(_ name: String) -> Bool { keys.contains { $0.lowercased() == name.lowercased() } }

  /// The input column `name` refers to (column names are not case-sensitive), if any.
  private func inputColumn(_ name: String) -> String? {
    inputNames.first { $0.lowercased() == name.lowercased() }
  }

  private func name(_ n: String) -> Expr { Expr(.name(n), ExprPrinter.builtRange) }

  /// A time-series engine's metric for a column carried through: its last value in the window.
  private func lastValue(_ e: Expr) -> Expr {
    Expr(.call(name("last"), [Argument(name: nil, value: e)]), ExprPrinter.builtRange)
  }

  /// A call to a script function that computes across keys or in windows somewhere inside, as one
  /// expression of its arguments (nil for any other call).
  private func open(_ function: String, _ args: [Argument]) throws(ScriptError) -> Expr? {
    guard kind(of: function) == .reactive, machine.registry[function] == nil,
      let f = try machine.lookupFunction(function), let (decl, _) = machine.declaration(of: f),
      StreamEngineParser.callsAcrossKeys(decl.body, self)
    else { return nil }
    guard depth < StreamEngineParser.maxDepth else { throw ScriptError(RuntimeMessages.parserTooDeep(function)) }
    var env: [String: Expr] = [:]
    var positional = args.filter { $0.name == nil }.compactMap(\.value)[...]
    for p in decl.parameters {
      if let a = args.first(where: { $0.name == p.name })?.value {
        env[p.name] = a
      } else if let a = positional.popFirst() {
        env[p.name] = a
      } else if let d = p.defaultValue {
        env[p.name] = d
      }
    }
    func substitute(_ e: Expr) -> Expr {
      StreamEngineParser.rebuilt(e).rewritten { x in
        if case .name(let n) = x.kind { return env[n] }
        return nil
      }
    }
    for s in decl.body {
      switch s.kind {
      case .assign(let targets, "=", let value, false) where targets.count == 1:
        guard case .name(let n) = targets[0].kind else { throw ScriptError(RuntimeMessages.parserCannotOpen(function)) }
        env[n] = substitute(value)
      case .returnValue(let value?): return substitute(value)
      case .expression(let value) where decl.isExpressionBody: return substitute(value)
      case .empty: continue
      default: throw ScriptError(RuntimeMessages.parserCannotOpen(function))
      }
    }
    throw ScriptError(RuntimeMessages.parserCannotOpen(function))
  }

  /// Whether statements call a `row` function, `byRow` or `rolling`, or a script function that does.
  static func callsAcrossKeys(_ body: [Stmt], _ parser: StreamEngineParser) -> Bool {
    var seen: Set<String> = []
    func visit(_ e: Expr) -> Bool {
      var found = false
      _ = e.rewritten { x in
        guard !found else { return x }
        var name: String?
        if case .call(let c, _) = x.kind, case .name(let n) = c.kind { name = n }
        if case .methodCall(_, let n, _) = x.kind { name = n }
        if let name {
          if parser.kind(of: name) != .reactive {
            found = true
          } else if !seen.contains(name), parser.machine.registry[name] == nil,
            let f = try? parser.machine.lookupFunction(name), let (d, _) = parser.machine.declaration(of: f)
          {
            seen.insert(name)
            if statements(d.body) { found = true }
          }
        }
        return nil
      }
      return found
    }
    func statements(_ body: [Stmt]) -> Bool {
      body.contains { s in
        switch s.kind {
        case .expression(let e), .returnValue(let e?): return visit(e)
        case .assign(_, _, let e, _): return visit(e)
        case .ifElse(let c, let a, let b): return visit(c) || statements([a] + (b.map { [$0] } ?? []))
        case .block(let inner): return statements(inner)
        case .forIn(_, let e, let inner): return visit(e) || statements([inner])
        case .doWhile(let inner, let c): return visit(c) || statements([inner])
        case .tryCatch(let inner, _, let handler): return statements([inner, handler])
        default: return false
        }
      }
    }
    return statements(body)
  }

  /// The vector function a `row` function is across the keys of a cross-section.
  static let acrossKeys: [String: String] = [
    "rowDenseRank": "denseRank", "rowAnd": "all", "rowOr": "any", "rowSize": "size", "rowCount": "count",
  ]

  static var printer: ExprPrinter { ExprPrinter(bound: { $0 }) }

  /// `e` built again from its parts, so it prints as it is after names in it are replaced.
  static func rebuilt(_ e: Expr) -> Expr {
    let r = ExprPrinter.builtRange
    func args(_ a: [Argument]) -> [Argument] {
      a.map { Argument(name: $0.name, value: $0.value.map(rebuilt), alias: $0.alias) }
    }
    switch e.kind {
    case .name, .qualified: return Expr(e.kind, r)
    case .unary(let op, let x): return Expr(.unary(op: op, rebuilt(x)), r)
    case .binary(let op, let a, let b): return Expr(.binary(op: op, rebuilt(a), rebuilt(b)), r)
    case .call(let callee, let a): return Expr(.call(rebuilt(callee), args(a)), r)
    case .methodCall(let receiver, let name, let a):
      return Expr(.methodCall(receiver: rebuilt(receiver), name: name, args(a)), r)
    case .tuple(let items): return Expr(.tuple(items.map(rebuilt)), r)
    case .bracketVector(let items): return Expr(.bracketVector(items.map(rebuilt)), r)
    default: return e
    }
  }
}

extension String {
  /// `Rank` as `rank`.
  fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
