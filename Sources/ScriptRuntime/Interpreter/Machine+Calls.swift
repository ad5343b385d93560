import ScriptSyntax

extension Machine {
  /// Calls a function value with evaluated arguments (nil for a skipped argument).
  public func call(
    _ f: FunctionValue, _ args: [Value?], names: [String?]? = nil, sourceNames: [String?] = [],
    at range: SourceRange? = nil
  ) throws(ScriptError) -> Value {
    switch f.kind {
    case .builtin(let b):
      var values: [Value]
      do { values = try bindBuiltin(b, args, names: names) } catch {
        if let range { throw error.located(range) }
        throw error
      }
      var ca = CallArguments(
        values: values, machine: self, sourceNames: placedSourceNames(b, sourceNames, names: names, count: values.count)
      )
      values = []
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

  static func arityError(_ name: String, _ min: Int, _ max: Int, got: Int) -> ScriptError {
    return ScriptError(RuntimeMessages.wrongArgumentCount(name, min: min, max: max, got: got))
  }

  /// Places named arguments and checks the count of a native call.
  func bindBuiltin(_ b: Builtin, _ args: [Value?], names: [String?]?) throws(ScriptError) -> [Value] {
    var values: [Value] = args.map { $0 ?? .void }
    if let names, names.contains(where: { $0 != nil }) {
      var placed: [Value] = []
      for (i, v) in args.enumerated() where names[i] == nil { placed.append(v ?? .void) }
      for (i, n) in names.enumerated() {
        guard let n else { continue }
        guard let k = b.parameterNames.firstIndex(of: n) else {
          throw ScriptError(RuntimeMessages.noSuchParameter(n, function: b.name))
        }
        while placed.count <= k { placed.append(.void) }
        placed[k] = args[i] ?? .void
      }
      values = placed
    }
    while values.count > b.minArgs, case .void = values[values.count - 1], values.count > args.count {
      values.removeLast()
    }
    guard values.count >= b.minArgs, values.count <= b.maxArgs else {
      throw Machine.arityError(b.name, b.minArgs, b.maxArgs, got: values.count)
    }
    return values
  }

  /// What each placed argument of a native call was called in the source (`sql(from=t)`: "t").
  func placedSourceNames(_ b: Builtin, _ sourceNames: [String?], names: [String?]?, count: Int) -> [String?] {
    guard !sourceNames.isEmpty else { return [] }
    let asValues: [Value?] = sourceNames.map { n in n.map { .string($0, .string) } ?? .void }
    let placed = (try? bindBuiltin(b, asValues, names: names)) ?? []
    return (0..<count).map { i in
      guard i < placed.count, case .string(let n, _) = placed[i] else { return nil }
      return n
    }
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
        bound[position] = v
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
    defer {
      for i in base..<(base + u.frameSize) { (stack + i).clear() }
      sp = base
      callDepth -= 1
    }
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
