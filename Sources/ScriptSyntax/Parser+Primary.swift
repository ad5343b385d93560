extension Parser {
  /// primary -> literals | name | '(' ... ')' | '[' ... ']' | '{' lambda-or-dict '}' | lambda | sql
  mutating func parsePrimary() throws(Diagnostic) -> Expr {
    let start = current
    if current.isLiteral { return try parseLiteral(negate: false) }
    switch current.kind {
    case .punct(let p):
      switch p {
      case "(": return try parseParenthesized()
      case "[": return try parseBracketVector()
      case "{": return try parseBraceExpression()
      case "&":
        advance()
        let (name, _) = try expectIdentifier("a function name after '&'")
        return Expr(.functionRef(name), range(from: start))
      case "::":
        advance()
        // `::not(x)`: the built-in of that name, a keyword's function form too.
        guard let name = current.identifier else { throw failure(expected: "a function name after '::'") }
        advance()
        return Expr(.qualified(module: "", name: name), range(from: start))
      default:
        // An operator used as a function by templates: `+:A x`, `- :P x`, `+:A(x)`.
        if let function = Parser.operatorFunctions[p], p != ":", p != "..", templateLetter(at: pos + 1) != nil {
          advance()
          var e = try parseTemplates(Expr(.name(function), range(start)))
          if canStartOperand(at: pos) && !current.isPunct("(") && !atNewline {
            let argument = try parseExpression()
            e = Expr(.call(e, [Argument(name: nil, value: argument)]), e.range.to(argument.range))
          }
          return e
        }
        // An operator passed as a function: `reduce(+, x)`, `mr(ds, f, +)`, `f = *`.
        if let function = Parser.operatorFunctions[p], p != ":", p != "..", endsOperand(at: pos + 1) {
          advance()
          return Expr(.name(function), range(start))
        }
        if p == "<" { return try parseMetacode() }
        throw failure(expected: "an expression")
      }
    case .identifier(let name):
      if let macro = try parseColumnMacro() { return Expr(.macro(macro), range(from: start)) }
      if startsCase() { return try parseCase() }
      if startsWithQueries() { return try parseWithQueries() }
      switch name {
      case "def", "defg":
        // `defg(x, y){...}` is an anonymous aggregate, as DolphinDB's `moving(defg(vol, close){...}, ...)`.
        if name == "defg" && !peek().isPunct("(") { break }
        advance()
        return Expr(
          .lambda(try parseFunctionRest(name: nil, start: start, isAggregate: name == "defg", inheritScope: true)),
          range(from: start))
      case "select", "exec": return try parseSelect()
      case "update": return try parseUpdate()
      case "insert": return try parseInsert()
      case "delete": return try parseDelete()
      default: break
      }
      // `in`, `like`, `between`, `and` and `or` are operators, and also functions when called:
      // `like(s, p)`, `and(a, b)`; `share(t, name)` is the statement's function form.
      // With a template too: `like:R(col, patterns)`. Alone as an argument they are the function
      // itself: `expr(<date>, in, dates)`, `reduce(and, flags)`.
      let template = peek().isPunct(":") && !peek().spaceBefore && peek(2).identifier?.count == 1
      let asValue = name != "share" && (peek().isPunct(",") || peek().isPunct(")"))
      let callableKeyword =
        ["in", "like", "between", "and", "or", "share"].contains(name) && (peek().isPunct("(") || template || asValue)
      if Parser.keywords.contains(name) && !callableKeyword { throw failure(expected: "an expression") }
      advance()
      if current.isPunct("->") {
        advance()
        skipNewlines()
        scopes.append((scopes.last ?? []).union([name]))
        immutableNames.append([name])
        defer {
          scopes.removeLast()
          immutableNames.removeLast()
        }
        let body = try parseExpression()
        let param = Parameter(name: name, isMutable: false, defaultValue: nil, range: range(start))
        let decl = FunctionDecl(
          name: nil, parameters: [param], body: [Stmt(.returnValue(body), body.range)], isExpressionBody: true,
          isAggregate: false, range: range(from: start))
        return Expr(.lambda(decl), range(from: start))
      }
      if current.isPunct("::") && !current.spaceBefore, peek().identifier != nil {
        var module = name
        var member = ""
        while current.isPunct("::") {
          advance()
          let (part, _) = try expectIdentifier("a name after '::'")
          if current.isPunct("::") { module += "::" + part } else { member = part }
        }
        return Expr(.qualified(module: module, name: member), range(from: start))
      }
      let nameExpr = Expr(.name(name), range(start))
      // `sum 1 2 3`: a function before an operand applies to the whole expression after it.
      // `concat (a, b)` is a call of two arguments, as in DolphinDB, not `concat` of a tuple.
      if isFunctionName(name) && !(current.isPunct("(") && (!current.spaceBefore || groupHasTopLevelComma(at: pos)))
        && !(current.isPunct("{") && !current.spaceBefore) && !current.isPunct(".")
        && !(current.isPunct(":") && !current.spaceBefore) && canStartOperand(at: pos)
      {
        let argument = try parseExpression()
        return Expr(.call(nameExpr, [Argument(name: nil, value: argument)]), range(from: start))
      }
      return nameExpr
    case .eof:
      throw failure(expected: "an expression")
    default:
      throw failure(expected: "an expression")
    }
  }

  /// Whether the bracketed group opening at token `k` holds a comma outside nested brackets.
  func groupHasTopLevelComma(at k: Int) -> Bool {
    var depth = 0
    var i = k
    while i < tokens.count {
      switch tokens[i].kind {
      case .eof: return false
      case .punct(let p):
        switch p {
        case "(", "[", "{": depth += 1
        case ")", "]", "}":
          depth -= 1
          if depth == 0 { return false }
        case ",": if depth == 1 { return true }
        default: break
        }
      default: break
      }
      i += 1
    }
    return false
  }

  /// A macro variable (`_$name`, `_$$names`) or a column series (`col1...col10`) at the
  /// current token, consumed; nil (nothing consumed) when the tokens are not one. The parts
  /// touch (`_ $ x` is a cast of `_`); a series may have spaces around its `...`.
  mutating func parseColumnMacro() throws(Diagnostic) -> ColumnMacro? {
    guard let name = current.identifier else { return nil }
    if name == "_", peek().isPunct("$"), !peek().spaceBefore {
      let many = peek(2).isPunct("$") && !peek(2).spaceBefore
      let variable = peek(many ? 3 : 2)
      guard let v = variable.identifier, !variable.spaceBefore else { return nil }
      for _ in 0..<(many ? 4 : 3) { advance() }
      return many ? .many(v) : .one(v)
    }
    guard peek().isPunct(".."), peek(2).isPunct("."), !peek(2).spaceBefore, let last = peek(3).identifier,
      let names = ColumnMacro.series(name, last)
    else { return nil }
    for _ in 0..<4 { advance() }
    return .series(names)
  }

  /// Converts one literal token.
  func literal(of t: Token, negate: Bool) -> [Literal] {
    switch t.kind {
    case .integer(let v, let s): return [.integer(negate ? -v : v, s)]
    case .real(let v, let f): return [.real(negate ? -v : v, isFloat: f)]
    case .string(let s, let single):
      if single && s.utf8.count == 1, let byte = s.utf8.first { return [.char(byte)] }
      return [.string(s)]
    case .symbols(let words): return [.symbols(words)]
    case .temporal(let k, let raw): return [.temporal(k, raw)]
    case .duration(let n, let unit): return [.duration(n, unit)]
    case .typedNull(let c): return [.typedNull(c)]
    case .identifier(let w):
      if w == "NULL" || w == "null" { return [.null] }
      return [.bool(w == "true")]
    default: return []
    }
  }

  /// literals -> literal { literal }: space-separated literals on one line form a vector.
  mutating func parseLiteral(negate: Bool) throws(Diagnostic) -> Expr {
    let start = current
    if negate { advance() }
    var items = literal(of: advance(), negate: negate)
    var isVector = false
    if case .symbols(let words)? = items.first, words.count > 1 { isVector = true }
    while true {
      if current.isLiteral && current.spaceBefore {
        items += literal(of: advance(), negate: false)
        isVector = true
      } else if current.isPunct("-") && current.spaceBefore && !peek().spaceBefore,
        case .integer = peek().kind
      {
        advance()
        items += literal(of: advance(), negate: true)
        isVector = true
      } else if current.isPunct("-") && current.spaceBefore && !peek().spaceBefore, case .real = peek().kind {
        advance()
        items += literal(of: advance(), negate: true)
        isVector = true
      } else {
        break
      }
    }
    if !isVector { return Expr(.literal(items[0]), range(from: start)) }
    return Expr(.vectorLiteral(items), range(from: start))
  }

  /// '(' ')' | '(' expr ')' | '(' expr ',' ... ')'
  mutating func parseParenthesized() throws(Diagnostic) -> Expr {
    let open = advance()
    if current.isPunct(")") {
      advance()
      return Expr(.tuple([]), range(from: open))
    }
    let first = try parseExpression()
    if current.isPunct(",") {
      var items = [first]
      while current.isPunct(",") {
        advance()
        if current.isPunct(")") { break }
        items.append(try parseExpression())
      }
      try expectClosing(")", opener: open)
      return Expr(.tuple(items), range(from: open))
    }
    try expectClosing(")", opener: open)
    return Expr(first.kind, range(from: open))
  }

  /// '[' [ expr { ',' expr } ] ']'; an empty place between commas is a null (`["a",,,]`: four
  /// elements, the trailing comma too once a list has an empty place; `[1, 2,]` stays two).
  mutating func parseBracketVector() throws(Diagnostic) -> Expr {
    let open = advance()
    var items: [Expr] = []
    var hasEmpty = false
    while !current.isPunct("]") && !atEnd {
      if current.isPunct(",") {
        hasEmpty = true
        items.append(Expr(.literal(.null), range(current)))
        advance()
        if current.isPunct("]") { items.append(Expr(.literal(.null), range(current))) }
        continue
      }
      items.append(try parseExpression())
      guard current.isPunct(",") else { break }
      advance()
      if hasEmpty && current.isPunct("]") { items.append(Expr(.literal(.null), range(current))) }
    }
    try expectClosing("]", opener: open)
    return Expr(.bracketVector(items), range(from: open))
  }

  /// '{' params '->' expr '}' (a lambda) or '{' key ':' value, ... '}' (a dictionary)
  mutating func parseBraceExpression() throws(Diagnostic) -> Expr {
    let open = current
    // Lambda lookahead: { a, b -> ...
    var k = pos + 1
    while k < tokens.count, case .newline = tokens[k].kind { k += 1 }
    var names: [String] = []
    var isLambda = false
    while let n = tokens[k].identifier, !Parser.keywords.contains(n) {
      names.append(n)
      k += 1
      if tokens[k].isPunct(",") {
        k += 1
        continue
      }
      if tokens[k].isPunct("->") { isLambda = true }
      break
    }
    if tokens[k].isPunct("->") && names.isEmpty { isLambda = true }
    if isLambda {
      advance()
      var params: [Parameter] = []
      while let n = current.identifier, !Parser.keywords.contains(n) {
        params.append(Parameter(name: n, isMutable: false, defaultValue: nil, range: range(current)))
        advance()
        if current.isPunct(",") { advance() } else { break }
      }
      skipNewlines()
      try expectPunct("->")
      skipNewlines()
      scopes.append((scopes.last ?? []).union(names))
      immutableNames.append(Set(names))
      defer {
        scopes.removeLast()
        immutableNames.removeLast()
      }
      let body = try parseExpression()
      try expectClosing("}", opener: open)
      let decl = FunctionDecl(
        name: nil, parameters: params, body: [Stmt(.returnValue(body), body.range)], isExpressionBody: true,
        isAggregate: false, range: range(from: open))
      return Expr(.lambda(decl), range(from: open))
    }
    advance()
    var entries: [(Expr, Expr)] = []
    skipNewlines()
    while !current.isPunct("}") {
      let key: Expr
      if let n = current.identifier, peek().isPunct(":") {
        key = Expr(.literal(.string(n)), range(current))
        advance()
      } else {
        key = try parseBinary(16)
      }
      try expectPunct(":", what: "':' after a dictionary key")
      skipNewlines()
      let value = try parseExpression()
      entries.append((key, value))
      skipNewlines()
      guard current.isPunct(",") else { break }
      advance()
      skipNewlines()
    }
    try expectClosing("}", opener: open)
    return Expr(.dictionary(entries), range(from: open))
  }

  /// `with name as (`: a query with named subqueries (common table expressions).
  func startsWithQueries() -> Bool {
    guard isIdentifier(current, "with") else { return false }
    let k = indexPastNewlines(from: pos + 1)
    guard k + 2 < tokens.count, tokens[k].identifier != nil, isIdentifier(tokens[k + 1], "as") else { return false }
    return tokens[k + 2].isPunct("(")
  }

  /// `with a as (select ...), b as (select ... from a) select ... from b`: each named query made
  /// once, in order, visible to the ones after it and to the last, then gone. Read as a call of
  /// `withQueries(names, <q1>, <q2>, ..., <last>)`.
  mutating func parseWithQueries() throws(Diagnostic) -> Expr {
    let start = advance()
    var names: [String] = []
    var queries: [Expr] = []
    while true {
      skipNewlines()
      let (name, _) = try expectIdentifier("a name for the query after 'with'")
      guard isIdentifier(current, "as") else { throw failure(expected: "'as' after '\(name)'") }
      advance()
      guard current.isPunct("(") else { throw failure(expected: "'(' before the query of '\(name)'") }
      let open = advance()
      let query = try parseExpression()
      try expectClosing(")", opener: open)
      names.append(name)
      queries.append(query)
      skipNewlines()
      guard current.isPunct(",") else { break }
      advance()
    }
    skipNewlines()
    let body = try parseExpression()
    let r = range(from: start)
    var arguments = [Argument(name: nil, value: Expr(.literal(.symbols(names)), range(start)))]
    for q in queries + [body] { arguments.append(Argument(name: nil, value: Expr(.metacode(q), q.range))) }
    return Expr(.call(Expr(.name("withQueries"), range(start)), arguments), r)
  }
}
