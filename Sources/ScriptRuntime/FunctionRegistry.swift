/// A native function callable from scripts.
public struct Builtin: Sendable {
  /// The script name.
  public let name: String
  public let minArgs: Int
  public let maxArgs: Int
  /// Parameter names, for named arguments (`f(b=3)`): DolphinDB's `X`, `Y`, `Z` for a
  /// function of up to three parameters that declares none.
  public let parameterNames: [String]
  /// In-place functions (`append!`) change their first argument, which is written back.
  public let mutatesFirst: Bool
  /// An in-place function whose value is its own result (`pop!` gives the element it took off),
  /// not the changed first argument.
  public let returnsResult: Bool
  /// Aggregates reduce a vector to a scalar (used by SQL `group by`).
  public let isAggregate: Bool
  /// The implementation.
  public let body: @Sendable (inout CallArguments) throws(ScriptError) -> Value
  /// For an in-place function of two arguments (`x.append!(v)`): the change made to the first
  /// argument straight from the second, with no argument list built (a loop calls it often).
  /// The call's value is then the changed first argument, as `body` gives it.
  public let inPlace: (@Sendable (inout Value, Value, Machine) throws(ScriptError) -> Void)?

  /// `matrixAware`: an aggregate that takes a matrix whole rather than column by column.
  public init(
    _ name: String, args: ClosedRange<Int>, parameterNames: [String] = [], mutatesFirst: Bool = false,
    returnsResult: Bool = false, isAggregate: Bool = false, arrayAware: Bool = false, matrixAware: Bool = false,
    inPlace: (@Sendable (inout Value, Value, Machine) throws(ScriptError) -> Void)? = nil,
    _ body: @escaping @Sendable (inout CallArguments) throws(ScriptError) -> Value
  ) {
    self.name = name
    self.inPlace = mutatesFirst && args.contains(2) ? inPlace : nil
    self.minArgs = args.lowerBound
    self.maxArgs = args.upperBound
    self.parameterNames =
      parameterNames.isEmpty && args.upperBound <= 3 ? Array(["X", "Y", "Z"].prefix(args.upperBound)) : parameterNames
    self.mutatesFirst = mutatesFirst
    self.returnsResult = returnsResult
    self.isAggregate = isAggregate
    var run = body
    if (isAggregate || Matrix.columnwise.contains(name)) && !matrixAware {
      // On a matrix these run column by column, as DolphinDB's do; another argument that is a
      // matrix of as many columns gives its column beside (`iif(m1 > 0, m1, m2)`, `mcorr(m1, m2, 5)`).
      run = { a throws(ScriptError) in
        guard case .object(let o) = a[0], let m = o as? Matrix else { return try body(&a) }
        let beside = a.values.indices.dropFirst().filter { k in
          if case .object(let x as Matrix) = a.values[k], x.columns.count == m.columns.count { return true }
          return false
        }
        return try m.mapColumns { j, c throws(ScriptError) in
          var columnArguments = a
          columnArguments.values[0] = .vector(c)
          for k in beside {
            if case .object(let x as Matrix) = a.values[k] { columnArguments.values[k] = .vector(x.columns[j]) }
          }
          return try body(&columnArguments)
        }
      }
    }
    if !arrayAware && !ArrayVectorOperations.awareBuiltins.contains(name) {
      // A function not written for array vectors would read their rows as nulls: refuse them.
      let inner = run
      run = { a throws(ScriptError) in
        if a.values.contains(where: ArrayVectorOperations.isArrayVector) {
          throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name))
        }
        return try inner(&a)
      }
    }
    self.body = run
  }
}

/// The arguments of one native call, and the machine it runs in.
public struct CallArguments {
  public var values: [Value]
  /// The interpreter, for calling function arguments and reaching session services. Unowned
  /// and unchecked: arguments live only for the call the machine makes, and counting the
  /// reference cost every built-in call two atomic operations.
  public unowned(unsafe) let machine: Machine
  /// What each argument was called in the source: its variable name or its `as` alias
  /// (`table(x, y as b)` names its columns so).
  public var sourceNames: [String?] = []

  public init(values: [Value], machine: Machine, sourceNames: [String?] = []) {
    self.values = values
    self.machine = machine
    self.sourceNames = sourceNames
  }

  public var count: Int { values.count }
  public subscript(i: Int) -> Value {
    get { i < values.count ? values[i] : .void }
    set { values[i] = newValue }
  }
  /// Whether argument `i` was given (and is not a skipped hole).
  public func has(_ i: Int) -> Bool {
    guard i < values.count else { return false }
    if case .void = values[i] { return false }
    return true
  }
}

/// Native functions by script name. Higher layers add their own tables to it.
public struct FunctionRegistry: Sendable {
  public private(set) var builtins: [String: Builtin] = [:]

  public init() {}

  /// Adds (or replaces) functions.
  public mutating func register(_ list: [Builtin]) {
    builtins.reserveCapacity(builtins.count + list.count)
    for b in list { builtins[b.name] = b }
  }

  /// Adds `alias` as another name for `name`.
  public mutating func alias(_ alias: String, for name: String) {
    guard let b = builtins[name] else { return }
    builtins[alias] = Builtin(
      alias, args: b.minArgs...b.maxArgs, parameterNames: b.parameterNames, mutatesFirst: b.mutatesFirst,
      returnsResult: b.returnsResult, isAggregate: b.isAggregate, inPlace: b.inPlace, b.body)
  }

  public subscript(name: String) -> Builtin? { builtins[name] }
  public var names: [String] { Array(builtins.keys) }
}

extension CallArguments {
  /// Argument `i` as a whole number.
  public func integer(_ i: Int, _ what: String) throws(ScriptError) -> Int {
    guard let v = self[i].intValue else {
      throw ScriptError(RuntimeMessages.mustBeInteger(what, got: self[i].typeString))
    }
    return Int(v)
  }

  /// Argument `i` as a number of elements to make, each of `elementBytes`: not negative, and
  /// within the session's memory limit.
  public func count(_ i: Int, _ what: String, elementBytes: Int = 8) throws(ScriptError) -> Int {
    let n = try integer(i, what)
    try machine.checkAllocation(n, elementBytes: elementBytes, what)
    return n
  }

  /// Argument `i` as text.
  public func text(_ i: Int, _ what: String) throws(ScriptError) -> String {
    guard case .string(let s, _) = self[i] else {
      throw ScriptError(RuntimeMessages.mustBeString(what, got: self[i].typeString))
    }
    return s
  }

  /// Argument `i` as a field delimiter, "," when it is not given: a string's first character,
  /// or a CHAR (`','`), as DolphinDB takes both.
  public func delimiter(_ i: Int) throws(ScriptError) -> Character {
    guard has(i) else { return "," }
    if case .int(let c, .char) = self[i], c > 0, let u = Unicode.Scalar(UInt32(c)) { return Character(u) }
    return (try text(i, "the delimiter")).first ?? ","
  }

  /// Argument `i` as a function.
  public func function(_ i: Int, _ what: String) throws(ScriptError) -> FunctionValue {
    guard case .function(let f) = self[i] else {
      throw ScriptError(RuntimeMessages.mustBeFunction(what, got: self[i].typeString))
    }
    return f
  }

  /// Argument `i` as a vector (scalars become one-element vectors).
  public func vector(_ i: Int, _ what: String) throws(ScriptError) -> Vector {
    switch self[i] {
    case .vector(let v), .pair(let v): return v
    default:
      guard let v = Structural.asVector(self[i]) else {
        throw ScriptError(RuntimeMessages.mustBeVector(what, got: self[i].typeString))
      }
      return v
    }
  }
}
