extension Parser {
  /// metacode -> '<' expr '>'. Inside, a '>' that no operand follows closes the metacode, so
  /// `<x > 1>` compares and then closes; '=' compares, as in SQL (`<sym = `IBM>`).
  mutating func parseMetacode() throws(Diagnostic) -> Expr {
    let opener = advance()
    metacodeDepth += 1
    sqlDepth += 1
    defer {
      metacodeDepth -= 1
      sqlDepth -= 1
    }
    skipNewlines()
    if current.isPunct("["), let aliased = try aliasedList(opener) { return aliased }
    let inner = try parseExpression()
    if isIdentifier(current, "as") {
      // `<sum(x) as total>`: metacode named as a selected column, as sqlColAlias makes it.
      advance()
      if case .symbols(let words) = current.kind, words.count > 1 {
        // `<f(x) as `a`b>`: one expression giving several columns.
        let names = advance()
        try expectClosing(">", opener: opener)
        let r = range(from: opener)
        return Expr(
          .call(
            Expr(.name("sqlColAlias"), r),
            [
              Argument(name: nil, value: Expr(.metacode(inner), inner.range)),
              Argument(name: nil, value: Expr(.literal(.symbols(words)), range(names))),
            ]), r)
      }
      let (name, _) = try expectIdentifier("a column name after 'as'")
      try expectClosing(">", opener: opener)
      return aliasCall(Expr(.metacode(inner), inner.range), name, range(from: opener))
    }
    try expectClosing(">", opener: opener)
    return Expr(.metacode(inner), range(from: opener))
  }

  /// `<[first(x) as a, last(x) as b]>`: a tuple of metacode, each item named as a column (what
  /// `sql(select=...)`, `wj` and the stream engines take). Nil, with nothing consumed, when the
  /// brackets hold no alias or are not the whole metacode (`<[1, 2][0]>`).
  private mutating func aliasedList(_ opener: Token) throws(Diagnostic) -> Expr? {
    let saved = pos
    let open = advance()
    var items: [(Expr, [String]?)] = []
    var hasAlias = false
    do throws(Diagnostic) {
      while !current.isPunct("]") && !atEnd {
        let item = try parseExpression()
        var alias: [String]?
        if isIdentifier(current, "as") {
          advance()
          // `f(x) as total`, or `f(x) as `a`b`c` for a function giving several columns.
          if case .symbols(let words) = current.kind {
            advance()
            alias = words
          } else {
            alias = [try expectIdentifier("a column name after 'as'").0]
          }
          hasAlias = true
        }
        items.append((item, alias))
        guard current.isPunct(",") else { break }
        advance()
      }
      try expectClosing("]", opener: open)
    } catch {
      pos = saved
      return nil
    }
    guard hasAlias, current.isPunct(">") else {
      pos = saved
      return nil
    }
    try expectClosing(">", opener: opener)
    let whole = range(from: opener)
    let parts = items.map { item, alias in
      let code = Expr(.metacode(item), item.range)
      guard let alias else { return code }
      if alias.count == 1 { return aliasCall(code, alias[0], item.range) }
      return Expr(
        .call(
          Expr(.name("sqlColAlias"), item.range),
          [Argument(name: nil, value: code), Argument(name: nil, value: Expr(.literal(.symbols(alias)), item.range))]),
        item.range)
    }
    return Expr(.tuple(parts), whole)
  }

  private func aliasCall(_ code: Expr, _ name: String, _ r: SourceRange) -> Expr {
    Expr(
      .call(
        Expr(.name("sqlColAlias"), r),
        [Argument(name: nil, value: code), Argument(name: nil, value: Expr(.literal(.string(name)), r))]), r)
  }
}
