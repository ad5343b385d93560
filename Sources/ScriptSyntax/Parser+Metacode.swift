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
    let inner = try parseExpression()
    try expectClosing(">", opener: opener)
    return Expr(.metacode(inner), range(from: opener))
  }
}
