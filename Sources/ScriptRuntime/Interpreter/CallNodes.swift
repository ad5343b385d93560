import ScriptSyntax

/// A call of a function by name: `f(x)`, `x.f(y)`, `sum 1 2 3`.
///
/// The resolved function is cached until the machine's function tables change.
/// A built-in held by reference, so that a call reaches it without copying its fields.
final class BuiltinBox {
  let builtin: Builtin
  init(_ builtin: Builtin) { self.builtin = builtin }
}

final class CallNamedNode: Node {
  let name: String
  let module: String
  let args: [Node?]
  let names: [String?]
  /// Arguments that are plain variables, for in-place functions and `mutable` parameters.
  let argRefs: [VarRef?]
  /// Each argument's variable name or alias, for built-ins that name things after them.
  var sourceNames: [String?] = []
  let hasNamesOrHoles: Bool
  let argCount: Int
  /// The first three arguments as plain non-optional fields (a placeholder past `args.count`):
  /// reading them costs no array traffic and no retain, which an optional binding would.
  let arg0: Node
  let arg1: Node
  let arg2: Node
  private var cached: FunctionValue?
  private var cachedGeneration = -1
  /// The cached function unpacked, so a call does not copy the function's enum payload.
  /// `cached` keeps it alive; held unmanaged so a call costs no retain.
  private var cachedUser: Unmanaged<UserFunction>?
  private var cachedBuiltin: BuiltinBox?

  init(name: String, module: String, args: [Node?], names: [String?], argRefs: [VarRef?], range: SourceRange) {
    self.name = name
    self.module = module
    self.args = args
    self.names = names
    self.argRefs = argRefs
    self.hasNamesOrHoles = names.contains { $0 != nil } || args.contains { $0 == nil }
    argCount = args.count
    let none = ConstNode(.void, range: range)
    arg0 = (args.count > 0 ? args[0] : nil) ?? none
    arg1 = (args.count > 1 ? args[1] : nil) ?? none
    arg2 = (args.count > 2 ? args[2] : nil) ?? none
    super.init(range: range)
  }

  @inline(__always)
  func resolve(_ m: Machine) throws(ScriptError) -> FunctionValue {
    if cachedGeneration == m.generation, let f = cached { return f }
    let found: FunctionValue?
    do { found = try m.lookupFunction(name, fromModule: module) } catch { throw error.located(range) }
    guard let f = found else {
      if let c = m.constants[name], case .function(let f) = c { return f }
      // Inside SQL a call's name is not compiled as a variable (`select f(a, b) from t`): a
      // session variable holding a function is called (not cached: it may be assigned again).
      if module.isEmpty, let v = m.variable(name), case .function(let f) = v { return f }
      throw ScriptError(
        RuntimeMessages.unknownFunction(name, suggestion: m.suggestion(for: name, includeVariables: false)), at: range)
    }
    cached = f
    cachedGeneration = m.generation
    cachedUser = nil
    cachedBuiltin = nil
    if !hasNamesOrHoles {
      switch f.kind {
      case .user(let u, let captured) where captured.isEmpty && args.count <= u.parameters.count:
        cachedUser = Unmanaged.passUnretained(u)
      case .builtin(let b):
        cachedBuiltin = BuiltinBox(b)
      default: break
      }
    }
    return f
  }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if cachedGeneration != m.generation { _ = try resolve(m) }
    if let ref = cachedUser {
      var failure: ScriptError?
      let result: Value = ref._withUnsafeGuaranteedRef { u in
        do throws(ScriptError) { return try callUserDirect(m, u) } catch {
          failure = error
          return .void
        }
      }
      if let failure { throw failure }
      return result
    }
    if let box = cachedBuiltin { return try callBuiltin(m, box) }
    let f = try resolve(m)
    if !hasNamesOrHoles, case .user(let u, let captured) = f.kind, args.count <= u.parameters.count {
      return try callUser(m, u, captured)
    }
    var values: [Value?] = []
    values.reserveCapacity(args.count)
    for a in args { values.append(try a?.eval(m)) }
    if case .builtin(let b) = f.kind, b.mutatesFirst, let k = firstParameterArgument(b), let target = argRefs[k] {
      return try callWritingBack(m, b, values, into: target)
    }
    return try m.call(f, values, names: names, sourceNames: sourceNames, at: range)
  }

  /// Which argument an in-place built-in changes when it is called with names or holes
  /// (`dictUpdate!(dictionary=d, ...)`): the one named as its first parameter, else the first
  /// written without a name.
  func firstParameterArgument(_ b: Builtin) -> Int? {
    if let first = b.parameterNames.first?.split(separator: "|") {
      let named = names.firstIndex { n in n.map { n in first.contains { $0.lowercased() == n.lowercased() } } ?? false }
      if let named { return named }
    }
    guard let k = names.firstIndex(where: { $0 == nil }), args[k] != nil else { return nil }
    return k
  }

  /// An in-place built-in called with names or holes: the changed first argument is stored
  /// back into the variable it came from, as the plain call does.
  func callWritingBack(_ m: Machine, _ b: Builtin, _ values: [Value?], into target: VarRef) throws(ScriptError) -> Value
  {
    let placed: (values: [Value], sourceNames: [String?])
    do { placed = try m.bindBuiltin(b, values, names: names, sourceNames: sourceNames) } catch {
      throw error.located(range)
    }
    var ca = CallArguments(values: placed.values, machine: m, sourceNames: placed.sourceNames)
    let result: Value
    do { result = try b.body(&ca) } catch { throw error.located(range) }
    target.store(m, ca.values[0])
    if case .void = result { return .void }
    return b.returnsResult ? result : ca.values[0]
  }

  /// The hot path of script calls: arguments are evaluated straight into the new frame.
  func callUserDirect(_ m: Machine, _ u: UserFunction) throws(ScriptError) -> Value {
    if u.hasMutableParameters { return try callUser(m, u, []) }
    let base = m.sp
    let size = u.frameSize
    guard m.callDepth < m.maxCallDepth, m.ensureStack(base + size) else {
      throw ScriptError(RuntimeMessages.stackOverflow(depth: m.maxCallDepth), at: range)
    }
    if m.isInterrupted { throw Machine.interrupted().located(range) }
    m.sp = base + size
    m.callDepth += 1
    let savedBp = m.bp
    // The frame is left by hand on both paths, not in a `defer`: the compiler outlined that
    // one into a call of its own on every script call (13% of a recursive fib).
    let result: Value
    do { result = try fillFrameAndRun(m, u, base: base) } catch {
      m.leaveFrame(base: base, size: size, savedBp: savedBp)
      throw error
    }
    m.leaveFrame(base: base, size: size, savedBp: savedBp)
    return result
  }

  /// Evaluates the arguments into the frame at `base`, then runs the body.
  @inline(__always)
  private func fillFrameAndRun(_ m: Machine, _ u: UserFunction, base: Int) throws(ScriptError) -> Value {
    // Arguments are evaluated in the caller's frame: bp still points at it. The new frame's
    // slots hold VOID (a returning frame leaves them so), so they are initialised, not assigned.
    let count = argCount
    // Each value is computed before the store: an argument that calls deeper may move the stack.
    if count > 0 {
      let v = try arg0.eval(m)
      (m.stack + base).initialize(to: v)
    }
    if count > 1 {
      let v = try arg1.eval(m)
      (m.stack + base + 1).initialize(to: v)
    }
    if count > 2 {
      let v = try arg2.eval(m)
      (m.stack + base + 2).initialize(to: v)
    }
    var i = 3
    while i < count {
      if let a = args[i] {
        let v = try a.eval(m)
        (m.stack + base + i).initialize(to: v)
      }
      i += 1
    }
    i = count
    while i < u.parameterCount {
      guard let d = u.parameters[i].defaultValue else {
        throw ScriptError(RuntimeMessages.missingArgument(u.parameters[i].name, function: u.name), at: range)
      }
      (m.stack + base + i).initialize(to: d)
      i += 1
    }
    m.bp = base
    do {
      return try m.runBody(u)
    } catch {
      throw error.leaving(u.name, calledAt: range)
    }
  }

  /// Evaluates the arguments, then calls (used for `mutable` parameters and closures).
  func callUser(_ m: Machine, _ u: UserFunction, _ captured: [Value]) throws(ScriptError) -> Value {
    var writeBack: [(Int, VarRef)] = []
    var values: [Value?] = []
    values.reserveCapacity(args.count)
    for (i, a) in args.enumerated() {
      // An empty slot keeps its place: the parameter's default, else Nothing.
      guard let a else {
        values.append(i < u.parameters.count && u.parameters[i].defaultValue == nil ? .void : nil)
        continue
      }
      values.append(try a.eval(m))
      if u.parameters[i].isMutable, let ref = argRefs[i] { writeBack.append((i, ref)) }
    }
    do {
      return try m.invoke(u, captured: captured, args: values, writeBack: writeBack)
    } catch {
      throw error.leaving(u.name, calledAt: range)
    }
  }

  /// Calls a cached built-in: its fields are read from the box, so a call does not copy (and
  /// retain every field of) the whole `Builtin`.
  func callBuiltin(_ m: Machine, _ box: BuiltinBox) throws(ScriptError) -> Value {
    guard args.count >= box.builtin.minArgs, args.count <= box.builtin.maxArgs else {
      throw Machine.arityError(box.builtin.name, box.builtin.minArgs, box.builtin.maxArgs, got: args.count).located(
        range)
    }
    let target = box.builtin.mutatesFirst ? argRefs.first ?? nil : nil
    if let inPlace = box.builtin.inPlace, let target, args.count == 2, let first = args[0], let second = args[1] {
      // `x.append!(v)` in a loop: the variable changed in place, no argument list made.
      if case .global = target { _ = try first.eval(m) }
      let data = try second.eval(m)
      var value = target.take(m) ?? .void
      do {
        try inPlace(&value, data, m)
      } catch {
        target.store(m, value)
        throw error.located(range)
      }
      target.store(m, value)
      return value
    }
    var values: [Value] = []
    values.reserveCapacity(args.count)
    for (i, a) in args.enumerated() {
      guard let a else { continue }
      if i == 0, let target {
        // A local needs no reading (its value is moved in below); a session variable is read
        // for the error an undefined one gives.
        if case .global = target { _ = try a.eval(m) }
        values.append(.void)
      } else {
        values.append(try a.eval(m))
      }
    }
    // Move the variable's value in once the other arguments are evaluated (they may read it:
    // `replaceColumn!(t, `a, string(t.a))`), so the in-place change does not copy it.
    if let target, !values.isEmpty { values[0] = target.take(m) ?? .void }
    var ca = CallArguments(values: values, machine: m, sourceNames: sourceNames)
    values = []
    do {
      let result = try box.builtin.body(&ca)
      if let target {
        target.store(m, ca.values[0])
        if case .void = result { return .void }
        return box.builtin.returnsResult ? result : ca.values[0]
      }
      return result
    } catch {
      if let target { target.store(m, ca.values[0]) }
      if error.refusedTuple, target == nil, !box.builtin.isAggregate, let items = CallNamedNode.equalVectors(ca.values)
      {
        // A vectorized function over a tuple of equal-length vectors: one call per vector,
        // the other arguments (a window, a step) the same for each.
        var results: [Value] = []
        for item in items {
          var one = CallArguments(values: [item] + ca.values.dropFirst(), machine: m, sourceNames: [])
          do { results.append(try box.builtin.body(&one)) } catch { throw error.located(range) }
        }
        return .tuple(results)
      }
      throw error.located(range)
    }
  }

  /// The vectors of a tuple first argument, when they are all vectors of one length and no
  /// other argument is a tuple.
  static func equalVectors(_ values: [Value]) -> [Value]? {
    guard case .tuple(let items)? = values.first, let first = items.first else { return nil }
    for v in values.dropFirst() {
      if case .tuple = v { return nil }
    }
    guard case .vector(let v0) = first else { return nil }
    for item in items {
      guard case .vector(let v) = item, v.count == v0.count else { return nil }
    }
    return items
  }
}

extension CallValueNode {
  /// `conn(...)` on a connection handle. `conn(f(x))` (DolphinDB's ops module writes
  /// `conn(updateLicense())`) makes the call `f(x)` there, its arguments evaluated here.
  func callObject(_ o: CallableObject, _ m: Machine) throws(ScriptError) -> Value {
    do {
      if args.count == 1, let inner = args[0] as? CallNamedNode, inner.module.isEmpty, !inner.hasNamesOrHoles {
        var values: [Value] = []
        for a in inner.args { values.append(try a?.eval(m) ?? .void) }
        return try o.call(function: inner.name, values, m)
      }
      var values: [Value] = []
      for a in args { values.append(try a?.eval(m) ?? .void) }
      return try o.call(values, m)
    } catch {
      throw error.located(range)
    }
  }
}

/// A call of a computed function value: `fs[0](x)`, `f(3)(4)`, `(x -> x)(1)`, and of a list of
/// functions, `[sin, cos](x)`: each called on the same arguments.
final class CallValueNode: Node {
  let callee: Node
  let args: [Node?]
  let names: [String?]
  init(callee: Node, args: [Node?], names: [String?], range: SourceRange) {
    self.callee = callee
    self.args = args
    self.names = names
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let c = try callee.eval(m)
    if case .object(let o as CallableObject) = c { return try callObject(o, m) }
    guard case .function(let f) = c else {
      // `schema = table(...)` then `schema(t)`: a variable that is not a function does not hide
      // the function of the same name.
      let name = (callee as? GlobalNode)?.name
      if let name, let f = try m.lookupFunction(name) {
        var values: [Value?] = []
        for a in args { values.append(try a?.eval(m)) }
        return try m.call(f, values, names: names, at: range)
      }
      if case .tuple(let items) = c, !items.isEmpty {
        return try callEach(items, m)
      }
      throw ScriptError(RuntimeMessages.notAFunction(c.typeString), at: callee.range)
    }
    var values: [Value?] = []
    for a in args { values.append(try a?.eval(m)) }
    return try m.call(f, values, names: names, at: range)
  }

  /// Each function's result on the arguments: vectors of one length make a matrix whose columns
  /// are named after the functions, anything else a vector or tuple of the results.
  private func callEach(_ items: [Value], _ m: Machine) throws(ScriptError) -> Value {
    var functions: [FunctionValue] = []
    for item in items {
      guard case .function(let f) = item else {
        throw ScriptError(RuntimeMessages.notAFunction(item.typeString), at: callee.range)
      }
      functions.append(f)
    }
    var values: [Value?] = []
    for a in args { values.append(try a?.eval(m)) }
    var results: [Value] = []
    for f in functions { results.append(try m.call(f, values, names: names, at: range)) }
    if let matrix = try HigherOrder.columnsAsMatrix(results) {
      matrix.columnLabels = Vector(strings: functions.map(\.name))
      return .object(matrix)
    }
    return HigherOrder.collect(results)
  }
}
