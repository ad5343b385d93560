extension Parser {
  /// Parses statements up to `closer` (not consumed) or the end of input.
  // statements -> { statement (NEWLINE | ';') }
  mutating func parseStatements(until closer: String?) -> [Stmt] {
    var out: [Stmt] = []
    while true {
      while atNewline || current.isPunct(";") { advance() }
      if atEnd { break }
      if let closer, current.isPunct(closer) { break }
      do {
        let statement = try parseStatement()
        out.append(statement)
        try expectStatementEnd()
      } catch {
        diagnostics.append(error)
        if error.isIncomplete || diagnostics.count >= Parser.maxErrors {
          pos = tokens.count - 1
          break
        }
        let before = pos
        recover()
        // A stray closer at this level: step over it so the next statement can start.
        if pos == before && !(closer.map { current.isPunct($0) } ?? false) { advance() }
      }
    }
    return out
  }

  mutating func expectStatementEnd() throws(Diagnostic) {
    if atEnd || atNewline || current.isPunct(";") || current.isPunct("}") { return }
    // `{x += 1 return x}`: a word that only starts a statement ends the one before it, as in
    // DolphinDB's manual.
    if let word = current.identifier, ["return", "break", "continue"].contains(word) { return }
    if current.isPunct("=") {
      throw failure(DiagnosticMessages.useEqualsEquals(), at: range(current))
    }
    throw failure(expected: "end of statement")
  }

  /// statement -> def | if | for | do | try | return | ... | assignment | expression
  mutating func parseStatement() throws(Diagnostic) -> Stmt {
    let start = current
    if current.isPunct("{") && !braceStartsExpression() {
      return Stmt(.block(try parseBlock()), range(from: start))
    }
    if current.isPunct("@") {
      // Annotations such as `@jit`, `@state` or `@testing: case = "x"` carry no meaning here;
      // a definition may follow a bare annotation on the same line (`@jit def f(x){...}`).
      advance()
      if current.identifier != nil, !peek().isPunct(":") {
        advance()
        if !atEnd && !atNewline { return Stmt(try parseStatement().kind, range(from: start)) }
      }
      while !atEnd && !atNewline { advance() }
      return Stmt(.empty, range(from: start))
    }
    if current.isPunct("&"), peek().identifier != nil, peek(2).isPunct("=") {
      advance()
      let (name, nameToken) = try expectIdentifier("a variable name")
      advance()
      declareVariable(name)
      let value = try parseExpression()
      let target = Expr(.name(name), range(nameToken))
      return Stmt(.assign(targets: [target], op: "=", value: value, byReference: true), range(from: start))
    }
    if atDataDefinition() { return try parseDataDefinition() }
    if let word = current.identifier {
      switch word {
      case "def", "defg":
        if peek().identifier != nil {
          return Stmt(.function(try parseFunctionDecl()), range(from: start))
        }
      case "mapr":
        if peek().identifier != nil, peek(2).isPunct("(") {
          return Stmt(.function(try parseMapReduceDecl()), range(from: start))
        }
      case "class" where atClassDefinition(): return try parseClass()
      case "if": return try parseIf()
      case "for": return try parseFor()
      case "do": return try parseDoWhile()
      case "try": return try parseTry()
      case "break", "continue":
        advance()
        if loopDepth == 0 {
          throw failure(DiagnosticMessages.outsideLoop(word), at: range(start))
        }
        return Stmt(word == "break" ? .breakLoop : .continueLoop, range(start))
      case "return":
        advance()
        if atEnd || atNewline || current.isPunct(";") || current.isPunct("}") {
          return Stmt(.returnValue(nil), range(start))
        }
        let first = try parseExpression()
        guard current.isPunct(",") else { return Stmt(.returnValue(first), range(from: start)) }
        // `return a, b`: several values, returned as one tuple.
        var items = [first]
        while current.isPunct(",") {
          advance()
          items.append(try parseExpression())
        }
        return Stmt(.returnValue(Expr(.tuple(items), first.range.to(items[items.count - 1].range))), range(from: start))
      case "throw":
        advance()
        return Stmt(.throwValue(try parseExpression()), range(from: start))
      case "assert":
        advance()
        let first = try parseExpression()
        if current.isPunct(",") {
          advance()
          skipNewlines()
          let condition = try parseExpression()
          return Stmt(.assertion(name: first, condition: condition), range(from: start))
        }
        return Stmt(.assertion(name: nil, condition: first), range(from: start))
      case "transaction" where tokens[indexPastNewlines(from: pos + 1)].isPunct("{"):
        advance()
        skipNewlines()
        return Stmt(.transaction(try parseStatement()), range(from: start))
      case "timer":
        advance()
        var count: Expr?
        if current.isPunct("(") {
          advance()
          count = try parseExpression()
          try expectPunct(")")
        }
        skipNewlines()
        return Stmt(.timer(count: count, body: try parseStatement()), range(from: start))
      case "module":
        advance()
        return Stmt(.module(try parseModuleName()), range(from: start))
      case "use":
        advance()
        return Stmt(.use(try parseModuleName()), range(from: start))
      case "go":
        advance()
        return Stmt(.empty, range(start))
      case "const":
        advance()
        let (name, _) = try expectIdentifier("a constant name")
        try expectPunct("=")
        declareVariable(name)
        return Stmt(.constant(name: name, value: try parseExpression()), range(from: start))
      case "share" where !peek().isPunct("("):
        advance()
        let table = try parseExpression()
        guard isIdentifier(current, "as") else { throw failure(expected: "'as'") }
        advance()
        let (name, _) = try expectIdentifier("a shared table name")
        declareVariable(name)
        return Stmt(.share(table, name), range(from: start))
      default: break
      }
    }
    return try parseExpressionOrAssignment()
  }

  /// `{a: 1}` and `{x -> x}` at the start of a statement are values, not blocks.
  func braceStartsExpression() -> Bool {
    let first = peek()
    let second = peek(2)
    if first.isLiteral || first.identifier != nil {
      if second.isPunct(":") { return true }
      if first.identifier != nil && (second.isPunct("->") || second.isPunct(",")) { return true }
    }
    return first.isPunct("->")
  }

  /// block -> '{' statements '}'
  mutating func parseBlock() throws(Diagnostic) -> [Stmt] {
    let open = current
    try expectPunct("{")
    let body = parseStatements(until: "}")
    try expectClosing("}", opener: open)
    return body
  }

  /// A statement used as the body of if/for/do: a block or a single statement.
  mutating func parseBody() throws(Diagnostic) -> Stmt {
    skipNewlines()
    return try parseStatement()
  }

  // if -> 'if' '(' expr ')' statement [ 'else' statement ]
  mutating func parseIf() throws(Diagnostic) -> Stmt {
    let start = advance()
    let open = current
    try expectPunct("(", what: "'(' after 'if'")
    let condition = try parseExpression()
    try expectClosing(")", opener: open)
    let then = try parseBody()
    var otherwise: Stmt?
    var k = indexPastNewlines()
    if tokens[k].isPunct(";") {
      // `if (c) return x;` then `else` on the next line.
      let saved = pos
      pos = k + 1
      k = indexPastNewlines()
      pos = saved
    }
    if tokens[k].identifier == "else" {
      pos = k + 1
      otherwise = try parseBody()
    }
    return Stmt(.ifElse(condition: condition, then: then, otherwise: otherwise), range(from: start))
  }

  // for -> 'for' '(' name 'in' expr ')' statement
  mutating func parseFor() throws(Diagnostic) -> Stmt {
    let start = advance()
    let open = current
    try expectPunct("(", what: "'(' after 'for'")
    let (name, _) = try expectIdentifier("a loop variable")
    declareVariable(name)
    guard isIdentifier(current, "in") else { throw failure(expected: "'in'") }
    advance()
    let sequence = try parseExpression()
    try expectClosing(")", opener: open)
    loopDepth += 1
    defer { loopDepth -= 1 }
    let body = try parseBody()
    return Stmt(.forIn(variable: name, sequence: sequence, body: body), range(from: start))
  }

  // do -> 'do' statement 'while' '(' expr ')'
  mutating func parseDoWhile() throws(Diagnostic) -> Stmt {
    let start = advance()
    loopDepth += 1
    let body = try parseBody()
    loopDepth -= 1
    skipNewlines()
    guard isIdentifier(current, "while") else { throw failure(expected: "'while' after 'do' body") }
    advance()
    let open = current
    try expectPunct("(")
    let condition = try parseExpression()
    try expectClosing(")", opener: open)
    return Stmt(.doWhile(body: body, condition: condition), range(from: start))
  }

  // try -> 'try' statement 'catch' [ '(' name ')' ] statement
  mutating func parseTry() throws(Diagnostic) -> Stmt {
    let start = advance()
    let body = try parseBody()
    skipNewlines()
    guard isIdentifier(current, "catch") else { throw failure(expected: "'catch'") }
    advance()
    var errorName: String?
    if current.isPunct("(") {
      let open = advance()
      if !current.isPunct(")") {
        let (name, _) = try expectIdentifier("an exception variable")
        errorName = name
        declareVariable(name)
      }
      try expectClosing(")", opener: open)
    }
    let handler = try parseBody()
    return Stmt(.tryCatch(body: body, errorName: errorName, handler: handler), range(from: start))
  }

  // module-name -> name { '::' name }
  mutating func parseModuleName() throws(Diagnostic) -> String {
    var (name, _) = try expectIdentifier("a module name")
    while current.isPunct("::") {
      advance()
      let (part, _) = try expectIdentifier("a module name after '::'")
      name += "::" + part
    }
    return name
  }

  // def -> ('def' | 'defg') name '(' params ')' ( block | ':' expr )
  mutating func parseFunctionDecl() throws(Diagnostic) -> FunctionDecl {
    let start = advance()
    let isAggregate = start.identifier == "defg"
    var name: String?
    if current.identifier != nil && !current.isPunct("(") {
      let (n, _) = try expectIdentifier("a function name")
      name = n
      context.functionNames.insert(n)
    }
    return try parseFunctionRest(name: name, start: start, isAggregate: isAggregate, inheritScope: name == nil)
  }

  /// Parameters and body of a function, after `def name`.
  mutating func parseFunctionRest(
    name: String?, start: Token, isAggregate: Bool, inheritScope: Bool
  ) throws(Diagnostic) -> FunctionDecl {
    let parameters = try parseParameterList()
    let outer = scopes.last ?? []
    scopes.append(Set(parameters.map(\.name)).union(inheritScope ? outer : []).union(memberScope))
    immutableNames.append(Set(parameters.filter { !$0.isMutable }.map(\.name)))
    let savedLoop = loopDepth
    loopDepth = 0
    defer {
      scopes.removeLast()
      immutableNames.removeLast()
      loopDepth = savedLoop
    }
    if current.isPunct(":") || current.isPunct("->") {
      advance()
      skipNewlines()
      let body = try parseExpression()
      return FunctionDecl(
        name: name, parameters: parameters, body: [Stmt(.returnValue(body), body.range)],
        isExpressionBody: true, isAggregate: isAggregate, range: range(from: start))
    }
    if current.isPunct("{") || (name != nil && indexIsBrace(indexPastNewlines())) {
      skipNewlines()
      let body = try parseBlock()
      return FunctionDecl(
        name: name, parameters: parameters, body: body, isExpressionBody: false,
        isAggregate: isAggregate, range: range(from: start))
    }
    if name != nil {
      // A forward declaration: `def f(a, b)` alone on its line.
      return FunctionDecl(
        name: name, parameters: parameters, body: [], isExpressionBody: false, isAggregate: isAggregate,
        range: range(from: start))
    }
    throw failure(expected: "'{' or ':' to start the function body")
  }

  /// `'(' [ ['mutable'] name ['=' constant] { ',' ... } ] ')'`: a function's parameters.
  mutating func parseParameterList() throws(Diagnostic) -> [Parameter] {
    let open = current
    try expectPunct("(", what: "'(' to start the parameter list")
    var parameters: [Parameter] = []
    skipNewlines()
    while !current.isPunct(")") {
      let pstart = current
      var isMutable = false
      if isIdentifier(current, "mutable") {
        isMutable = true
        advance()
      }
      let (pname, _) = try expectIdentifier("a parameter name")
      var defaultValue: Expr?
      if current.isPunct("=") {
        advance()
        let value = try parseExpression()
        // A function defined before is a constant too (`def sync(..., write=writeData)`).
        let isFunction: Bool = {
          if case .name(let n) = value.kind { return context.functionNames.contains(n) }
          return false
        }()
        guard Parser.isConstant(value) || isFunction else {
          throw failure(DiagnosticMessages.defaultNotConstant(pname), at: value.range)
        }
        defaultValue = value
      } else if parameters.last?.defaultValue != nil {
        throw failure(DiagnosticMessages.requiredAfterDefault(pname), at: range(pstart))
      }
      parameters.append(
        Parameter(name: pname, isMutable: isMutable, defaultValue: defaultValue, range: range(from: pstart)))
      skipNewlines()
      if current.isPunct(",") {
        advance()
        skipNewlines()
      } else {
        break
      }
    }
    try expectClosing(")", opener: open)
    return parameters
  }

  func indexIsBrace(_ k: Int) -> Bool { tokens[k].isPunct("{") }

  /// Default values must be literals (or negated literals, vectors of literals, NULL).
  static func isConstant(_ e: Expr) -> Bool {
    switch e.kind {
    case .literal, .vectorLiteral: return true
    case .unary(let op, let inner): return op == "-" && isConstant(inner)
    case .bracketVector(let items): return items.allSatisfy(isConstant)
    case .name(let n): return n == "NULL" || n == "null" || Parser.typeConstantNames.contains(n)
    default: return false
    }
  }

  /// Upper-case constants that are fine as default values.
  static let typeConstantNames: Set<String> = [
    "INT", "LONG", "SHORT", "CHAR", "BOOL", "DOUBLE", "FLOAT", "STRING", "SYMBOL", "DATE", "MONTH",
    "TIME", "MINUTE", "SECOND", "DATETIME", "TIMESTAMP", "NANOTIME", "NANOTIMESTAMP", "DATEHOUR",
  ]

  // assignment -> targets ('=' | '+=' | ...) expr ; targets -> expr { ',' expr }
  mutating func parseExpressionOrAssignment() throws(Diagnostic) -> Stmt {
    let start = current
    // A bare `x = ...` declares x before its value is parsed, so `x` is a variable inside it too.
    var targets = [try parseExpression()]
    while current.isPunct(",") {
      advance()
      skipNewlines()
      targets.append(try parseExpression())
    }
    guard case .punct(let op) = current.kind, ["=", "+=", "-=", "*=", "/=", "%="].contains(op) else {
      if targets.count > 1 { throw failure(expected: "'=' after the assignment targets") }
      return Stmt(.expression(targets[0]), range(from: start))
    }
    for target in targets { try checkAssignable(target) }
    advance()
    skipNewlines()
    var value = try parseExpression()
    if targets.count > 1 && current.isPunct(",") {
      var items = [value]
      while current.isPunct(",") {
        advance()
        skipNewlines()
        items.append(try parseExpression())
      }
      value = Expr(.tuple(items), items[0].range.to(items[items.count - 1].range))
    }
    return Stmt(.assign(targets: targets, op: op, value: value, byReference: false), range(from: start))
  }

  /// Assignment targets are names, indexed names and members; parameters must be `mutable`.
  mutating func checkAssignable(_ target: Expr) throws(Diagnostic) {
    switch target.kind {
    case .name(let name):
      if immutableNames.last?.contains(name) ?? false {
        throw failure(DiagnosticMessages.constantModified(name), at: target.range)
      }
      declareVariable(name)
    case .index(let base, _), .member(let base, _):
      if case .name(let name) = base.kind, immutableNames.last?.contains(name) ?? false {
        throw failure(DiagnosticMessages.constantModified(name), at: base.range)
      }
      guard case .name = base.kind else {
        if case .member = base.kind { return }
        if case .index = base.kind { return }
        throw failure(DiagnosticMessages.invalidAssignmentTarget(), at: target.range)
      }
    default:
      throw failure(DiagnosticMessages.invalidAssignmentTarget(), at: target.range)
    }
  }
}
