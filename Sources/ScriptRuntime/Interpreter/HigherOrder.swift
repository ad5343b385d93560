import ScriptSyntax

/// `each`, `loop`, `reduce`, `accumulate`, and the `:E`-style templates.
public enum HigherOrder {
  /// The elements a higher-order function iterates over; nil for scalars.
  public static func elements(_ v: Value) -> [Value]? {
    switch v {
    case .vector(let vec), .pair(let vec): return vec.values
    case .tuple(let items): return items
    case .set(let s): return s.elements
    case .object(let o): return o.rows
    default: return nil
    }
  }

  /// Collects results: a typed vector when they are scalars of one type, else a tuple.
  public static func collect(_ results: [Value]) -> Value {
    BracketVectorNode.build(results)
  }

  /// `each(f, X, [Y, ...])` (or `loop` with `asTuple`): f applied element-wise.
  public static func each(
    _ f: FunctionValue, _ args: [Value], _ m: Machine, asTuple: Bool = false, at range: SourceRange? = nil
  ) throws(ScriptError) -> Value {
    // A matrix is taken column by column; results that are vectors of one length and type come
    // back as the columns of a matrix, as DolphinDB's each gives them.
    let lists = args.map { v -> [Value]? in
      if case .object(let matrix as Matrix) = v { return matrix.columns.map(Value.vector) }
      return elements(v)
    }
    var n: Int?
    for (i, l) in lists.enumerated() {
      guard let l else { continue }
      if let n, n != l.count {
        throw ScriptError(RuntimeMessages.eachLengthsDiffer(n, l.count, argument: i + 1))
      }
      n = l.count
    }
    guard let count = n else { return try m.call(f, args, at: range) }
    var results: [Value] = []
    results.reserveCapacity(count)
    for k in 0..<count {
      if m.isInterrupted { throw Machine.interrupted() }
      var callArgs: [Value] = []
      for (i, l) in lists.enumerated() { callArgs.append(l?[k] ?? args[i]) }
      results.append(try m.call(f, callArgs, at: range))
    }
    if !asTuple, let matrix = try columnsAsMatrix(results) { return .object(matrix) }
    return asTuple ? .tuple(results) : collect(results)
  }

  /// Results that are all plain vectors of numbers, times or booleans of one length and type, as a
  /// matrix's columns.
  public static func columnsAsMatrix(_ results: [Value]) throws(ScriptError) -> Matrix? {
    var columns: [Vector] = []
    for r in results {
      // Numbers, times and booleans only: text results stay a tuple.
      guard case .vector(let v) = r, !v.isArrayVector, v.type.isNumeric || v.type.isTemporal || v.type == .bool,
        v.count == columns.first?.count ?? v.count, v.type == columns.first?.type ?? v.type
      else { return nil }
      columns.append(v)
    }
    guard let first = columns.first else { return nil }
    return try Matrix(columns: columns, rows: first.count)
  }

  /// `reduce(f, X, [init])`: f(...f(f(init, x0), x1)..., xn).
  public static func reduce(_ f: FunctionValue, _ x: Value, initial: Value?, _ m: Machine) throws(ScriptError) -> Value
  {
    try fold(f, x, initial: initial, m, keep: false)
  }

  /// `accumulate(f, X, [init])`: every intermediate result of `reduce`.
  public static func accumulate(_ f: FunctionValue, _ x: Value, initial: Value?, _ m: Machine) throws(ScriptError)
    -> Value
  {
    try fold(f, x, initial: initial, m, keep: true)
  }

  static func fold(_ f: FunctionValue, _ x: Value, initial: Value?, _ m: Machine, keep: Bool) throws(ScriptError)
    -> Value
  {
    guard let items = elements(x) else { return initial.map { _ in x } ?? x }
    var acc: Value
    var rest = items[...]
    if let initial {
      acc = initial
    } else {
      guard let first = rest.popFirst() else { return .void }
      acc = first
    }
    // accumulate without an initial value starts with the first element itself.
    var all: [Value] = keep && initial == nil ? [acc] : []
    for item in rest {
      if m.isInterrupted { throw Machine.interrupted() }
      acc = try m.call(f, [acc, item])
      if keep { all.append(acc) }
    }
    return keep ? collect(all) : acc
  }

  /// Applies a template letter to a function.
  public static func template(
    _ letter: Character, _ f: FunctionValue, _ args: [Value], _ m: Machine, at range: SourceRange?
  )
    throws(ScriptError) -> Value
  {
    switch letter {
    case "E": return try each(f, args, m, at: range)
    case "A":
      guard args.count == 1 || args.count == 2 else {
        throw ScriptError(RuntimeMessages.templateTakesOneOrTwoArguments("A"))
      }
      return args.count == 1
        ? try accumulate(f, args[0], initial: nil, m) : try accumulate(f, args[1], initial: args[0], m)
    case "T":
      guard args.count == 1 || args.count == 2 else {
        throw ScriptError(RuntimeMessages.templateTakesOneOrTwoArguments("T"))
      }
      return args.count == 1 ? try reduce(f, args[0], initial: nil, m) : try reduce(f, args[1], initial: args[0], m)
    case "L", "R":
      guard args.count == 2 else { throw ScriptError(RuntimeMessages.templateTakesTwoArguments(letter)) }
      let left = letter == "L"
      guard let items = elements(left ? args[0] : args[1]) else { return try m.call(f, args, at: range) }
      var results: [Value] = []
      for item in items { results.append(try m.call(f, left ? [item, args[1]] : [args[0], item], at: range)) }
      return collect(results)
    case "C":
      guard args.count == 2, let xs = elements(args[0]), let ys = elements(args[1]) else {
        throw ScriptError(RuntimeMessages.templateTakesTwoVectors("C"))
      }
      var results: [Value] = []
      for x in xs { for y in ys { results.append(try m.call(f, [x, y], at: range)) } }
      return collect(results)
    case "P":
      guard args.count == 1, let xs = elements(args[0]) else {
        throw ScriptError(RuntimeMessages.templateTakesOneVector("P"))
      }
      var results: [Value] = xs.isEmpty ? [] : [.void]
      for k in xs.indices.dropFirst() { results.append(try m.call(f, [xs[k], xs[k - 1]], at: range)) }
      return collect(results)
    default:
      throw ScriptError(RuntimeMessages.unsupportedTemplate(letter))
    }
  }
}
