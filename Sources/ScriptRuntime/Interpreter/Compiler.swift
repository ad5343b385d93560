import ScriptSyntax

/// A top-level statement ready to run.
public struct CompiledStatement {
  let node: StmtNode
  /// The statement's source.
  public let range: SourceRange
  /// Whether the console prints its value (expression statements).
  public let printsValue: Bool
  /// An in-place call (`x.append!(y)`, `pop!(x)`): the console prints what it returns (the
  /// changed vector, the popped element) but not a whole table it appended to.
  var isInPlaceCall = false
}

/// Variables of one function being compiled.
final class FunctionScope {
  var slots: [String: Int] = [:]
  var size = 0
  let isLambda: Bool
  var constants: Set<String> = []
  var captureSlots: [Int] = []
  var captureSources: [Node] = []

  init(isLambda: Bool) { self.isLambda = isLambda }

  func allocate(_ name: String) -> Int {
    if let s = slots[name] { return s }
    let s = size
    slots[name] = s
    size += 1
    return s
  }
}

/// Turns the syntax tree into executable nodes, resolving every variable to a slot.
///
/// Top-level names are global slots; names assigned in a function are frame slots; a
/// lambda copies the outer variables it uses into its own slots when it is created.
/// Any other name is looked up as a function when it runs.
struct Compiler {
  unowned let m: Machine
  /// The module being compiled ("" for session code).
  let module: String
  var scopes: [FunctionScope] = []
  /// Inside a SQL statement, names may be columns of the queried table.
  var sqlDepth = 0
  /// Names the queried tables take (`from trades t`): `t.price` is the column `price`; with
  /// more tables (`from emp a, emp b`), a later table's column is `b_name` where the name is
  /// taken. Each alias maps to that prefix ("" for the first table).
  var tableAliases: [String: String] = [:]
  /// Compiling metacode for `eval`: the values it holds, which shadow session variables.
  var bindings: [String: Value] = [:]
  /// Compiling a class's method: its attributes and methods.
  var classContext: ClassContext?

  init(machine: Machine, module: String) {
    self.m = machine
    self.module = module
  }

  static func error(_ message: String, _ range: SourceRange) -> ScriptError {
    ScriptError(message, at: range)
  }

  // MARK: Variables

  /// The variable `name` as seen from scope `level` (-1 is the top level); `range` is where it
  /// is used, which is also where a lambda's capture reports an error.
  mutating func resolve(_ name: String, level: Int, at range: SourceRange) -> VarRef? {
    if level < 0 {
      if let s = m.globalNames[name] { return .global(s, name) }
      return nil
    }
    let scope = scopes[level]
    if let s = scope.slots[name] { return .local(s) }
    guard scope.isLambda else { return nil }
    let source: Node
    if let outer = resolve(name, level: level - 1, at: range) {
      switch outer {
      case .local(let s): source = LocalNode(slot: s, range: range)
      case .global(let s, let n): source = GlobalNode(slot: s, name: n, range: range)
      }
    } else if let context = classContext, level == context.depth, context.attributes.contains(name) {
      // A lambda right inside a method takes an attribute's value when it is made, as it
      // takes the method's locals.
      source = AttributeNode(name: name, range: range)
    } else {
      return nil
    }
    let slot = scope.allocate(name)
    scope.captureSlots.append(slot)
    scope.captureSources.append(source)
    return .local(slot)
  }

  mutating func resolve(_ name: String, at range: SourceRange) -> VarRef? {
    resolve(name, level: scopes.count - 1, at: range)
  }

  /// Creates the variable an assignment writes to.
  mutating func declare(_ name: String) -> VarRef {
    if let scope = scopes.last { return .local(scope.allocate(name)) }
    return .global(m.globalSlot(name), name)
  }

  func isConstant(_ name: String) -> Bool {
    if let scope = scopes.last { return scope.constants.contains(name) }
    return m.constantGlobals.contains(name)
  }

  /// Names assigned in statements (not inside nested functions).
  static func assignedNames(_ statements: [Stmt], into names: inout [String]) {
    for s in statements { assignedNames(s, into: &names) }
  }

  static func assignedNames(_ s: Stmt, into names: inout [String]) {
    switch s.kind {
    case .assign(let targets, _, _, _):
      for t in targets { if case .name(let n) = t.kind { names.append(n) } }
    case .constant(let n, _): names.append(n)
    case .forIn(let v, _, let body):
      names.append(v)
      assignedNames(body, into: &names)
    case .ifElse(_, let then, let otherwise):
      assignedNames(then, into: &names)
      if let otherwise { assignedNames(otherwise, into: &names) }
    case .doWhile(let body, _): assignedNames(body, into: &names)
    case .block(let body): assignedNames(body, into: &names)
    case .tryCatch(let body, let e, let handler):
      assignedNames(body, into: &names)
      if let e { names.append(e) }
      assignedNames(handler, into: &names)
    case .timer(_, let body), .transaction(let body): assignedNames(body, into: &names)
    default: break
    }
  }

  // MARK: Programs

  /// Compiles session code: top-level functions are defined first, so they may be called
  /// before the line that defines them.
  mutating func compileTopLevel(_ program: Program) throws(ScriptError) -> [CompiledStatement] {
    var names: [String] = []
    Compiler.assignedNames(program.statements, into: &names)
    for n in names { _ = m.globalSlot(n) }
    for s in program.statements {
      if case .classDef(let decl) = s.kind { try compileClass(decl) }
    }
    for s in program.statements {
      if case .function(let decl) = s.kind, let name = decl.name {
        let f = try compileFunction(decl, isLambda: false)
        m.define(FunctionValue(.user(f, captured: [])), name: name, module: module)
      }
    }
    var out: [CompiledStatement] = []
    for s in program.statements {
      // Named functions and classes were defined above.
      var definedAbove = false
      if case .function(let decl) = s.kind, decl.name != nil { definedAbove = true }
      if case .classDef = s.kind { definedAbove = true }
      if definedAbove {
        out.append(CompiledStatement(node: EmptyStmt(range: s.range), range: s.range, printsValue: false))
        continue
      }
      let node = try compileStatement(s)
      var statement = CompiledStatement(node: node, range: s.range, printsValue: false)
      if case .expression(let e) = s.kind {
        statement = CompiledStatement(
          node: node, range: s.range, printsValue: true, isInPlaceCall: Compiler.isInPlaceCall(e))
      }
      out.append(statement)
    }
    return out
  }

  /// `x.append!(y)` and `sort!(x)` change a variable.
  static func isInPlaceCall(_ e: Expr) -> Bool {
    switch e.kind {
    case .methodCall(_, let name, _): return name.hasSuffix("!")
    case .call(let callee, _):
      if case .name(let n) = callee.kind { return n.hasSuffix("!") }
      return false
    default: return false
    }
  }

  /// Compiles a module file: `module name` first, then function definitions and `use`.
  mutating func compileModule(_ program: Program, expectedName: String) throws(ScriptError) -> [StmtNode] {
    try Compiler.checkModule(program, expectedName: expectedName)
    var uses: [StmtNode] = []
    for s in program.statements.dropFirst() {
      switch s.kind {
      case .function(let decl):
        let f = try compileFunction(decl, isLambda: false)
        m.define(FunctionValue(.user(f, captured: [])), name: decl.name ?? "", module: module)
      case .use(let other): uses.append(UseStmt(module: other, range: s.range))
      case .classDef(let decl): try compileClass(decl)
      default: break
      }
    }
    return uses
  }

  /// What a module file must be: `module name` first, then named functions and `use` only.
  static func checkModule(_ program: Program, expectedName: String) throws(ScriptError) {
    guard let first = program.statements.first, case .module(let declared) = first.kind else {
      let r = program.statements.first?.range ?? SourceRange(file: program.file, start: 0, end: 0)
      throw Compiler.error(RuntimeMessages.moduleHeaderMissing(expectedName), r)
    }
    guard declared == expectedName else {
      throw Compiler.error(RuntimeMessages.moduleNameMismatch(declared, loadedAs: expectedName), first.range)
    }
    for s in program.statements.dropFirst() {
      switch s.kind {
      case .function(let decl):
        guard decl.name != nil else { throw Compiler.error(RuntimeMessages.moduleFunctionNeedsName(), s.range) }
      case .use, .empty, .classDef: break
      default:
        throw Compiler.error(RuntimeMessages.moduleOnlyFunctions(), s.range)
      }
    }
  }

  /// Compiles a named function or a lambda body; the scope tells what a lambda captures.
  mutating func compileFunction(_ decl: FunctionDecl, isLambda: Bool) throws(ScriptError) -> UserFunction {
    try compileFunctionAndScope(decl, isLambda: isLambda).0
  }

  /// A function's nodes and its scope. A class's method (`method` given) takes the object as
  /// a first parameter, `self`, and its attributes are no locals unless a parameter is named so.
  mutating func compileFunctionAndScope(_ decl: FunctionDecl, isLambda: Bool, method: ClassContext? = nil)
    throws(ScriptError) -> (UserFunction, FunctionScope)
  {
    let scope = FunctionScope(isLambda: isLambda)
    var parameters: [UserFunction.Parameter] = []
    if method != nil {
      _ = scope.allocate("self")
      parameters.append(UserFunction.Parameter(name: "self", isMutable: false, defaultValue: nil))
    }
    for p in decl.parameters {
      _ = scope.allocate(p.name)
      var defaultValue: Value?
      if let d = p.defaultValue { defaultValue = try compileExpression(d).eval(m) }
      parameters.append(UserFunction.Parameter(name: p.name, isMutable: p.isMutable, defaultValue: defaultValue))
    }
    var names: [String] = []
    Compiler.assignedNames(decl.body, into: &names)
    for n in names where scope.slots[n] != nil || !(method?.attributes.contains(n) ?? false) { _ = scope.allocate(n) }
    scopes.append(scope)
    let outerClass = classContext
    if method != nil { classContext = method }
    defer {
      scopes.removeLast()
      classContext = outerClass
    }
    var body: [StmtNode] = []
    for s in decl.body { body.append(try compileStatement(s)) }
    let expression = Compiler.returnOnlyBody(body)
    let f = UserFunction(
      name: decl.name ?? "lambda", parameters: parameters, frameSize: scope.size, captureSlots: scope.captureSlots,
      body: body, expressionBody: expression, source: decl.range.text, isAggregate: decl.isAggregate,
      module: module, range: decl.range)
    return (f, scope)
  }

  /// The body as one expression when every path is a `return` (nil otherwise), made of the
  /// nodes already compiled: compiling the body a second time would double the work at each
  /// level of nested lambdas.
  static func returnOnlyBody(_ body: [StmtNode]) -> Node? {
    func returned(_ s: StmtNode) -> Node? {
      guard let r = s as? ReturnStmt, r.hasValue else { return nil }
      return r.value
    }
    if body.count == 1, let e = returned(body[0]) { return e }
    if body.count == 1, let i = body[0] as? IfStmt, let a = returned(i.then), let b = i.otherwise.flatMap(returned) {
      return ChoiceNode(i.condition, a, b, range: i.range)
    }
    if body.count == 2, let i = body[0] as? IfStmt, i.otherwise == nil, let a = returned(i.then),
      let b = returned(body[1])
    {
      return ChoiceNode(i.condition, a, b, range: i.range)
    }
    return nil
  }

  /// Compiles a lambda into a node that creates the closure.
  mutating func compileLambda(_ decl: FunctionDecl, range: SourceRange) throws(ScriptError) -> Node {
    let (f, scope) = try compileFunctionAndScope(decl, isLambda: true)
    return LambdaNode(function: f, captures: scope.captureSources, range: range)
  }
}
