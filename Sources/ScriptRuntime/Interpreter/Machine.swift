import ScriptSyntax

/// A module loaded by `use`: its functions by name.
public final class LoadedModule {
  public let name: String
  public var functions: [String: FunctionValue] = [:]
  init(name: String) { self.name = name }
}

/// The interpreter's state for one session: variables, functions, modules, the value stack.
///
/// Top-level variables live in global slots resolved at compile time; function locals live
/// on a preallocated value stack addressed from a base pointer, so a call allocates nothing.
public final class Machine {
  // MARK: Variables
  var globals: UnsafeMutablePointer<Value?>
  var globalCapacity: Int
  /// Global variable names and their slots.
  public private(set) var globalNames: [String: Int] = [:]
  /// Globals declared with `const`.
  var constantGlobals: Set<String> = []

  // MARK: Stack
  /// Grown on demand up to `stackLimit` slots: a session that never calls deeply costs a few
  /// kilobytes, not the whole stack (hundreds of idle connections each hold one).
  private(set) var stack: UnsafeMutablePointer<Value>
  private(set) var stackCapacity: Int
  let stackLimit: Int
  var sp = 0
  var bp = 0
  var callDepth = 0
  /// How many `run`s deep the running script is.
  var runDepth = 0
  /// Folders of the scripts being run, innermost last: relative paths and `use` look there first.
  public internal(set) var scriptDirectories: [String] = []
  /// Deepest script call nesting before `stack overflow`.
  public var maxCallDepth = 4000
  var returnValue: Value = .void
  /// The tables SQL expressions are evaluated against (innermost last).
  var sqlContexts: [SQLContext] = []
  /// The value of the last expression statement, for the console.
  var lastValue: Value = .void
  /// Where `Node.evalInt` leaves a value that is not an integral scalar.
  var parked: Value = .void

  /// Moves the parked value out.
  @inline(__always) func takeParked() -> Value {
    var v = Value.void
    swap(&v, &parked)
    return v
  }

  // MARK: Functions
  /// Native functions.
  public var registry: FunctionRegistry { didSet { generation &+= 1 } }
  /// Functions defined at the top level of the session.
  public private(set) var sessionFunctions: [String: FunctionValue] = [:]
  /// Session functions handed to the node's function views, by name.
  var handedToViews: [String: FunctionValue] = [:]
  var modules: [String: LoadedModule] = [:]
  /// Modules imported with `use`, in order.
  public private(set) var importedModules: [String] = []
  /// Modules `clearCachedModules` marked: the next `use` reads them again from their files.
  var staleModules: Set<String> = []
  /// Module texts given by `loadModuleFromScript`, found by `use` before any file.
  var scriptModules: [String: SourceFile] = [:]
  /// Bumped whenever a name could resolve to a different function; call sites cache by it.
  var generation = 0
  /// The session's script classes, by name.
  var classes: [String: ClassDefinition] = [:]
  /// Every method name of those classes: `x.name(...)` checks whether x is an object.
  var classMethodNames: Set<String> = []

  /// A script class the session defined.
  public func classDefinition(_ name: String) -> ClassDefinition? { classes[name] }
  /// Named constants (`INT`, `DOUBLE`, `VALUE`, `TABLE_READ`, ...).
  public var constants: [String: Value] = Machine.coreConstants()
  /// The tables shared with every session of the node (`share t as name`); a node's sessions
  /// are given the node's, a session on its own keeps these.
  public var sharedObjects = SharedObjects()
  /// Work other sessions queued for this one (subscription messages).
  public let inbox = MachineInbox()
  var drainingInbox = false

  // MARK: Services
  public var output: OutputSink
  public var clock: ScriptClock
  public weak var host: ScriptHost?
  /// A stop asked of this session only (a remote client's Ctrl-C).
  public var interruption = InterruptFlag()
  /// Where long appends to database tables are shown (nil: nowhere).
  public var appendProgress: (any AppendProgressDisplay)?
  /// Whether the running statement should stop: Ctrl-C here, or asked of this session.
  @inline(__always) public var isInterrupted: Bool { Interrupt.isRequested || interruption.isRequested }
  /// Who may touch databases, nodes and users in this session (nil: anyone).
  public var access: AccessGate?
  /// How many function views are running: inside one, its caller reads and writes the tables
  /// the view does.
  public var viewDepth = 0
  /// The node's function views (`addFunctionView`), found by name after every other function.
  public var functionViews: ((String) -> FunctionValue?)?
  /// How values print.
  public var formatter = ValueFormatter()
  /// The random generator behind `rand`.
  public var random = RandomGenerator(seed: 0)
  /// The most memory one value a script asks for may take, in bytes: the node's `maxMemSize`.
  /// Sizes that come from scripts are checked against it before anything is allocated.
  public var maxMemoryBytes: Int {
    get { nodeMaxMemory?() ?? ownMaxMemory }
    set { ownMaxMemory = newValue }
  }
  private var ownMaxMemory = 8 << 30
  /// The node's `maxMemSize` in bytes, nil when it sets none: asked at each check, so that
  /// `setMaxMemSize` reaches every session of the node at once.
  public var nodeMaxMemory: (() -> Int?)?
  /// The most bytes one query's result may take (the node's memLimitOfQueryResult); nil: no limit.
  public var queryResultLimit: (() -> Int)?
  /// Told of every read of a database table by a query (resource tracking); nil: nothing is
  /// observed and queries pay nothing for it.
  public var tableReadObserver: ((TableRead) -> Void)?
  /// Told when an outermost query that reads a database table begins and ends (the node's
  /// `getRunningQueries` and `getCompletedQueries`); nil: queries are not monitored.
  public var queryMonitor: ((QueryEvent) -> Void)?
  /// The most bytes the database tables one outermost query reads may take (the user's
  /// TASK_GROUP_MEM_LIMIT); nil, or a nil answer: no limit.
  public var taskGroupLimit: (() -> Int?)?
  /// The outermost query running while reads are observed or queries monitored.
  var trackedQuery: TrackedQuery?
  var trackedQueryCount = 0
  /// The partitions the running outermost query chose and read (`getQueryStatus`).
  public let queryProgress = QueryProgress()
  /// The session's number on its node (its connection's; 0 for the node's own console and jobs).
  public var sessionId: Int64 = 0
  /// The address of the session's client ("" for the node's own console and jobs).
  public var remoteAddress = ""

  /// Throws, naming `what`, when `count` elements of `elementBytes` would pass `maxMemoryBytes`.
  public func checkAllocation(_ count: Int, elementBytes: Int, _ what: String) throws(ScriptError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: Swift.max(elementBytes, 1))
    let limit = maxMemoryBytes
    guard count < 0 || overflow || bytes > limit else { return }
    if count < 0 { throw ScriptError(RuntimeMessages.negativeCount(what, count)) }
    throw ScriptError(
      RuntimeMessages.outOfMemory(what, count, limit: Machine.describeBytes(limit))
    )
  }

  static func describeBytes(_ n: Int) -> String {
    if n < 1 << 20 { return "\(n) bytes" }
    return n >= 1 << 30 && n % (1 << 30) == 0 ? "\(n >> 30) GB" : "\(n >> 20) MB"
  }

  /// Session settings that built-ins read and `setSystem` writes.
  public var settings: [String: Value] = [:]

  /// Creates a machine with a value stack of `stackSlots` slots.
  public init(registry: FunctionRegistry, output: OutputSink, clock: ScriptClock, stackSlots: Int = 1 << 18) {
    self.registry = registry
    self.output = output
    self.clock = clock
    stackLimit = stackSlots
    stackCapacity = min(stackSlots, 1024)
    stack = UnsafeMutablePointer<Value>.allocate(capacity: stackCapacity)
    stack.initialize(repeating: .void, count: stackCapacity)
    globalCapacity = 256
    globals = UnsafeMutablePointer<Value?>.allocate(capacity: globalCapacity)
    globals.initialize(repeating: nil, count: globalCapacity)
    random = RandomGenerator(seed: UInt64(truncatingIfNeeded: clock.monotonicNanoseconds()) | 1)
  }

  deinit {
    // Its subscriptions end with the session: nothing would run their messages.
    inbox.close()
    stack.deinitialize(count: stackCapacity)
    stack.deallocate()
    globals.deinitialize(count: globalCapacity)
    globals.deallocate()
  }

  /// Makes room for `slots` stack slots; false past the limit (a `stack overflow`). Nodes
  /// read `stack` afresh after any call, so moving it is safe.
  /// Clears a returning frame's slots and restores the caller's frame.
  @inline(__always) func leaveFrame(base: Int, size: Int, savedBp: Int) {
    // Read once: clearing releases values, which never moves the stack.
    let slots = stack
    var i = base
    while i < base + size {
      (slots + i).clear()
      i += 1
    }
    sp = base
    callDepth -= 1
    bp = savedBp
  }

  @inline(__always) func ensureStack(_ slots: Int) -> Bool {
    slots <= stackCapacity || growStack(slots)
  }

  private func growStack(_ slots: Int) -> Bool {
    guard slots <= stackLimit else { return false }
    let bigger = min(max(stackCapacity * 2, slots), stackLimit)
    let fresh = UnsafeMutablePointer<Value>.allocate(capacity: bigger)
    fresh.moveInitialize(from: stack, count: stackCapacity)
    (fresh + stackCapacity).initialize(repeating: .void, count: bigger - stackCapacity)
    stack.deallocate()
    stack = fresh
    stackCapacity = bigger
    return true
  }

  // MARK: Globals

  /// The slot of a global, created if new.
  func globalSlot(_ name: String) -> Int {
    if let s = globalNames[name] { return s }
    let slot = globalNames.count
    if slot >= globalCapacity {
      let bigger = globalCapacity * 2
      let fresh = UnsafeMutablePointer<Value?>.allocate(capacity: bigger)
      fresh.moveInitialize(from: globals, count: globalCapacity)
      (fresh + globalCapacity).initialize(repeating: nil, count: bigger - globalCapacity)
      globals.deallocate()
      globals = fresh
      globalCapacity = bigger
    }
    globalNames[name] = slot
    return slot
  }

  /// The value of a session variable, if it is set.
  public func variable(_ name: String) -> Value? {
    guard let slot = globalNames[name] else { return nil }
    return globals[slot]
  }

  /// Sets a session variable.
  public func setVariable(_ name: String, _ value: Value) {
    globals[globalSlot(name)] = value
  }

  /// Names of the session variables that hold a value, sorted.
  public var variableNames: [String] {
    globalNames.filter { globals[$0.value] != nil }.map(\.key).sorted()
  }

  /// Forgets every session variable (`.clear`).
  public func clearVariables() {
    for (_, slot) in globalNames { globals[slot] = nil }
    constantGlobals = []
  }

  /// Removes one variable (`undef`).
  public func undefine(_ name: String) -> Bool {
    guard let slot = globalNames[name], globals[slot] != nil else { return false }
    globals[slot] = nil
    constantGlobals.remove(name)
    return true
  }

  // MARK: Functions

  /// Defines (or redefines) a function, in the session or in a module.
  func define(_ f: FunctionValue, name: String, module: String) {
    if module.isEmpty {
      sessionFunctions[name] = f
    } else {
      let m = modules[module] ?? LoadedModule(name: module)
      m.functions[name] = f
      modules[module] = m
    }
    generation &+= 1
  }

  /// Hands a session function to the node's function view of its name (`addFunctionView`):
  /// calls find the view from now on; the definition is kept to be taken back.
  public func handOverToView(_ name: String) {
    guard let f = sessionFunctions.removeValue(forKey: name) else { return }
    handedToViews[name] = f
    generation &+= 1
  }

  /// Takes back a definition this session handed to a view that was dropped: DolphinDB's
  /// session keeps its `def` (its tutorial drops a view and adds the same function again).
  public func takeBackFromView(_ name: String) {
    guard let f = handedToViews.removeValue(forKey: name) else { return }
    if sessionFunctions[name] == nil { sessionFunctions[name] = f }
    generation &+= 1
  }

  /// Makes every call look its function up again (a function view was dropped).
  public func forgetCachedFunctions() { generation &+= 1 }

  /// Marks a module imported.
  func importModule(_ name: String) {
    if !importedModules.contains(name) { importedModules.append(name) }
    if modules[name] == nil { modules[name] = LoadedModule(name: name) }
    generation &+= 1
  }

  /// Whether a module was loaded.
  public func isLoaded(module: String) -> Bool { modules[module] != nil }

  /// The modules loaded in this session, in name order.
  public var loadedModules: [String] { modules.keys.sorted() }

  /// `clearCachedModules`: every module loaded so far is read again from its file by the next
  /// `use` (its functions stay callable until then).
  public func clearCachedModules() {
    staleModules.formUnion(modules.keys)
    scriptModules = [:]
  }

  /// `loadModuleFromScript`: loads modules from their texts, each `use` among them finding the
  /// others first (so their order does not matter); a loaded one is loaded again only with
  /// `reload`. They are loaded, not imported: `name::f` calls them, `use name` imports them.
  public func loadModules(fromScripts scripts: [(name: String, source: SourceFile)], reload: Bool) throws(ScriptError) {
    for (name, source) in scripts { scriptModules[name] = source }
    for (name, source) in scripts where modules[name] == nil || reload || staleModules.contains(name) {
      staleModules.remove(name)
      try loadModule(source, name: name)
    }
  }

  /// The functions of the loaded modules under their qualified names (`ta::ma`), as `defs()`
  /// lists them.
  public var moduleFunctions: [(name: String, function: FunctionValue)] {
    modules.values.flatMap { m in m.functions.map { (name: m.name + "::" + $0.key, function: $0.value) } }
  }

  /// Resolves a function name as seen from code in `module`: that module, the session, the
  /// imported modules (exactly one may define it), then the built-ins.
  public func lookupFunction(_ name: String, fromModule module: String = "") throws(ScriptError) -> FunctionValue? {
    if !module.isEmpty, let f = modules[module]?.functions[name] { return f }
    if let f = sessionFunctions[name] { return f }
    var found: [(String, FunctionValue)] = []
    for m in importedModules where m != module {
      if let f = modules[m]?.functions[name] { found.append((m, f)) }
    }
    if found.count > 1 {
      throw ScriptError(
        RuntimeMessages.ambiguousFunction(name, modules: found.map { $0.0 })
      )
    }
    if let f = found.first?.1 { return f }
    if let b = registry[name] { return FunctionValue(.builtin(b)) }
    return functionViews?(name)
  }

  /// Resolves `module::name`; an empty module names the built-ins.
  public func lookupQualified(module: String, name: String) throws(ScriptError) -> FunctionValue {
    if module.isEmpty {
      guard let b = registry[name] else { throw ScriptError(RuntimeMessages.unknownBuiltin(name)) }
      return FunctionValue(.builtin(b))
    }
    guard let m = modules[module] else {
      throw ScriptError(RuntimeMessages.moduleNotLoaded(module))
    }
    guard let f = m.functions[name] else { throw ScriptError(RuntimeMessages.moduleHasNoFunction(module, name)) }
    return f
  }

  /// Every function name visible to the session, for completion and the parser.
  public var functionNames: Set<String> {
    var names = Set(registry.names)
    names.formUnion(sessionFunctions.keys)
    for m in importedModules { names.formUnion(modules[m]?.functions.keys ?? [:].keys) }
    return names
  }

  /// What the parser needs to know about this session.
  public var parseContext: ParseContext {
    ParseContext(functionNames: functionNames, variableNames: Set(variableNames))
  }

  /// "; did you mean 'x'?" for the closest known name, or "".
  public func suggestion(for name: String, includeVariables: Bool) -> String {
    // The session has it, but the code asking runs in a function, which sees only its own
    // parameters and locals (DolphinDB's scoping); "did you mean 'x'?" would name the same x.
    if includeVariables && variableNames.contains(name) {
      return "; a function sees only its parameters and locals: pass the session's '\(name)' in as an argument"
    }
    var candidates = Array(functionNames)
    if includeVariables { candidates += variableNames }
    var best: (name: String, distance: Int)?
    for c in candidates {
      let d = editDistance(name.lowercased(), c.lowercased())
      guard d <= max(1, name.count / 3) else { continue }
      if let b = best, d > b.distance || (d == b.distance && c >= b.name) { continue }
      best = (c, d)
    }
    return best.map { "; did you mean '\($0.name)'?" } ?? ""
  }

  func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      cur[0] = i
      for j in 1...y.count {
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&prev, &cur)
    }
    return prev[y.count]
  }

  /// The type names and other constants every session knows.
  static func coreConstants() -> [String: Value] {
    var c: [String: Value] = [:]
    for t in DataType.allCases where t != .anyDictionary && !t.isDecimal {
      c[t.name] = .int(Int64(t.rawValue), .int)
      if t.canBeArrayElement { c[t.name + "[]"] = .int(Int64(t.rawValue) + DataType.arrayCodeOffset, .int) }
    }
    c["VOID"] = .int(0, .int)
    // Object kinds of undef and objByName: a session variable, a shared table, a function.
    c["VAR"] = .int(0, .int)
    c["SHARED"] = .int(1, .int)
    c["DEF"] = .int(2, .int)
    // sql's groupFlag (`sql(..., groupFlag=GROUPBY)`, as DolphinDB's SQL tutorial writes it).
    c["CONTEXTBY"] = .int(0, .int)
    c["GROUPBY"] = .int(1, .int)
    c["PIVOTBY"] = .int(2, .int)
    c["pi"] = .double(Double.pi)
    // Euler's number, as DolphinDB's `log e`; a variable or parameter named e hides it.
    c["e"] = .double(2.718281828459045)
    // The data forms `form` returns (`if (form(x) == VECTOR)`); DolphinDB spells a dictionary DICT.
    for f in [Value.Form.scalar, .vector, .pair, .matrix, .set, .table] { c[f.name] = .int(Int64(f.rawValue), .int) }
    c["DICT"] = .int(Int64(Value.Form.dictionary.rawValue), .int)
    return c
  }
}
