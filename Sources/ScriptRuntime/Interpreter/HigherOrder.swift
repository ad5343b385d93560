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

  /// The items a template takes one by one: a matrix's columns, else `elements`.
  static func items(_ v: Value) -> [Value]? {
    if case .object(let matrix as Matrix) = v { return matrix.columns.map(Value.vector) }
    return elements(v)
  }

  /// `eachLeft(f, X, Y)` (`X f:L Y`): f of each item of X with the whole Y; `eachRight` the
  /// other way. Results that are vectors of one length come back as a matrix's columns.
  public static func eachSide(
    _ f: FunctionValue, _ x: Value, _ y: Value, left: Bool, _ m: Machine, at range: SourceRange? = nil
  ) throws(ScriptError) -> Value {
    guard let list = items(left ? x : y) else { return try m.call(f, [x, y], at: range) }
    var results: [Value] = []
    results.reserveCapacity(list.count)
    for item in list {
      if m.isInterrupted { throw Machine.interrupted() }
      results.append(try m.call(f, left ? [item, y] : [x, item], at: range))
    }
    if let matrix = try columnsAsMatrix(results) { return .object(matrix) }
    return collect(results)
  }

  /// `eachPre(f, X, [pre])` (offset -1): f(X[i], X[i-1]), the first item with `edge` (null
  /// without); `eachPost` (offset 1): f(X[i], X[i+1]), the last with `edge`. A matrix goes
  /// column by column; nil when X has no items.
  public static func neighbours(_ f: FunctionValue, _ x: Value, edge: Value?, offset: Int, _ m: Machine)
    throws(ScriptError) -> Value?
  {
    if let whole = try neighboursAtOnce(f, x, edge: edge, offset: offset, m) { return whole }
    guard let xs = items(x) else { return nil }
    var results: [Value] = []
    results.reserveCapacity(xs.count)
    for i in xs.indices {
      if m.isInterrupted { throw Machine.interrupted() }
      let j = i + offset
      if j >= 0 && j < xs.count {
        results.append(try m.call(f, [xs[i], xs[j]]))
      } else if let edge {
        results.append(try m.call(f, [xs[i], edge]))
      } else {
        results.append(.void)
      }
    }
    // A matrix's columns: a null edge column is nulls of the others' type and length.
    if case .object(let matrix as Matrix) = x, matrix.columns.count > 1, edge == nil,
      let model = results.first(where: { if case .vector = $0 { return true } else { return false } }),
      case .vector(let shape) = model
    {
      for k in results.indices {
        if case .void = results[k] { results[k] = .vector(shape.nullsLike(count: shape.count)) }
      }
      if let out = try columnsAsMatrix(results) { return .object(out) }
    }
    if let matrix = try columnsAsMatrix(results) { return .object(matrix) }
    return collect(results)
  }

  /// The built-ins that work element by element on two vectors as on two scalars: `eachPre` of
  /// one of them over a vector is one call on the vector and itself shifted.
  static let elementwise: Set<String> = [
    "add", "sub", "mul", "div", "ratio", "mod", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "pow",
  ]

  /// `eachPre(-, x)`, `NULL \:P x` (ratios), `eachPost(+, x)` over a plain vector of numbers,
  /// times or booleans, in one call of the operator on the vector and its shifted self rather than
  /// a call per element (the same values); nil where that does not apply.
  static func neighboursAtOnce(_ f: FunctionValue, _ x: Value, edge: Value?, offset: Int, _ m: Machine)
    throws(ScriptError) -> Value?
  {
    guard case .builtin(let b) = f.kind, elementwise.contains(b.name), case .vector(let v) = x, !v.isArrayVector,
      v.type.isNumeric || v.type.isTemporal || v.type == .bool, v.count >= 2, edge?.isScalar ?? true
    else { return nil }
    let n = v.count
    let (current, neighbour) =
      offset < 0 ? (v.slice(1..<n), v.slice(0..<(n - 1))) : (v.slice(0..<(n - 1)), v.slice(1..<n))
    guard case .vector(let body) = try m.call(f, [.vector(current), .vector(neighbour)]), body.count == n - 1,
      !body.isArrayVector
    else { return nil }
    let end = offset < 0 ? v[0] : v[n - 1]
    let edgeResult = try edge.map { e throws(ScriptError) in try m.call(f, [end, e]) } ?? .null(body.type)
    guard edgeResult.isScalar, edgeResult.isNull || edgeResult.type == body.type else { return nil }
    var out = Vector.empty(body.type, capacity: n)
    if offset < 0 {
      try out.append(edgeResult)
      try out.append(contentsOf: body)
    } else {
      try out.append(contentsOf: body)
      try out.append(edgeResult)
    }
    return .vector(out)
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
    let lists = args.map(items)
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
      return try eachSide(f, args[0], args[1], left: letter == "L", m, at: range)
    case "C":
      // `x +:C y` is cross(+, x, y): a matrix of every pair, as the function gives it.
      guard args.count == 2, let cross = m.registry["cross"] else {
        throw ScriptError(RuntimeMessages.templateTakesTwoVectors("C"))
      }
      return try m.call(FunctionValue(.builtin(cross)), [.function(f)] + args, at: range)
    case "P":
      // `f:P(X)`, `pre f:P X`.
      guard args.count == 1 || args.count == 2 else { throw ScriptError(RuntimeMessages.templateTakesOneVector("P")) }
      guard let result = try neighbours(f, args[args.count - 1], edge: args.count == 2 ? args[0] : nil, offset: -1, m)
      else { throw ScriptError(RuntimeMessages.templateTakesOneVector("P")) }
      return result
    default:
      throw ScriptError(RuntimeMessages.unsupportedTemplate(letter))
    }
  }
}
