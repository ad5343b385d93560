import PorpoiseSupport
import ScriptSyntax

/// Why a source could not be loaded: every syntax error, or the one compile error. Nothing of
/// it ran.
public struct LoadFailure: Error {
  public let diagnostics: [Diagnostic]
}

/// The one way text becomes runnable in a session: parse, then compile. The shell, `run`,
/// `.read`, `use`, piped scripts and a node's remote requests all come through here.
extension Machine {
  /// Parses `file` (unless `parsed` is what parsing it already gave: the shell's completeness
  /// check) and compiles it; its top-level functions are defined now.
  public func load(_ file: SourceFile, parsed: Result<Program, SyntaxErrors>? = nil) throws(LoadFailure)
    -> [CompiledStatement]
  {
    switch parsed ?? Parser.parse(file, context: parseContext) {
    case .success(let program):
      do {
        return try compile(program)
      } catch {
        throw LoadFailure(diagnostics: [error.diagnostic])
      }
    case .failure(let errors):
      throw LoadFailure(diagnostics: errors.diagnostics)
    }
  }

  /// Loads a file a running script asked for (`run`, `use`): its first diagnostic becomes the
  /// error of the statement that asked.
  public func loadNested(_ file: SourceFile) throws(ScriptError) -> [CompiledStatement] {
    try compile(try parseNested(file))
  }

  /// Parses a file nested in a running script in this session's context (a module, whose
  /// compilation differs); its first syntax error becomes the statement's error.
  func parseNested(_ file: SourceFile) throws(ScriptError) -> Program {
    switch Parser.parse(file, context: parseContext) {
    case .success(let p): return p
    case .failure(let errors):
      let d = errors.diagnostics[0]
      throw ScriptError(d.message, at: d.range)
    }
  }

  /// Compiles a module's text into its namespace.
  /// Checks that `file` is a module `use` would load as `name`, without loading it.
  public func checkModule(_ file: SourceFile, name: String) throws(ScriptError) {
    try Compiler.checkModule(try parseNested(file), expectedName: name)
  }

  public func loadModule(_ file: SourceFile, name: String) throws(ScriptError) {
    let program = try parseNested(file)
    modules[name] = LoadedModule(name: name)
    var compiler = Compiler(machine: self, module: name)
    do {
      let uses = try compiler.compileModule(program, expectedName: name)
      for u in uses { _ = try u.exec(self) }
    } catch {
      modules[name] = nil
      generation &+= 1
      throw error
    }
  }

  /// How deep `run` may nest (a script that runs itself ends here, not in a crash).
  public static let maxRunDepth = 25

  /// Runs a script file inside the running script (`run "job.dos"`), in the caller's frames
  /// and variables; while it runs, relative paths and modules are looked up next to it first.
  public func runScript(_ file: SourceFile) throws(ScriptError) {
    // Checked before the file is compiled too: a script that runs itself stops here.
    guard runDepth < Machine.maxRunDepth else {
      throw ScriptError(RuntimeMessages.runNestedTooDeep(Machine.maxRunDepth))
    }
    try runScript(file, compiled: try loadNested(file))
  }

  /// Runs statements `loadNested` made of `file`, as `runScript(file)` would.
  public func runScript(_ file: SourceFile, compiled statements: [CompiledStatement]) throws(ScriptError) {
    guard runDepth < Machine.maxRunDepth else {
      throw ScriptError(RuntimeMessages.runNestedTooDeep(Machine.maxRunDepth))
    }
    runDepth += 1
    defer { runDepth -= 1 }
    try inScriptDirectory(FileAccess.directory(of: file.name)) { () throws(ScriptError) in
      for s in statements { try runNested(s) }
    }
  }

  /// Runs `body` with `directory` as the folder of the script being run.
  public func inScriptDirectory<T, E: Error>(_ directory: String, _ body: () throws(E) -> T) throws(E) -> T {
    scriptDirectories.append(directory)
    defer { scriptDirectories.removeLast() }
    return try body()
  }

  /// Compiles the function `source` defines (`def name(...) { ... }`) without defining it.
  public func compileFunction(source: String, name: String) throws(ScriptError) -> FunctionValue {
    let program = try parseNested(SourceFile(name: "<function \(name)>", text: source))
    let statements = program.statements.filter {
      if case .empty = $0.kind { return false }
      return true
    }
    guard statements.count == 1, case .function(let decl) = statements[0].kind else {
      throw ScriptError(RuntimeMessages.notAFunctionDefinition(name))
    }
    var compiler = Compiler(machine: self, module: "")
    return FunctionValue(.user(try compiler.compileFunction(decl, isLambda: false), captured: []))
  }
}
