/// DolphinDB's SQL `case`: `case when c1 then v1 [when c2 then v2 ...] [else v] end`, the value
/// of the first condition that holds, row by row, else `v` (null without an `else`). The words
/// may be in capitals, as standard SQL writes them, and the parts may span lines.
extension Parser {
  /// Whether `case` starts here (`case` followed by `when`): otherwise `case` is a name.
  func startsCase() -> Bool {
    isIdentifier(current, "case") && isIdentifier(tokens[indexPastNewlines(from: pos + 1)], "when")
  }

  /// Parses a `case` expression into nested `iif` calls (the built-in, even where a variable
  /// shadows its name), which pick row by row and keep vectors vectors.
  mutating func parseCase() throws(Diagnostic) -> Expr {
    let start = current
    advance()
    var branches: [(condition: Expr, value: Expr)] = []
    skipNewlines()
    while isIdentifier(current, "when") {
      advance()
      skipNewlines()
      let condition = try parseExpression()
      skipNewlines()
      guard isIdentifier(current, "then") else { throw failure(expected: "'then' after a 'when' condition") }
      advance()
      skipNewlines()
      branches.append((condition, try parseExpression()))
      skipNewlines()
    }
    var otherwise = Expr(.literal(.null), range(start))
    if isIdentifier(current, "else") {
      advance()
      skipNewlines()
      otherwise = try parseExpression()
      skipNewlines()
    }
    guard isIdentifier(current, "end") else { throw failure(expected: "'end' to close 'case'") }
    advance()
    let whole = range(from: start)
    return branches.reversed().reduce(otherwise) { rest, branch in
      Expr(
        .call(
          Expr(.functionRef("iif"), whole),
          [
            Argument(name: nil, value: branch.condition), Argument(name: nil, value: branch.value),
            Argument(name: nil, value: rest),
          ]), whole)
    }
  }
}
