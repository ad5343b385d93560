extension Parser {
  /// Whether the next clause keyword (possibly on a later line) is `word`; SQL may break lines
  /// between clauses.
  mutating func atClause(_ word: String) -> Bool {
    let k = indexPastNewlines()
    guard tokens[k].identifier == word else { return false }
    pos = k
    return true
  }

  /// column -> '*' | expr [ 'as' name ]
  mutating func parseSelectColumns() throws(Diagnostic) -> [SelectColumn] {
    var columns: [SelectColumn] = []
    repeat {
      skipNewlines()
      if current.isPunct("*") {
        let star = advance()
        columns.append(SelectColumn(expr: Expr(.name("*"), range(star)), alias: nil, isStar: true))
      } else {
        let e = try parseExpression()
        var alias: String?
        if isIdentifier(current, "as") {
          advance()
          guard let n = current.identifier else { throw failure(expected: "a column name after 'as'") }
          alias = n
          advance()
        }
        columns.append(SelectColumn(expr: e, alias: alias))
      }
    } while consumeComma()
    return columns
  }

  mutating func consumeComma() -> Bool {
    guard current.isPunct(",") else { return false }
    advance()
    skipNewlines()
    return true
  }

  mutating func parseConditions() throws(Diagnostic) -> [Expr] {
    var out: [Expr] = []
    repeat {
      skipNewlines()
      out.append(try parseExpression())
    } while consumeComma()
    return out
  }

  /// select -> ('select' | 'exec') ['distinct'] ['top' n] columns ['from' expr] ['where' conds]
  ///   [('group' | 'context') 'by' columns] ['having' conds] ['order' 'by' keys] ['limit' n]
  mutating func parseSelect() throws(Diagnostic) -> Expr {
    let start = advance()
    sqlDepth += 1
    defer { sqlDepth -= 1 }
    let isExec = start.identifier == "exec"
    var distinct = false
    if isIdentifier(current, "distinct") {
      distinct = true
      advance()
    }
    var top: Expr?
    if isIdentifier(current, "top") {
      advance()
      top = try parseBinary(15)
    }
    let columns = try parseSelectColumns()
    var from: Expr?
    if atClause("from") {
      advance()
      from = try parseBinary(4)
    }
    var whereClause: [Expr] = []
    if atClause("where") {
      advance()
      whereClause = try parseConditions()
    }
    var groupBy: [SelectColumn] = []
    var isContextBy = false
    if atClause("group") || atClause("context") {
      isContextBy = isIdentifier(current, "context")
      advance()
      guard isIdentifier(current, "by") else { throw failure(expected: "'by'") }
      advance()
      groupBy = try parseSelectColumns()
    }
    var having: [Expr] = []
    if atClause("having") {
      advance()
      having = try parseConditions()
    }
    var orderBy: [OrderKey] = []
    if atClause("order") {
      advance()
      guard isIdentifier(current, "by") else { throw failure(expected: "'by'") }
      advance()
      repeat {
        skipNewlines()
        let e = try parseExpression()
        var descending = false
        if isIdentifier(current, "desc") {
          descending = true
          advance()
        } else if isIdentifier(current, "asc") {
          advance()
        }
        orderBy.append(OrderKey(expr: e, descending: descending))
      } while consumeComma()
    }
    var limit: Expr?
    if atClause("limit") {
      advance()
      limit = try parseBinary(15)
    }
    let query = SelectQuery(
      isExec: isExec, distinct: distinct, top: top, columns: columns, from: from, whereClause: whereClause,
      groupBy: groupBy, isContextBy: isContextBy, having: having, orderBy: orderBy, limit: limit)
    return Expr(.sql(.query(query)), range(from: start))
  }

  /// update -> 'update' expr 'set' name '=' expr { ',' name '=' expr } ['where' conds]
  mutating func parseUpdate() throws(Diagnostic) -> Expr {
    let start = advance()
    sqlDepth += 1
    defer { sqlDepth -= 1 }
    let table = try parseBinary(16)
    skipNewlines()
    guard isIdentifier(current, "set") else { throw failure(expected: "'set'") }
    advance()
    var assignments: [(String, Expr)] = []
    repeat {
      skipNewlines()
      guard let name = current.identifier else { throw failure(expected: "a column name") }
      advance()
      try expectPunct("=")
      assignments.append((name, try parseExpression()))
    } while consumeComma()
    var whereClause: [Expr] = []
    if atClause("where") {
      advance()
      whereClause = try parseConditions()
    }
    return Expr(.sql(.update(table: table, set: assignments, whereClause: whereClause)), range(from: start))
  }

  /// insert -> 'insert' 'into' expr [ '(' names ')' ] 'values' '(' exprs ')'
  mutating func parseInsert() throws(Diagnostic) -> Expr {
    let start = advance()
    sqlDepth += 1
    defer { sqlDepth -= 1 }
    guard isIdentifier(current, "into") else { throw failure(expected: "'into'") }
    advance()
    let (name, nameToken) = try expectIdentifier("a table name")
    let table = Expr(.name(name), range(nameToken))
    var columns: [String]?
    if current.isPunct("(") {
      let open = advance()
      var names: [String] = []
      repeat {
        let (c, _) = try expectIdentifier("a column name")
        names.append(c)
      } while consumeComma()
      try expectClosing(")", opener: open)
      columns = names
    }
    skipNewlines()
    guard isIdentifier(current, "values") else { throw failure(expected: "'values'") }
    advance()
    let open = current
    try expectPunct("(")
    var values: [Expr] = []
    repeat { values.append(try parseExpression()) } while consumeComma()
    try expectClosing(")", opener: open)
    return Expr(.sql(.insert(table: table, columns: columns, values: values)), range(from: start))
  }

  /// delete -> 'delete' 'from' expr ['where' conds]
  mutating func parseDelete() throws(Diagnostic) -> Expr {
    let start = advance()
    sqlDepth += 1
    defer { sqlDepth -= 1 }
    guard isIdentifier(current, "from") else { throw failure(expected: "'from'") }
    advance()
    let table = try parseBinary(16)
    var whereClause: [Expr] = []
    if atClause("where") {
      advance()
      whereClause = try parseConditions()
    }
    return Expr(.sql(.delete(table: table, whereClause: whereClause)), range(from: start))
  }
}
