import ScriptSyntax

extension Machine {
  /// Compiles a parsed program for this session; top-level functions are defined now.
  func compile(_ program: Program) throws(ScriptError) -> [CompiledStatement] {
    var compiler = Compiler(machine: self, module: "")
    return try compiler.compileTopLevel(program)
  }

  /// Runs one top-level statement; returns the value the console should print, if any.
  public func execute(_ statement: CompiledStatement) throws(ScriptError) -> Value? {
    sp = 0
    bp = 0
    callDepth = 0
    lastValue = .void
    if isInterrupted { throw Machine.interrupted().located(statement.range) }
    // Subscription messages run between statements, so a script that appends to a stream
    // table sees its handlers' results in the next statement.
    drainInbox()
    defer { drainInbox() }
    switch try statement.node.exec(self) {
    case .returned:
      throw ScriptError(RuntimeMessages.returnOutsideFunction(), at: statement.range)
    default: break
    }
    guard statement.printsValue else { return nil }
    let v = lastValue
    lastValue = .void
    if case .void = v { return nil }
    // A table (or an engine, a handle) an in-place call changed is not echoed: appending rows
    // at the console does not print the whole table back.
    if statement.isInPlaceCall, case .object(let o) = v, o.form != .matrix { return nil }
    return v
  }

  /// Runs a top-level statement from inside a running script (`run "file.dos"`), keeping
  /// the frames of the caller.
  public func runNested(_ statement: CompiledStatement) throws(ScriptError) {
    if case .returned = try statement.node.exec(self) {
      throw ScriptError(RuntimeMessages.returnOutsideFunction(), at: statement.range)
    }
  }

  /// Loads (once) and imports a module by name.
  public func use(_ name: String) throws(ScriptError) {
    let stale = staleModules.contains(name)
    if modules[name] != nil && importedModules.contains(name) && !stale { return }
    if modules[name] == nil || stale {
      let file: SourceFile
      if let given = scriptModules[name] {
        file = given
      } else {
        guard let host else { throw ScriptError(RuntimeMessages.noModulePath(name)) }
        file = try host.moduleSource(name, from: nil)
      }
      staleModules.remove(name)
      try loadModule(file, name: name)
    }
    importModule(name)
  }

  /// Loads (once) a module from its text, found before, and imports it.
  public func use(_ name: String, source: SourceFile) throws(ScriptError) {
    let stale = staleModules.contains(name)
    if modules[name] == nil || !importedModules.contains(name) || stale {
      if modules[name] == nil || stale {
        staleModules.remove(name)
        try loadModule(source, name: name)
      }
      importModule(name)
    }
  }

  /// Calls a script-visible function by name with values (for hosts and tests).
  public func call(function name: String, _ args: [Value]) throws(ScriptError) -> Value {
    guard let f = try lookupFunction(name) else { throw ScriptError(RuntimeMessages.unknownFunction(name)) }
    return try call(f, args)
  }
}
