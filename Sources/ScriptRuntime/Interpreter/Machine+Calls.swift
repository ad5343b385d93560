import ScriptSyntax

extension Machine {
  /// Calls a function value with evaluated arguments (nil for a skipped argument).
  public func call(
    _ f: FunctionValue, _ args: [Value?], names: [String?]? = nil, sourceNames: [String?] = [],
    at range: SourceRange? = nil
  ) throws(ScriptError) -> Value {
    switch f.kind {
    case .builtin(let b):
      var placed: (values: [Value], sourceNames: [String?])
      do { placed = try bindBuiltin(b, args, names: names, sourceNames: sourceNames) } catch {
        if let range { throw error.located(range) }
        throw error
      }
      var ca = CallArguments(values: placed.values, machine: self, sourceNames: placed.sourceNames)
      placed.values = []
      do { return try b.body(&ca) } catch {
        if let range { throw error.located(range) }
        throw error
      }
    case .user(let u, let captured):
      let bound: [Value?]
      do { bound = try bindUser(u, args, names: names) } catch {
        if let range { throw error.located(range) }
        throw error
      }
      do {
        return try invoke(u, captured: captured, args: bound, writeBack: [])
      } catch {
        throw range.map { error.leaving(u.name, calledAt: $0) } ?? error
      }
    case .partial(let base, let bound):
      var merged = FunctionValue.merge(bound: bound, args)
      while let last = merged.last, last == nil { merged.removeLast() }
      return try call(base, merged, names: nil, at: range)
    case .template(let base, let letter):
      return try HigherOrder.template(letter, base, args.map { $0 ?? .void }, self, at: range)
    }
  }

  /// Convenience for calls without holes.
  public func call(_ f: FunctionValue, _ args: [Value], at range: SourceRange? = nil) throws(ScriptError) -> Value {
    try call(f, args.map { Optional($0) }, names: nil, at: range)
  }

  /// Runs an in-place built-in (`append!`) on a value held elsewhere (a tuple's item, a
  /// dictionary's value, an object's attribute): `value` becomes the changed first argument.
  /// Gives what the built-in returns.
  @discardableResult
  public func callInPlace(_ b: Builtin, on value: inout Value, _ rest: [Value]) throws(ScriptError) -> Value {
    let placed = try bindBuiltin(b, [value] + rest.map { Optional($0) }, names: nil)
    value = .void  // the argument list holds it alone, so the change copies nothing
    var arguments = CallArguments(values: placed.values, machine: self, sourceNames: placed.sourceNames)
    defer { value = arguments.values[0] }
    return try b.body(&arguments)
  }

  static func arityError(_ name: String, _ min: Int, _ max: Int, got: Int) -> ScriptError {
    return ScriptError(RuntimeMessages.wrongArgumentCount(name, min: min, max: max, got: got))
  }

  /// Places named arguments and checks the count of a native call; `sourceNames` (what each
  /// argument was called in the source, `sql(from=t)`: "t") are placed alike.
  func bindBuiltin(_ b: Builtin, _ args: [Value?], names: [String?]?, sourceNames: [String?] = [])
    throws(ScriptError) -> (values: [Value], sourceNames: [String?])
  {
    // The argument each position takes (nil: none given).
    var slots: [Int?] = args.indices.map { $0 }
    if let names, names.contains(where: { $0 != nil }) {
      slots = args.indices.filter { names[$0] == nil }
      for (i, n) in names.enumerated() {
        guard let n else { continue }
        // A parameter DolphinDB names two ways is listed as `dbPath|sqlObj`; a name in other
        // capitals (`sql(groupby=...)` in DolphinDB's own tutorials) is the same parameter.
        func named(_ same: (Substring) -> Bool) -> Int? {
          b.parameterNames.firstIndex { $0.split(separator: "|").contains(where: same) }
        }
        guard let k = named({ $0 == n }) ?? named({ $0.lowercased() == n.lowercased() }) else {
          throw ScriptError(RuntimeMessages.noSuchParameter(n, function: b.name))
        }
        while slots.count <= k { slots.append(nil) }
        slots[k] = i
      }
    }
    var values = slots.map { slot in slot.flatMap { args[$0] } ?? .void }
    while values.count > b.minArgs, case .void = values[values.count - 1], values.count > args.count {
      values.removeLast()
    }
    guard values.count >= b.minArgs, values.count <= b.maxArgs else {
      throw Machine.arityError(b.name, b.minArgs, b.maxArgs, got: values.count)
    }
    let placedNames: [String?] =
      sourceNames.isEmpty
      ? [] : values.indices.map { i in slots[i].flatMap { $0 < sourceNames.count ? sourceNames[$0] : nil } }
    return (values, placedNames)
  }

  /// Places positional and named arguments of a script function; nil means "use the default".
  func bindUser(_ u: UserFunction, _ args: [Value?], names: [String?]?) throws(ScriptError) -> [Value?] {
    var bound = [Value?](repeating: nil, count: u.parameters.count)
    var position = 0
    for (i, v) in args.enumerated() {
      if let name = names?[i] ?? nil {
        guard let k = u.parameters.firstIndex(where: { $0.name == name }) else {
          throw ScriptError(RuntimeMessages.noSuchParameter(name, function: u.name))
        }
        bound[k] = v
      } else {
        guard position < u.parameters.count else {
          throw Machine.arityError(u.name, requiredCount(u), u.parameters.count, got: args.count)
        }
        // An empty slot (`f(5,)`) passes Nothing to a parameter without a default (isNothing).
        bound[position] = v ?? (u.parameters[position].defaultValue == nil ? .void : nil)
        position += 1
      }
    }
    return bound
  }

  func requiredCount(_ u: UserFunction) -> Int { u.parameters.filter { $0.defaultValue == nil }.count }

  /// Runs a script function in a new frame. `writeBack` copies final `mutable` parameter
  /// values to the caller's variables.
  func invoke(_ u: UserFunction, captured: [Value], args: [Value?], writeBack: [(Int, VarRef)]) throws(ScriptError)
    -> Value
  {
    let base = sp
    guard callDepth < maxCallDepth, ensureStack(base + u.frameSize) else {
      throw ScriptError(RuntimeMessages.stackOverflow(depth: maxCallDepth))
    }
    if isInterrupted { throw Machine.interrupted() }
    sp = base + u.frameSize
    callDepth += 1
    let savedBp = bp
    defer { leaveFrame(base: base, size: u.frameSize, savedBp: savedBp) }
    for (i, p) in u.parameters.enumerated() {
      if i < args.count, let v = args[i] {
        stack[base + i] = v
      } else if let d = p.defaultValue {
        stack[base + i] = d
      } else {
        throw ScriptError(RuntimeMessages.missingArgument(p.name, function: u.name))
      }
    }
    for (k, slot) in u.captureSlots.enumerated() { stack[base + slot] = captured[k] }
    bp = base
    let result: Value
    do {
      result = try runBody(u)
    } catch {
      bp = savedBp
      for (i, ref) in writeBack { ref.store(self, stack[base + i]) }
      throw error
    }
    bp = savedBp
    for (i, ref) in writeBack { ref.store(self, stack[base + i]) }
    return result
  }

  @inline(__always)
  func runBody(_ u: UserFunction) throws(ScriptError) -> Value { try u.entry.eval(self) }

  public static func interrupted() -> ScriptError {
    var e = ScriptError(RuntimeMessages.interrupted())
    e.isInterrupt = true
    return e
  }
}
