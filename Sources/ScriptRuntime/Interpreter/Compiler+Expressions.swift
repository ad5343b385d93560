import ScriptSyntax

extension Compiler {
  /// The value of one literal.
  static func value(of literal: Literal) -> Value {
    switch literal {
    case .integer(let v, let suffix):
      switch suffix {
      case .none: return v > Int64(Int32.max) || v < Int64(Int32.min) + 1 ? .int(v, .long) : .int(v, .int)
      case .long: return .int(v, .long)
      case .short: return .int(Kernel.normalize(v, .short), .short)
      case .char: return .int(Kernel.normalize(v, .char), .char)
      case .bool: return .bool(v != 0)
      }
    case .real(let d, let isFloat): return .double(isFloat ? Double(Float(d)) : d, isFloat ? .float : .double)
    case .string(let s): return .string(s, .string)
    case .char(let c): return .int(Int64(c), .char)
    case .symbols(let words):
      if words.count == 1 { return .string(words[0], .string) }
      return .vector(Vector(strings: words))
    case .temporal(let kind, let raw): return .int(raw, DataType(kind))
    case .duration(let n, let unit): return .duration(Duration(count: n, unit: unit))
    case .typedNull(let c): return .null(DataType(nullSuffix: c) ?? .int)
    case .bool(let b): return .bool(b)
    case .null: return .void
    }
  }

  /// `1 2 3`, `"a" "b"`, `2021.01.01 2021.01.02`: one typed vector.
  static func vectorLiteral(_ items: [Literal], range: SourceRange) throws(ScriptError) -> Value {
    var values: [Value] = []
    for item in items {
      if case .symbols(let words) = item {
        values += words.map { .string($0, .string) }
      } else {
        values.append(value(of: item))
      }
    }
    var type: DataType = .void
    for v in values {
      guard let t = Structural.commonType(type, v.type), !(type.isTemporal && v.type.isIntegral),
        !(type.isIntegral && v.type.isTemporal && type != .void)
      else {
        throw ScriptError(RuntimeMessages.mixedVectorLiteral(type.name, v.type.name), at: range)
      }
      type = t
    }
    if type == .void { type = .double }
    var out = Vector.empty(type, capacity: values.count)
    for v in values {
      do { try out.append(v) } catch { throw error.located(range) }
    }
    return .vector(out)
  }

  mutating func compileExpression(_ e: Expr) throws(ScriptError) -> Node {
    let r = e.range
    switch e.kind {
    case .literal(let l):
      return ConstNode(Compiler.value(of: l), range: r)
    case .vectorLiteral(let items):
      return ConstNode(try Compiler.vectorLiteral(items, range: r), range: r)
    case .name("*") where sqlDepth == 0:
      // `f(x, *)`: the operator passed as a function (`count(*)` never gets here).
      return NameNode(name: "mul", module: module, range: r)
    case .name(let n):
      let plain: Node
      if let held = bindings[n] {
        plain = ConstNode(held, range: r)
      } else if isAttribute(n) {
        plain = AttributeNode(name: n, range: r)
      } else if let ref = resolve(n, at: r) {
        plain = node(for: ref, range: r)
      } else {
        // At the top level, a session variable that a script run later (`run`, `.read`) sets.
        plain = NameNode(name: n, module: module, range: r, seesSession: scopes.isEmpty && module.isEmpty)
      }
      return sqlDepth > 0 ? ColumnNode(name: n, fallback: plain, range: r) : plain
    case .qualified(let mod, let n):
      return QualifiedNode(module: mod, name: n, range: r)
    case .functionRef(let n):
      return NameNode(name: n, module: module, range: r)
    case .unary(let op, let operand):
      if op == "-", case .literal(let l) = operand.kind, let folded = try? Structural.negate(Compiler.value(of: l)) {
        return ConstNode(folded, range: r)
      }
      return UnaryNode(isNot: op == "!", try compileExpression(operand), range: r)
    case .binary(let op, let left, let right):
      return specialize(try compileBinary(op, left, right, range: r))
    case .comparisonChain(let operands, let ops):
      var nodes: [Node] = []
      for o in operands { nodes.append(try compileExpression(o)) }
      return ComparisonChainNode(
        operands: nodes, ops: ops.map { ComparisonOperator(rawValue: $0 == "<>" ? "!=" : $0) ?? .eq }, range: r)
    case .conditional(let c, let a, let b):
      return ConditionalNode(
        condition: try compileExpression(c), whenTrue: try compileExpression(a), whenFalse: try compileExpression(b),
        range: r)
    case .call(let callee, let args):
      return try compileCall(callee, args, range: r)
    case .methodCall(let receiver, let name, let args):
      let callee = Expr(.name(name), r)
      return try compileCall(callee, [Argument(name: nil, value: receiver)] + args, range: r, isMethod: true)
    case .partial(let callee, let bound):
      // `a.getName{2015}`: an object's method with the object bound, then the rest.
      if case .name(let n) = callee.kind, m.classMethodNames.contains(n),
        (try? m.lookupFunction(n, fromModule: module)) == nil, let first = bound.first, let receiver = first
      {
        let method = Expr(.member(receiver, n), callee.range)
        return try compileExpression(Expr(.partial(method, Array(bound.dropFirst())), r))
      }
      var nodes: [Node?] = []
      for b in bound { nodes.append(try b.map { x throws(ScriptError) in try compileExpression(x) }) }
      return PartialNode(callee: try compileExpression(callee), bound: nodes, range: r)
    case .index(let base, let indices):
      // `DECIMAL32(5)[]`: the array vector type of a DECIMAL, as `INT[]` is INT's.
      if indices.isEmpty, case .call(let callee, let args) = base.kind, case .name(let n) = callee.kind,
        n == "DECIMAL32" || n == "DECIMAL64", args.count == 1
      {
        let flag = Argument(name: nil, value: Expr(.literal(.bool(true)), r))
        return try compileExpression(Expr(.call(callee, args + [flag]), r))
      }
      var nodes: [Node] = []
      for i in indices { nodes.append(try compileExpression(i)) }
      let general = IndexNode(base: try compileExpression(base), indices: nodes, range: r)
      if nodes.count == 1, let local = general.base as? LocalNode {
        return LocalElementNode(slot: local.slot, index: nodes[0], general: general)
      }
      return general
    case .member(let base, let name):
      if sqlDepth > 0, case .name(let alias) = base.kind, let prefix = tableAliases[alias] {
        let plain = ColumnNode(name: name, fallback: NameNode(name: name, module: module, range: r), range: r)
        return prefix.isEmpty ? plain : ColumnNode(name: prefix + name, fallback: plain, range: r)
      }
      return MemberNode(base: try compileExpression(base), name: name, module: module, range: r)
    case .template(let callee, let letter):
      return TemplateNode(callee: try compileExpression(callee), letter: letter, range: r)
    case .lambda(let decl):
      return try compileLambda(decl, range: r)
    case .bracketVector(let items):
      var nodes: [Node] = []
      for i in items { nodes.append(try compileExpression(i)) }
      return BracketVectorNode(items: nodes, range: r)
    case .tuple(let items):
      var nodes: [Node] = []
      for i in items { nodes.append(try compileExpression(i)) }
      return TupleNode(items: nodes, range: r)
    case .dictionary(let entries):
      var nodes: [(Node, Node)] = []
      for (k, v) in entries { nodes.append((try compileExpression(k), try compileExpression(v))) }
      return DictionaryNode(entries: nodes, range: r)
    case .sql(let statement):
      return try compileSQL(statement, range: r)
    case .metacode(let inner):
      return compileMetacode(inner, range: r)
    case .bound(let key):
      guard let held = bindings[key] else { throw Compiler.error(RuntimeMessages.metacodeValueMissing(), r) }
      return ConstNode(held, range: r)
    case .macro(let macro):
      switch macro {
      case .series(let names):
        var nodes: [Node] = []
        for n in names { nodes.append(try compileExpression(Expr(.name(n), r))) }
        return TupleNode(items: nodes, range: r)
      case .one(let v): return MacroColumnNode(variable: try variableNode(v, r), many: false, range: r)
      case .many(let v): return MacroColumnNode(variable: try variableNode(v, r), many: true, range: r)
      }
    }
  }

  /// The variable `name` (never a column, even inside SQL): what a macro variable reads.
  mutating func variableNode(_ name: String, _ r: SourceRange) throws(ScriptError) -> Node {
    let depth = sqlDepth
    sqlDepth = 0
    defer { sqlDepth = depth }
    return try compileExpression(Expr(.name(name), r))
  }

  func node(for ref: VarRef, range: SourceRange) -> Node {
    switch ref {
    case .local(let s): return LocalNode(slot: s, range: range)
    case .global(let s, let n): return GlobalNode(slot: s, name: n, range: range)
    }
  }

  mutating func compileBinary(_ op: String, _ left: Expr, _ right: Expr, range r: SourceRange) throws(ScriptError)
    -> Node
  {
    let l = try compileExpression(left)
    let rn = try compileExpression(right)
    switch op {
    case "+": return ArithmeticNode(.add, l, rn, range: r)
    case "-": return ArithmeticNode(.sub, l, rn, range: r)
    case "*": return ArithmeticNode(.mul, l, rn, range: r)
    case "/": return ArithmeticNode(.div, l, rn, range: r)
    case "\\": return ArithmeticNode(.ratio, l, rn, range: r)
    case "%": return ArithmeticNode(.mod, l, rn, range: r)
    case "==": return ComparisonNode(.eq, l, rn, range: r)
    case "!=", "<>": return ComparisonNode(.ne, l, rn, range: r)
    case "<": return ComparisonNode(.lt, l, rn, range: r)
    case "<=": return ComparisonNode(.le, l, rn, range: r)
    case ">": return ComparisonNode(.gt, l, rn, range: r)
    case ">=": return ComparisonNode(.ge, l, rn, range: r)
    case "&&", "and": return LogicNode(isAnd: true, l, rn, range: r)
    case "||": return LogicNode(isAnd: false, l, rn, range: r)
    case "or": return LogicNode(isAnd: false, ignoresNull: true, l, rn, range: r)
    case ":": return BinaryFunctionNode(Structural.pair, l, rn, range: r)
    case "..":
      return BinaryFunctionNode({ a, b, m throws(ScriptError) in try Structural.seq(a, b, memory: m) }, l, rn, range: r)
    case "<-": return BinaryFunctionNode(Structural.join, l, rn, range: r)
    case "$": return BinaryFunctionNode(Structural.cast, l, rn, range: r)
    default:
      guard let name = Parser.operatorFunctions[op] else {
        throw Compiler.error(RuntimeMessages.unknownOperator(op), r)
      }
      return CallNamedNode(
        name: name, module: module, args: [l, rn], names: [nil, nil], argRefs: [nil, nil], range: r)
    }
  }

  mutating func compileCall(_ callee: Expr, _ args: [Argument], range r: SourceRange, isMethod: Bool = false)
    throws(ScriptError) -> Node
  {
    if case .name(let n) = callee.kind, sqlDepth == 0 {
      if !isMethod, let call = try compileMemberCall(n, args, range: r) { return call }
      if isMethod, m.classMethodNames.contains(n), let receiver = args.first?.value {
        var rest: [Node?] = []
        for a in args.dropFirst() { rest.append(try a.value.map { v throws(ScriptError) in try compileExpression(v) }) }
        var plainCall: Node?
        if case .name = receiver.kind { plainCall = try compilePlainCall(callee, args, range: r, isMethod: true) }
        return ObjectMethodCallNode(
          name: n, module: module, receiver: try compileExpression(receiver), args: rest, plainCall: plainCall,
          range: r)
      }
    }
    return try compilePlainCall(callee, args, range: r, isMethod: isMethod)
  }

  /// A call of a function (not of an object's method).
  mutating func compilePlainCall(_ callee: Expr, _ args: [Argument], range r: SourceRange, isMethod: Bool)
    throws(ScriptError) -> Node
  {
    // `prices.append!(p)` on an attribute inside a method changes the attribute.
    if case .name(let n) = callee.kind, n.hasSuffix("!"), let first = args.first?.value, case .name(let a) = first.kind,
      isAttribute(a), args.allSatisfy({ $0.name == nil }),
      let found = try? m.lookupFunction(n, fromModule: module), case .builtin(let b) = found.kind, b.mutatesFirst
    {
      var rest: [Node?] = []
      for arg in args.dropFirst() {
        rest.append(try arg.value.map { v throws(ScriptError) in try compileExpression(v) })
      }
      return AttributeInPlaceCallNode(attribute: a, builtin: b, args: rest, range: r)
    }
    var nodes: [Node?] = []
    var names: [String?] = []
    var refs: [VarRef?] = []
    for a in args {
      nodes.append(try a.value.map { v throws(ScriptError) in try compileExpression(v) })
      names.append(a.name)
      if let v = a.value, case .name(let n) = v.kind, let ref = resolve(n, at: v.range) {
        refs.append(ref)
      } else {
        refs.append(nil)
      }
    }
    if case .name(let n) = callee.kind {
      if n == "count", args.count == 1, let a = args[0].value, case .name("*") = a.kind {
        return CountStarNode(range: r)
      }
      if !isMethod, sqlDepth == 0, let ref = resolve(n, at: callee.range) {
        return CallValueNode(callee: node(for: ref, range: callee.range), args: nodes, names: names, range: r)
      }
      let call = CallNamedNode(name: n, module: module, args: nodes, names: names, argRefs: refs, range: r)
      call.sourceNames = args.map { a in
        if let alias = a.alias { return alias }
        if let v = a.value, case .name(let name) = v.kind { return name }
        // `table(ETF.Time, ETF.Symbol)` names its columns Time and Symbol, as DolphinDB does.
        if let v = a.value, case .member(_, let name) = v.kind { return name }
        return nil
      }
      // sum(x * 2) and friends run block by block instead of building x * 2 (see the node).
      if n == "sum" || n == "avg", nodes.count == 1, names[0] == nil, let arithmetic = nodes[0] as? ArithmeticNode {
        var leaves: [Node] = []
        let tree = FusedAggregateNode.decompose(arithmetic, into: &leaves)
        return FusedAggregateNode(aggregate: n, tree: tree, leaves: leaves, fallback: call, range: r)
      }
      return call
    }
    return CallValueNode(callee: try compileExpression(callee), args: nodes, names: names, range: r)
  }
}
