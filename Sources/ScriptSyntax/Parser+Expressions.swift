extension Parser {
  /// Binding strength of symbolic binary operators (DolphinDB's table; higher binds tighter).
  static let punctPrecedence: [String: Int] = [
    "||": 1, "&&": 2,
    "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3, "<>": 3,
    "|": 4, "^": 5, "&": 6, "<<": 7, ">>": 7, "+": 8, "-": 8,
    "*": 10, "/": 10, "\\": 10, "%": 10, "**": 10, "$": 10, "<-": 10,
    ":": 15, "..": 15,
  ]
  static let comparisonOperators: Set<String> = ["<", "<=", ">", ">=", "==", "!=", "<>"]
  /// The word operators that test membership or a pattern and bind as comparisons.
  static let membershipWords: Set<String> = ["in", "like", "ilike"]
  /// Letters of the higher-order templates (`f:E` each, `f:A` accumulate, ...).
  static let templateLetters: Set<Character> = ["E", "L", "R", "P", "O", "A", "T", "C", "X", "G", "H", "V"]
  /// Assemble rules written after a template letter (`:EC`): DolphinDB, Consistent, Tuple, kdb+.
  static let assembleRules: Set<Character> = ["D", "C", "U", "K"]
  /// Functions behind the symbolic operators, for templates such as `+:A`.
  public static let operatorFunctions: [String: String] = [
    "+": "add", "-": "sub", "*": "mul", "/": "div", "\\": "ratio", "%": "mod", "&&": "and",
    "||": "or", "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne", "<>": "ne",
    "$": "cast", "<-": "join", "**": "dot", ":": "pair", "..": "seq", "&": "bitAnd", "|": "bitOr",
    "^": "bitXor", "<<": "lshift", ">>": "rshift",
  ]

  /// The operator each operator function is written as (`add` is `+`); `ne` is `!=`.
  static let functionOperators: [String: String] = Dictionary(
    operatorFunctions.filter { $0.key != "<>" }.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })

  /// expr -> binary(1) [ '?' expr ':' expr ]
  mutating func parseExpression() throws(Diagnostic) -> Expr {
    let e = try parseBinary(1)
    guard current.isPunct("?") else { return e }
    return try parseConditional(e)
  }

  /// `condition ? whenTrue : whenFalse`, the loosest binding: the colon that ends `whenTrue` is
  /// found before it is parsed (the first at its nesting level not taken by a `?` inside), and
  /// read there as the separator rather than as the pair operator. `whenFalse` may be another.
  mutating func parseConditional(_ condition: Expr) throws(Diagnostic) -> Expr {
    advance()
    skipNewlines()
    var depth = 0
    var inner = 0
    var k = pos
    var separator: Int?
    scan: while k < tokens.count {
      let t = tokens[k]
      switch t.kind {
      case .eof: break scan
      case .newline where depth == 0: break scan
      case .punct(let p):
        if ["(", "[", "{"].contains(p) { depth += 1 }
        if [")", "]", "}"].contains(p) {
          if depth == 0 { break scan }
          depth -= 1
        }
        if depth == 0 {
          if p == ";" || p == "," { break scan }
          if p == "?" { inner += 1 }
          if p == ":" {
            if inner == 0 {
              separator = k
              break scan
            }
            inner -= 1
          }
        }
      default: break
      }
      k += 1
    }
    guard let separator else { throw failure(expected: "':' and the value when false after '?'") }
    ternaryColons.insert(separator)
    defer { ternaryColons.remove(separator) }
    let whenTrue = try parseExpression()
    guard pos == separator else { throw failure(expected: "':' between the two values of '?'") }
    advance()
    skipNewlines()
    let whenFalse = try parseExpression()
    return Expr(.conditional(condition, whenTrue, whenFalse), condition.range.to(whenFalse.range))
  }

  enum BinaryOperator {
    case symbol(String, Int)
    case word(String, Int)
    case infixFunction(String)
    case between
    case notIn(String)
    /// `x is null`, `x is not null` (SQL).
    case isNull
    /// `x +:L y`, `0 +:P x`, `c +:E:L c`: an operator under templates, called with both sides.
    case templated(String, Int)
  }

  func binaryOperator() -> BinaryOperator? {
    switch current.kind {
    case .punct(let p):
      if p == "=" && sqlDepth > 0 { return .symbol("==", 3) }
      if p == ":" && ternaryColons.contains(pos) { return nil }
      if p == ">" && metacodeDepth > 0 && !canStartOperand(at: pos + 1) { return nil }
      if let prec = Parser.punctPrecedence[p] {
        if p != ":", p != "..", Parser.operatorFunctions[p] != nil, templateLetter(at: pos + 1) != nil {
          return .templated(p, prec)
        }
        return .symbol(p, prec)
      }
      return nil
    case .identifier(let word):
      switch word {
      case "and": return .word("and", 2)
      case "or": return .word("or", 1)
      case "in", "like", "ilike": return .infixFunction(word)
      case "between": return .between
      case "is":
        let next = peek()
        if next.identifier == "not" || next.identifier?.uppercased() == "NULL" { return .isNull }
        return nil
      case "not":
        if let next = peek().identifier, next == "in" || next == "like" || next == "ilike" { return .notIn(next) }
        return nil
      default:
        // In SQL, `t left join u` is a join, not `left(t, join)`.
        if inFromClause, word == "join" || Parser.joinWords.contains(word) { return nil }
        // `... from t union all select ...` joins two queries; it is not `union(t, all)`.
        if sqlDepth > 0, word == "union", let next = peek().identifier, next.lowercased() == "all" || next == "select" {
          return nil
        }
        if isFunctionName(word) && canStartOperand(at: pos + 1) { return .infixFunction(word) }
        return nil
      }
    default: return nil
    }
  }

  func precedence(of op: BinaryOperator) -> Int {
    switch op {
    case .symbol(_, let p), .word(_, let p), .templated(_, let p): return p
    case .infixFunction(let name):
      // `in`, `like` and `ilike` bind as comparisons: DolphinDB's own scripts write
      // `where name in "ta::" + string(n)` and `file like dbPath + "%"`.
      if Parser.membershipWords.contains(name) { return 3 }
      // A built-in that is an operator's function binds as the operator (`2 add 3 sub 5 f 5` is
      // 2 + 3 - (5 f 5)); any other function, as `*` and `/` do.
      return Parser.functionOperators[name].flatMap { Parser.punctPrecedence[$0] } ?? 10
    case .notIn: return 3
    case .between, .isNull: return 3
    }
  }

  /// binary(p) -> unary { op(>= p) binary(p + 1) }
  mutating func parseBinary(_ minPrec: Int) throws(Diagnostic) -> Expr {
    var left = try parseUnary()
    while let op = binaryOperator(), precedence(of: op) >= minPrec {
      let prec = precedence(of: op)
      let opToken = advance()
      switch op {
      case .symbol(let symbol, _) where Parser.comparisonOperators.contains(symbol):
        var operands = [left]
        var ops = [symbol]
        skipNewlines()
        operands.append(try parseBinary(prec + 1))
        while case .symbol(let next, _)? = binaryOperator(), Parser.comparisonOperators.contains(next) {
          advance()
          skipNewlines()
          ops.append(next)
          operands.append(try parseBinary(prec + 1))
        }
        let whole = operands[0].range.to(operands[operands.count - 1].range)
        left =
          ops.count == 1
          ? Expr(.binary(op: ops[0], operands[0], operands[1]), whole)
          : Expr(.comparisonChain(operands, ops), whole)
      case .symbol(let symbol, _), .word(let symbol, _):
        if symbol == ":", current.isPunct("]") || current.isPunct(",") || current.isPunct(")") {
          // `x[1:]`, `subarray(x, 1:)`: a pair open at the top.
          left = Expr(.binary(op: ":", left, Expr(.literal(.null), range(opToken))), left.range.to(range(opToken)))
          continue
        }
        skipNewlines()
        let right = try parseBinary(prec + 1)
        left = Expr(.binary(op: symbol, left, right), left.range.to(right.range))
      case .templated(let symbol, _):
        let callee = try parseTemplates(Expr(.name(Parser.operatorFunctions[symbol] ?? symbol), range(opToken)))
        skipNewlines()
        let right = try parseBinary(prec + 1)
        left = Expr(
          .call(callee, [Argument(name: nil, value: left), Argument(name: nil, value: right)]),
          left.range.to(right.range))
      case .infixFunction(let name):
        skipNewlines()
        let right = try parseBinary(prec + 1)
        let callee = Expr(.name(name), range(opToken))
        left = Expr(
          .call(callee, [Argument(name: nil, value: left), Argument(name: nil, value: right)]),
          left.range.to(right.range))
      case .notIn(let name):
        advance()
        skipNewlines()
        let right = try parseBinary(prec + 1)
        let callee = Expr(.name(name), range(opToken))
        let whole = left.range.to(right.range)
        let call = Expr(.call(callee, [Argument(name: nil, value: left), Argument(name: nil, value: right)]), whole)
        left = Expr(.unary(op: "!", call), whole)
      case .isNull:
        let negated = isIdentifier(current, "not")
        if negated { advance() }
        guard current.identifier?.uppercased() == "NULL" else { throw failure(expected: "'null' after 'is'") }
        let end = advance()
        let whole = left.range.to(range(end))
        let callee = Expr(.name(negated ? "isValid" : "isNull"), range(opToken))
        left = Expr(.call(callee, [Argument(name: nil, value: left)]), whole)
      case .between:
        let low = try parseBinary(4)
        var lowIsPair = false
        if case .binary(op: ":", _, _) = low.kind { lowIsPair = true }
        if lowIsPair || !isIdentifier(current, "and") {
          // DolphinDB's `x between lo:hi`, or `x between range` with a pair held in a variable; after a
          // written pair, `and` starts the next condition (`where t between a:b and sym=s`).
          let whole = left.range.to(low.range)
          let callee = Expr(.name("between"), range(opToken))
          left = Expr(.call(callee, [Argument(name: nil, value: left), Argument(name: nil, value: low)]), whole)
          continue
        }
        advance()
        let high = try parseBinary(4)
        let whole = left.range.to(high.range)
        // Three arguments, so the bounds may be columns as well as constants.
        let callee = Expr(.name("between"), range(opToken))
        left = Expr(
          .call(
            callee,
            [Argument(name: nil, value: left), Argument(name: nil, value: low), Argument(name: nil, value: high)]),
          whole)
      }
    }
    return left
  }

  /// Whether the token at index `k` can begin an operand of a juxtaposed function call.
  func canStartOperand(at k: Int) -> Bool {
    let t = tokens[min(k, tokens.count - 1)]
    if t.isLiteral { return true }
    switch t.kind {
    case .identifier(let word):
      if Parser.keywords.contains(word) {
        return word == "not" || word == "def" || word == "select" || word == "exec"
      }
      // `context by date csort ...`: in a query a clause word after a column named as a
      // function starts the next clause, not an argument.
      if sqlDepth > 0, Parser.clauseWords.contains(word), !["left", "right"].contains(word) { return false }
      // `order by datetime desc`: a column named as a function, then the sort order.
      if word == "asc" || word == "desc" {
        let next = tokens[min(k + 1, tokens.count - 1)]
        let word = next.identifier ?? ""
        return !(endsOperand(at: k + 1) || word == "nulls" || Parser.keywords.contains(word))
      }
      return true
    case .punct(let p):
      switch p {
      case "(", "!", "::": return true
      case "[", "{": return t.spaceBefore
      case "-":
        let next = tokens[min(k + 1, tokens.count - 1)]
        return t.spaceBefore && !next.spaceBefore && (next.isLiteral || next.identifier != nil || next.isPunct("("))
      default: return false
      }
    default: return false
    }
  }

  /// Whether the token at index `k` closes an operand: a comma, a closing bracket, the end of
  /// the line or of the statement.
  func endsOperand(at k: Int) -> Bool {
    let t = tokens[min(k, tokens.count - 1)]
    switch t.kind {
    case .newline, .eof: return true
    case .punct(let p): return p == "," || p == ")" || p == "]" || p == "}" || p == ";"
    default: return false
    }
  }

  /// unary -> '-' unary | '!' unary | 'not' expr | postfix
  mutating func parseUnary() throws(Diagnostic) -> Expr {
    let start = current
    if current.isPunct("-") && endsOperand(at: pos + 1) { return try parsePrimary() }
    if current.isPunct("-") {
      let next = peek()
      if !next.spaceBefore, case .integer = next.kind { return try parsePostfix(try parseLiteral(negate: true)) }
      if !next.spaceBefore, case .real = next.kind { return try parsePostfix(try parseLiteral(negate: true)) }
      if templateLetter(at: pos + 1) != nil { return try parsePostfix(try parsePrimary()) }
      advance()
      let operand = try parseUnary()
      return Expr(.unary(op: "-", operand), range(from: start))
    }
    if current.isPunct("!") {
      advance()
      let operand = try parseUnary()
      return Expr(.unary(op: "!", operand), range(from: start))
    }
    // `not` alone as an argument (`expr(not, <a>)`) is the function, not the operator.
    if isIdentifier(current, "not"), peek().isPunct(",") || peek().isPunct(")") {
      let t = advance()
      return Expr(.name("not"), range(t))
    }
    if isIdentifier(current, "not") {
      advance()
      let operand = try parseExpression()
      return Expr(.unary(op: "!", operand), range(from: start))
    }
    return try parsePostfix(try parsePrimary())
  }

  /// postfix -> primary { '(' args ')' | '[' exprs ']' | '.' name [args] | '{' partial '}' | ':' letter }
  mutating func parsePostfix(_ base: Expr) throws(Diagnostic) -> Expr {
    var e = base
    while true {
      let t = current
      if t.isPunct("(") {
        let args = try parseArguments()
        e = Expr(.call(e, args), e.range.to(range(from: t)))
      } else if t.isPunct("[") && !t.spaceBefore, case .name(let type) = e.kind, peek().isPunct("]"),
        type == type.uppercased(), !type.hasSuffix("[]")
      {
        // `INT[]`, `DOUBLE[]`: an array vector type, a name the session knows as a constant.
        advance()
        advance()
        e = Expr(.name(type + "[]"), e.range.to(range(from: t)))
      } else if t.isPunct("[") && !t.spaceBefore {
        let open = advance()
        var items: [Expr] = []
        while !current.isPunct("]") {
          // An empty slot (`m[1,]`, `m[,0]`) takes a whole row or column of a matrix.
          if current.isPunct(",") {
            items.append(Expr(.literal(.null), range(from: current)))
            advance()
            if current.isPunct("]") { items.append(Expr(.literal(.null), range(from: current))) }
            continue
          }
          if current.isPunct(":") {
            // `x[:2]`: a pair open at the bottom; `m[:, 0]`: open at both ends, the whole row or
            // column as an empty slot takes it.
            let colon = advance()
            if current.isPunct(",") || current.isPunct("]") {
              items.append(Expr(.literal(.null), range(colon)))
              if current.isPunct(",") {
                advance()
                if current.isPunct("]") { items.append(Expr(.literal(.null), range(from: current))) }
                continue
              }
              break
            }
            let high = try parseExpression()
            items.append(Expr(.binary(op: ":", Expr(.literal(.null), range(colon)), high), range(colon).to(high.range)))
          } else {
            items.append(try parseExpression())
          }
          if current.isPunct(",") {
            advance()
            if current.isPunct("]") { items.append(Expr(.literal(.null), range(from: current))) }
          } else {
            break
          }
        }
        try expectClosing("]", opener: open)
        e = Expr(.index(e, items), e.range.to(range(from: t)))
      } else if t.isPunct("{") && !t.spaceBefore {
        e = try parsePartial(e)
      } else if t.isPunct(".")
        || (atNewline && tokens[indexPastNewlines()].isPunct(".")
          && tokens[indexPastNewlines() + 1].identifier != nil && indexPastNewlines() > pos)
      {
        skipNewlines()
        advance()
        let (name, _) = try expectMemberName()
        if current.isPunct("(") && !current.spaceBefore {
          let args = try parseArguments()
          e = Expr(.methodCall(receiver: e, name: name, args), e.range.to(range(from: t)))
        } else if current.isPunct("{") && !current.spaceBefore {
          // obj.f{p}(args) means f{obj, p}(args)
          let nameRange = range(tokens[pos - 1])
          let partial = try parsePartial(Expr(.name(name), nameRange), firstBound: e)
          e = partial
        } else {
          e = Expr(.member(e, name), e.range.to(range(from: t)))
        }
      } else if t.isPunct(":") && !t.spaceBefore, templateLetter(at: pos) != nil, isTemplateBase(e) {
        e = try parseTemplates(e)
        if canStartOperand(at: pos) && !current.isPunct("(") && !atNewline {
          let arg = try parseExpression()
          e = Expr(.call(e, [Argument(name: nil, value: arg)]), e.range.to(arg.range))
        }
      } else {
        return e
      }
    }
  }

  /// The template letter of `:L` (or `:LC`, with an assemble rule) starting at token `k`: the
  /// colon, then a template letter written against it.
  func templateLetter(at k: Int) -> Character? {
    guard tokens[min(k, tokens.count - 1)].isPunct(":") else { return nil }
    let word = tokens[min(k + 1, tokens.count - 1)]
    guard let text = word.identifier, !word.spaceBefore, let letter = text.first,
      Parser.templateLetters.contains(letter),
      text.count == 1 || (text.count == 2 && text.last.map(Parser.assembleRules.contains) == true)
    else { return nil }
    return letter
  }

  /// `:E`, `:E:L`, `:PC`, ... after a function: the templates apply left to right, the first
  /// outermost (`c +:E:L c` runs `+:L` on each pair of `c`'s elements). An assemble rule after
  /// the letter: `D` (the default) and `C` (Consistent: the results are taken as alike, which
  /// they are here checked to be) change nothing; the Tuple and kdb+ rules are not supported.
  mutating func parseTemplates(_ base: Expr) throws(Diagnostic) -> Expr {
    var letters: [Character] = []
    var end = current
    while templateLetter(at: pos) != nil {
      advance()
      let word = advance()
      if let text = word.identifier, text.count == 2, let rule = text.last, rule == "U" || rule == "K" {
        throw failure(DiagnosticMessages.assembleRuleUnsupported(text), at: range(word))
      }
      letters.append(word.identifier?.first ?? "E")
      end = word
    }
    var e = base
    for letter in letters.reversed() { e = Expr(.template(e, letter), base.range.to(range(end))) }
    return e
  }

  func isTemplateBase(_ e: Expr) -> Bool {
    switch e.kind {
    case .name(let n): return isFunctionName(n) || !(scopes.last?.contains(n) ?? false)
    case .lambda, .partial, .qualified, .functionRef: return true
    default: return false
    }
  }

  /// Member names may be keywords too (`t.desc`), but not punctuation.
  mutating func expectMemberName() throws(Diagnostic) -> (String, Token) {
    guard let name = current.identifier else { throw failure(expected: "a name after '.'") }
    return (name, advance())
  }

  /// args -> '(' [ arg { ',' arg } ] ')' ; arg -> [name '='] expr | '*' | <empty>
  mutating func parseArguments() throws(Diagnostic) -> [Argument] {
    let open = advance()
    var args: [Argument] = []
    var sawNamed = false
    if current.isPunct(")") {
      advance()
      return args
    }
    while true {
      if current.isPunct(",") || current.isPunct(")") {
        args.append(Argument(name: nil, value: nil))
      } else if current.isPunct("*") && peek().isPunct(")") {
        let star = advance()
        args.append(Argument(name: nil, value: Expr(.name("*"), range(star))))
      } else if current.isPunct(":"), !peek().isPunct(","), !peek().isPunct(")") {
        // `subarray(x, :start)`, `fill!(x, :n, NULL)`: a pair open at the bottom, as in `x[:n]`.
        let colon = advance()
        let high = try parseExpression()
        args.append(
          Argument(
            name: nil,
            value: Expr(.binary(op: ":", Expr(.literal(.null), range(colon)), high), range(colon).to(high.range))))
      } else if let name = current.identifier, peek().isPunct("=") {
        // Keywords name parameters too: `sql(select=..., from=t, where=...)`.
        advance()
        advance()
        sawNamed = true
        args.append(Argument(name: name, value: try parseExpression()))
      } else {
        let start = current
        let value = try parseExpression()
        if sawNamed { throw failure(DiagnosticMessages.namedArgumentOrder(), at: range(from: start)) }
        var alias: String?
        if isIdentifier(current, "as"), let n = peek().identifier {
          advance()
          advance()
          alias = n
        } else if isIdentifier(current, "as"), case .symbols(let words) = peek().kind, words.count == 1 {
          // `table(ids as `sid)`: a backtick name, as DolphinDB's tutorials write it too.
          advance()
          advance()
          alias = words[0]
        }
        args.append(Argument(name: nil, value: value, alias: alias))
      }
      if current.isPunct(",") {
        advance()
        continue
      }
      break
    }
    try expectClosing(")", opener: open)
    return args
  }

  /// partial -> callee '{' [ expr ] { ',' [ expr ] } '}'
  mutating func parsePartial(_ callee: Expr, firstBound: Expr? = nil) throws(Diagnostic) -> Expr {
    let open = advance()
    var items: [Expr?] = firstBound.map { [$0] } ?? []
    while true {
      skipNewlines()
      if current.isPunct("}") { break }
      if current.isPunct(",") {
        items.append(nil)
        advance()
        continue
      }
      if current.identifier != nil, peek().isPunct("=") {
        // The keyword form `f{m, computeUV=true}` is bound by position here.
        advance()
        advance()
      }
      items.append(try parseExpression())
      skipNewlines()
      guard current.isPunct(",") else { break }
      advance()
    }
    try expectClosing("}", opener: open)
    return Expr(.partial(callee, items), callee.range.to(range(from: open)))
  }
}
