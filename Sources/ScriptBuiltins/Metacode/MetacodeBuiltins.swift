import ScriptRuntime
import ScriptSyntax

/// Metacode: `eval`, `parseExpr`, `sqlCol`, `sqlColAlias`, `makeCall`, `makeUnifiedCall`,
/// `expr`, `binaryExpr`, `unifiedExpr`. `sql` is in `SQLMetacodeBuiltins`.
enum MetacodeBuiltins {
  static let all: [Builtin] = [
    // eval(code): runs metacode (each of a tuple of metacode) in this session.
    Builtin("eval", args: 1...1, parameterNames: ["expr"]) { a throws(ScriptError) in
      if case .tuple(let items) = a[0] {
        var out: [Value] = []
        for item in items { out.append(try a.machine.evaluate(try metacode(item, "eval"))) }
        return .tuple(out)
      }
      return try a.machine.evaluate(try metacode(a[0], "eval"))
    },
    // parseExpr(text, [varDict], [modules]): the expression as metacode; varDict's values stand
    // for its names; the modules named are loaded and imported first (`use`), so the text may
    // call their functions.
    Builtin("parseExpr", args: 1...3, parameterNames: ["X", "varDict", "modules"]) { a throws(ScriptError) in
      let texts = try column(a[0], "parseExpr").strings
      if a.has(2) {
        for module in try column(a[2], "the modules of 'parseExpr'").strings where !module.isEmpty {
          try a.machine.use(module)
        }
      }
      var bindings: [String: Value] = [:]
      if a.has(1) {
        guard case .dictionary(let d) = a[1] else {
          throw ScriptError(
            RuntimeMessages.mustBeDictionary("the variable dictionary of 'parseExpr'", got: a[1].typeString))
        }
        for (k, v) in zip(d.keys, d.values) {
          if case .string(let name, _) = k { bindings[name] = v }
        }
      }
      var out: [Value] = []
      for text in texts {
        let code = try a.machine.parseMetacode(text)
        out.append(.object(MetaCode(code.expr, bindings: bindings)))
      }
      return a[0].isScalar ? out[0] : .tuple(out)
    },
    // sqlCol(colName, [func], [alias]): a column (or func applied to it) as a select item; a
    // vector of names gives a tuple.
    Builtin("sqlCol", args: 1...3, parameterNames: ["colName", "func", "alias"]) { a throws(ScriptError) in
      let names = try column(a[0], "sqlCol").strings
      let aliases = a.has(2) ? try column(a[2], "sqlCol").strings : []
      guard aliases.isEmpty || aliases.count == names.count else {
        throw ScriptError(RuntimeMessages.lengthMismatch("sqlCol", names.count, aliases.count))
      }
      var out: [Value] = []
      for (i, name) in names.enumerated() {
        var b = MetacodeBuilder()
        var e = MetacodeBuilder.node(.name(name))
        if a.has(1) {
          e = MetacodeBuilder.node(.call(b.expr(a[1]), [Argument(name: nil, value: e)]))
        }
        out.append(b.make(e, alias: aliases.isEmpty ? nil : aliases[i]))
      }
      return a[0].isScalar ? out[0] : .tuple(out)
    },
    // sqlColAlias(colDefs, [colNames]): metacode named as a selected column.
    Builtin("sqlColAlias", args: 1...2, parameterNames: ["colDefs", "colNames"]) { a throws(ScriptError) in
      let codes = MetacodeBuilder.items(a[0])
      let names = a.has(1) ? try column(a[1], "sqlColAlias").strings : []
      // One expression and several names: the several columns it gives (`<f(x) as `a`b>`).
      if codes.count == 1, names.count > 1, !isTuple(a[0]) {
        return .object(try metacode(codes[0], "sqlColAlias").named(names))
      }
      guard names.isEmpty || names.count == codes.count else {
        throw ScriptError(RuntimeMessages.lengthMismatch("sqlColAlias", codes.count, names.count))
      }
      var out: [Value] = []
      for (i, item) in codes.enumerated() {
        let code = try metacode(item, "sqlColAlias")
        // Without a name, the column's name as a select would give it (`avg(PRC) as avg_PRC`).
        out.append(.object(code.aliased(names.isEmpty ? code.alias ?? code.generatedColumnName : names[i])))
      }
      return codes.count == 1 && !isTuple(a[0]) ? out[0] : .tuple(out)
    },
    // makeCall(F, args...): the call F(args...) as metacode.
    Builtin("makeCall", args: 1...Int.max, parameterNames: ["F"]) { a throws(ScriptError) in
      _ = try a.function(0, "the function of 'makeCall'")
      return call(a[0], Array(a.values.dropFirst()), labels: Array(a.sourceNames.dropFirst()))
    },
    // makeUnifiedCall(func, args): the same, the arguments given as one tuple, or as metacode of
    // a tuple expression (`<(x, y)>`, `sqlTuple(names)`), whose items become the arguments.
    Builtin("makeUnifiedCall", args: 2...2, parameterNames: ["func", "args"]) { a throws(ScriptError) in
      _ = try a.function(0, "the function of 'makeUnifiedCall'")
      if let code = MetacodeBuilder.code(a[1]), case .tuple(let items) = code.expr.kind {
        var b = MetacodeBuilder()
        let callee = b.expr(a[0])
        _ = b.expr(a[1])  // takes the tuple's held values along
        return b.make(MetacodeBuilder.node(.call(callee, items.map { Argument(name: nil, value: $0) })))
      }
      return call(a[0], MetacodeBuilder.items(a[1]), labels: [])
    },
    // expr(a, op, b, op, c...): operands and operators as one expression.
    Builtin("expr", args: 1...Int.max) { a throws(ScriptError) in
      var b = MetacodeBuilder()
      // expr(f, x): a function applied to one operand (`expr(sum, 1 2 3)`, `expr(not, <a>)`).
      if a.count == 2, case .function(let f) = a[0] {
        let operand = b.expr(a[1], label: label(a, 1))
        if f.name == "not" || f.name == "!" { return b.make(MetacodeBuilder.node(.unary(op: "!", operand))) }
        return b.make(MetacodeBuilder.node(.call(b.expr(a[0]), [Argument(name: nil, value: operand)])))
      }
      var e = b.expr(a[0], label: label(a, 0))
      // Comparisons written one after another make one range test, as in a script:
      // `expr(start, <=, sqlCol("t"), <=, end)` is `start <= t <= end` (DolphinDB's
      // prepare101 filters its dates so).
      var chain: (operands: [Expr], ops: [String])?
      var i = 1
      while i < a.count {
        guard i + 1 < a.count else { throw ScriptError(RuntimeMessages.exprNeedsOperand()) }
        let right = b.expr(a[i + 1], label: label(a, i + 1))
        if case .function(let f) = a[i], let symbol = operatorSymbols[f.name], comparisons.contains(symbol) {
          var c = chain ?? (operands: [e], ops: [])
          c.operands.append(right)
          c.ops.append(symbol)
          chain = c
          e =
            c.ops.count == 1
            ? MetacodeBuilder.node(.binary(op: symbol, c.operands[0], right))
            : MetacodeBuilder.node(.comparisonChain(c.operands, c.ops))
        } else {
          e = try binaryNode(a[i], e, right, "expr")
          chain = nil
        }
        i += 2
      }
      return b.make(e)
    },
    // binaryExpr(X, Y, op): X op Y as metacode.
    Builtin("binaryExpr", args: 3...3, parameterNames: ["X", "Y", "optr"]) { a throws(ScriptError) in
      let op = a[2]
      // A tuple of operands (`sqlCol(names)`) pairs element by element with another tuple
      // of as many, or with one operand: a tuple of metacode.
      if case .tuple(let left) = a[0] {
        let right: [Value]
        if case .tuple(let items) = a[1] {
          guard items.count == left.count else {
            throw ScriptError(RuntimeMessages.lengthMismatch("binaryExpr", left.count, items.count))
          }
          right = items
        } else {
          right = Array(repeating: a[1], count: left.count)
        }
        var out: [Value] = []
        for (l, r) in zip(left, right) {
          var b = MetacodeBuilder()
          let (le, re) = (b.expr(l), b.expr(r))
          out.append(b.make(try binaryNode(op, le, re, "binaryExpr")))
        }
        return .tuple(out)
      }
      var b = MetacodeBuilder()
      let l = b.expr(a[0], label: label(a, 0))
      let r = b.expr(a[1], label: label(a, 1))
      return b.make(try binaryNode(op, l, r, "binaryExpr"))
    },
    // unifiedExpr(objs, ops): objs[0] ops[0] objs[1] ops[1] ... as metacode, left to right.
    Builtin("unifiedExpr", args: 2...2, parameterNames: ["objs", "optrs"]) { a throws(ScriptError) in
      let objects = MetacodeBuilder.items(a[0])
      let ops = MetacodeBuilder.items(a[1])
      guard !objects.isEmpty, ops.count == objects.count - 1 else {
        throw ScriptError(RuntimeMessages.lengthMismatch("unifiedExpr", objects.count, ops.count))
      }
      var b = MetacodeBuilder()
      var e = b.expr(objects[0])
      for (op, object) in zip(ops, objects.dropFirst()) {
        e = MetacodeBuilder.node(.binary(op: try operatorSymbol(op, "unifiedExpr"), e, b.expr(object)))
      }
      return b.make(e)
    },
  ]

  static func metacode(_ v: Value, _ function: String) throws(ScriptError) -> MetaCode {
    guard let code = MetacodeBuilder.code(v) else {
      throw ScriptError(RuntimeMessages.mustBeMetacode("the argument of '\(function)'", got: v.typeString))
    }
    return code
  }

  static func isTuple(_ v: Value) -> Bool {
    if case .tuple = v { return true }
    return false
  }

  /// The variable name an argument came from, shown in place of its value; a scalar shows its
  /// value, as DolphinDB shows it (`a = 6; expr(a, +, 1)` is `< 6 + 1 >`).
  static func label(_ a: CallArguments, _ i: Int) -> String? {
    i < a.sourceNames.count && i < a.count && !a[i].isScalar ? a.sourceNames[i] : nil
  }

  static func call(_ function: Value, _ args: [Value], labels: [String?]) -> Value {
    var b = MetacodeBuilder()
    let callee = b.expr(function)
    var arguments: [Argument] = []
    for (i, v) in args.enumerated() {
      arguments.append(Argument(name: nil, value: b.expr(v, label: i < labels.count ? labels[i] : nil)))
    }
    return b.make(MetacodeBuilder.node(.call(callee, arguments)))
  }

  /// Built-ins behind the operators, back to their symbols (`lt` is `<`).
  static let operatorSymbols: [String: String] = {
    var out: [String: String] = [:]
    for (symbol, name) in Parser.operatorFunctions where symbol != "<>" { out[name] = symbol }
    return out
  }()

  /// `l op r` for an operator, or `op(l, r)` for a function written infix in SQL (`in`, `like`,
  /// `between`): `expr(<date>, in, dates)` is `date in dates`.
  static func binaryNode(_ op: Value, _ l: Expr, _ r: Expr, _ function: String) throws(ScriptError) -> Expr {
    if case .function(let f) = op, operatorSymbols[f.name] == nil, infixFunctions.contains(f.name) {
      return MetacodeBuilder.node(
        .call(MetacodeBuilder.node(.name(f.name)), [Argument(name: nil, value: l), Argument(name: nil, value: r)]))
    }
    return MetacodeBuilder.node(.binary(op: try operatorSymbol(op, function), l, r))
  }

  /// The comparison operators, which chain (`a <= x <= b`).
  static let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!=", "<>"]

  /// Functions SQL writes between their operands.
  static let infixFunctions: Set<String> = ["in", "like", "ilike", "between"]

  static func operatorSymbol(_ v: Value, _ function: String) throws(ScriptError) -> String {
    guard case .function(let f) = v, let symbol = operatorSymbols[f.name] else {
      throw ScriptError(RuntimeMessages.mustBeOperator(function, got: v.typeString))
    }
    return symbol
  }
}
