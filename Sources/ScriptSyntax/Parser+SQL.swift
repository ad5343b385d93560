extension Parser {
  /// Whether the next clause keyword (possibly on a later line) is `word`; SQL may break lines
  /// between clauses.
  mutating func atClause(_ word: String) -> Bool {
    let k = indexPastNewlines()
    guard isIdentifier(tokens[k], word) else { return false }
    pos = k
    return true
  }

  /// Words that open a join in `from` (`left join`, `cross join`, ...).
  static let joinWords: Set<String> = ["inner", "left", "right", "full", "cross"]

  /// Words that end a select column, so none of them is read as an alias without `as`.
  static let clauseWords: Set<String> = [
    "from", "where", "group", "context", "pivot", "having", "order", "limit", "map", "csort",
    "asc", "desc", "nulls", "into", "on", "set", "values", "and", "or", "by", "as",
    "join", "inner", "left", "right", "full", "cross", "outer", "semi", "union", "cgroup",
  ]

  /// column -> '*' | expr [ ['as'] name ]
  mutating func parseSelectColumns() throws(Diagnostic) -> [SelectColumn] {
    var columns: [SelectColumn] = []
    repeat {
      skipNewlines()
      if current.isPunct("*") {
        let star = advance()
        columns.append(SelectColumn(expr: Expr(.name("*"), range(star)), alias: nil, isStar: true))
      } else if let table = current.identifier, peek().isPunct("."), peek(2).isPunct("*"), !peek().spaceBefore {
        // `dt.*`: every column of one table of a join.
        let start = advance()
        advance()
        advance()
        var column = SelectColumn(expr: Expr(.name("*"), range(from: start)), alias: nil, isStar: true)
        column.starTable = table
        columns.append(column)
      } else {
        let e = try parseExpression()
        var alias: String?
        var names: [String] = []
        var aliasMacro: ColumnMacro?
        if isIdentifier(current, "as") {
          advance()
          if let macro = try parseColumnMacro() {
            aliasMacro = macro
          } else if case .symbols(let words) = current.kind, let first = words.first {
            // `as `a`b`c`: one expression, several columns.
            alias = first
            names = words.count > 1 ? words : []
          } else {
            guard let n = current.identifier else { throw failure(expected: "a column name after 'as'") }
            alias = n
          }
          if aliasMacro == nil { advance() }
        } else if let n = current.identifier, !Parser.clauseWords.contains(n.lowercased()), !Parser.keywords.contains(n)
        {
          // DolphinDB's alias without `as`: `select sum(qty) total from t`.
          alias = n
          advance()
        }
        var column = SelectColumn(expr: e, alias: alias)
        column.names = names
        column.aliasMacro = aliasMacro
        columns.append(column)
      }
    } while consumeComma()
    return columns
  }

  /// keys -> expr ['asc' | 'desc'] ['nulls' ('first' | 'last')] { ',' ... }
  mutating func parseOrderKeys() throws(Diagnostic) -> [OrderKey] {
    var keys: [OrderKey] = []
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
      var nullsFirst: Bool?
      if isIdentifier(current, "nulls") {
        advance()
        if current.identifier?.lowercased() == "first" {
          nullsFirst = true
        } else if current.identifier?.lowercased() == "last" {
          nullsFirst = false
        } else {
          throw failure(expected: "'first' or 'last' after 'nulls'")
        }
        advance()
      }
      keys.append(OrderKey(expr: e, descending: descending, nullsFirst: nullsFirst))
    } while consumeComma()
    return keys
  }

  /// hints -> '[' HINT { ',' HINT } ']', a HINT being a name (`HINT_EXPLAIN`) or DolphinDB's
  /// number for it (`[64]`: HINT_SNAPSHOT). Numbers are hints only when every one is a known
  /// hint's: `select [1, 2] as v` stays a vector.
  mutating func parseHints() throws(Diagnostic) -> [String] {
    guard current.isPunct("[") else { return [] }
    if let numbered = numberedHints() {
      let open = advance()
      for _ in numbered.indices {
        advance()
        _ = consumeComma()
      }
      try expectClosing("]", opener: open)
      return numbered
    }
    guard let first = peek().identifier, first.uppercased().hasPrefix("HINT_") else { return [] }
    let open = advance()
    var hints: [String] = []
    repeat {
      let (name, _) = try expectIdentifier("a SQL hint such as HINT_EXPLAIN")
      hints.append(name.uppercased())
    } while consumeComma()
    try expectClosing("]", opener: open)
    return hints
  }

  /// DolphinDB's hint numbers.
  static let hintNumbers: [Int64: String] = [
    1: "HINT_LOCAL", 32: "HINT_HASH", 64: "HINT_SNAPSHOT", 128: "HINT_KEEPORDER", 512: "HINT_SEQ", 1024: "HINT_NOMERGE",
    4096: "HINT_PRELOAD", 32768: "HINT_EXPLAIN",
  ]

  /// The hints `[n, m]` at `[` names, when it is a list of known hint numbers and then `]`.
  func numberedHints() -> [String]? {
    var k = pos + 1
    var names: [String] = []
    while k < tokens.count, case .integer(let n, _) = tokens[k].kind, let name = Parser.hintNumbers[n] {
      names.append(name)
      k += 1
      if k < tokens.count, tokens[k].isPunct(",") { k += 1 } else { break }
    }
    guard !names.isEmpty, k < tokens.count, tokens[k].isPunct("]") else { return nil }
    return names
  }

  mutating func expectBy() throws(Diagnostic) {
    guard isIdentifier(current, "by") else { throw failure(expected: "'by'") }
    advance()
    // `group by` at the end of a line, the keys on the next.
    skipNewlines()
  }

  mutating func consumeComma() -> Bool {
    // A list may go on with a comma at the start of the next line (`select a\n  , b from t`).
    let k = indexPastNewlines()
    guard tokens[k].isPunct(",") else { return false }
    pos = k
    advance()
    skipNewlines()
    return true
  }

  mutating func parseConditions() throws(Diagnostic) -> [Expr] {
    var out: [Expr] = []
    repeat {
      skipNewlines()
      var condition = try parseExpression()
      // A condition continued on the next line by `and` / `or` (no statement starts with them).
      while let word = tokens[indexPastNewlines()].identifier, word == "and" || word == "or" {
        pos = indexPastNewlines()
        advance()
        skipNewlines()
        let right = try parseExpression()
        condition = Expr(.binary(op: word, condition, right), condition.range.to(right.range))
      }
      out.append(condition)
    } while consumeComma()
    return out
  }

  /// select -> ('select' | 'exec') [hints] ['distinct'] ['top' n] columns ['from' expr [alias]]
  ///   ['where' conds] [('group' 'by' columns ['map'] | 'context' 'by' columns ['csort' keys]
  ///   | 'pivot' 'by' columns)] ['having' conds] ['order' 'by' keys] ['limit' [offset ','] n]
  mutating func parseSelect() throws(Diagnostic) -> Expr {
    let start = advance()
    sqlDepth += 1
    let outerFrom = inFromClause
    inFromClause = false  // a subquery in `from` reads its own clauses
    defer {
      sqlDepth -= 1
      inFromClause = outerFrom
    }
    let isExec = start.identifier == "exec"
    let hints = try parseHints()
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
    var tableAlias: String?
    var joinedTables: [JoinedTable] = []
    if atClause("from") {
      advance()
      skipNewlines()
      from = try parseFromTable()
      tableAlias = parseTableAlias()
      while true {
        if current.isPunct(",") {
          advance()
          skipNewlines()
          let table = try parseFromTable()
          joinedTables.append(JoinedTable(table: table, alias: parseTableAlias()))
        } else if let kind = try parseJoinKeyword() {
          skipNewlines()
          let table = try parseFromTable()
          let alias = parseTableAlias()
          var on: [Expr] = []
          if kind != .cross {
            guard atClause("on") else { throw failure(expected: "'on' and the join condition") }
            advance()
            on = try parseConditions()
          }
          joinedTables.append(JoinedTable(table: table, alias: alias, kind: kind, on: on))
        } else {
          break
        }
      }
    }
    var whereClause: [Expr] = []
    if atClause("where") {
      advance()
      whereClause = try parseConditions()
    }
    var groupBy: [SelectColumn] = []
    var isContextBy = false
    var csort: [OrderKey] = []
    var cgroupBy: [SelectColumn] = []
    var pivotBy: [SelectColumn] = []
    if atClause("group") || atClause("context") {
      isContextBy = isIdentifier(current, "context")
      advance()
      try expectBy()
      groupBy = try parseSelectColumns()
      if isIdentifier(current, "map") {
        // `group by ... map` / `context by ... map`: DolphinDB's hint to compute inside each
        // partition. Here the query runs over all the rows at once: the same result whenever
        // no group spans two partitions (the groups are by the partitioning column), as where
        // DolphinDB's scripts use it.
        advance()
      }
      if !isContextBy && atClause("cgroup") { cgroupBy = try parseCgroupBy() }
      if isContextBy && atClause("csort") {
        advance()
        csort = try parseOrderKeys()
        if isIdentifier(current, "map") { advance() }
      }
    } else if atClause("cgroup") {
      // `cgroup by` alone: one cumulative group over all the selected rows.
      cgroupBy = try parseCgroupBy()
    } else if atClause("pivot") {
      advance()
      try expectBy()
      let keysStart = current
      pivotBy = try parseSelectColumns()
      guard pivotBy.count >= 2 else {
        throw failure(DiagnosticMessages.pivotNeedsTwoKeys(), at: range(from: keysStart))
      }
      // DolphinDB also reads `pivot by ... where ...` (its factor-storage tutorials write it).
      if whereClause.isEmpty && atClause("where") {
        advance()
        whereClause = try parseConditions()
      }
    }
    var having: [Expr] = []
    if atClause("having") {
      advance()
      having = try parseConditions()
    }
    var orderBy: [OrderKey] = []
    if atClause("order") {
      advance()
      try expectBy()
      orderBy = try parseOrderKeys()
      if isIdentifier(current, "map") { advance() }
    }
    var limit: Expr?
    var offset: Expr?
    if atClause("limit") {
      advance()
      skipNewlines()
      limit = try parseBinary(15)
      if current.isPunct(",") {
        advance()
        offset = limit
        limit = try parseBinary(15)
      }
      if isIdentifier(current, "map") { advance() }
    }
    var query = SelectQuery(
      isExec: isExec, distinct: distinct, top: top, columns: columns, from: from, whereClause: whereClause,
      groupBy: groupBy, isContextBy: isContextBy, having: having, orderBy: orderBy, limit: limit)
    query.offset = offset
    query.pivotBy = pivotBy
    query.csort = csort
    query.cgroupBy = cgroupBy
    query.hints = hints
    query.tableAlias = tableAlias
    query.joinedTables = joinedTables
    let select = Expr(.sql(.query(query)), range(from: start))
    return try parseUnion(after: select, start)
  }

  /// `q1 union all q2`: the rows of both (`unionAll`); `q1 union q2`: without repeated rows.
  mutating func parseUnion(after left: Expr, _ start: Token) throws(Diagnostic) -> Expr {
    let k = indexPastNewlines()
    let next = tokens[min(k + 1, tokens.count - 1)].identifier
    // `union(a, b)` on the next line is a call, not a union of queries.
    guard tokens[k].identifier == "union", next?.lowercased() == "all" || next == "select" else { return left }
    pos = k + 1
    var all = false
    if current.identifier?.lowercased() == "all" {
      advance()
      all = true
    }
    skipNewlines()
    guard isIdentifier(current, "select") else { throw failure(expected: "a select after 'union'") }
    let right = try parseSelect()
    let r = range(from: start)
    let both = Expr(
      .call(Expr(.name("unionAll"), r), [Argument(name: nil, value: left), Argument(name: nil, value: right)]), r)
    if all { return both }
    let distinct = SelectQuery(
      isExec: false, distinct: true, top: nil,
      columns: [SelectColumn(expr: Expr(.name("*"), r), alias: nil, isStar: true)],
      from: both, whereClause: [], groupBy: [], isContextBy: false, having: [], orderBy: [], limit: nil)
    return Expr(.sql(.query(distinct)), r)
  }

  /// A table of `from`, where `join`, `left`, ... after it start a join rather than a call.
  mutating func parseFromTable() throws(Diagnostic) -> Expr {
    let outer = inFromClause
    inFromClause = true
    defer { inFromClause = outer }
    return try parseBinary(4)
  }

  /// `[inner] join`, `left [outer|semi] join`, `right [outer] join`, `full [outer] join`,
  /// `cross join` (possibly on the next line); nil, consuming nothing, if none follows.
  mutating func parseJoinKeyword() throws(Diagnostic) -> JoinedTable.Kind? {
    let k = indexPastNewlines()
    func word(_ i: Int) -> String? { tokens[min(i, tokens.count - 1)].identifier?.lowercased() }
    guard let first = word(k) else { return nil }
    let kind: JoinedTable.Kind
    switch first {
    case "join": kind = .inner
    case "inner": kind = .inner
    case "left": kind = .left
    case "right": kind = .right
    case "full": kind = .full
    case "cross": kind = .cross
    default: return nil
    }
    // `left(...)` is a call, not a join: the word must be followed by a join word.
    var j = k
    if first != "join" {
      j += 1
      let next = word(j)
      if next == "semijoin", kind == .left {
        pos = j + 1
        return .leftSemi
      }
      if next == "outer", kind == .left || kind == .right || kind == .full { j += 1 }
      if next == "semi", kind == .left {
        guard word(j + 1) == "join" else { return nil }
        pos = j + 2
        return .leftSemi
      }
    }
    guard word(j) == "join" else { return nil }
    pos = j + 1
    return kind
  }

  /// The name a table of `from` takes: `t x` or `t as x`.
  mutating func parseTableAlias() -> String? {
    if isIdentifier(current, "as"), let n = peek().identifier {
      advance()
      advance()
      return n
    }
    if let n = current.identifier, !Parser.clauseWords.contains(n.lowercased()), !Parser.keywords.contains(n) {
      advance()
      return n
    }
    return nil
  }

  /// update -> 'update' expr 'set' name '=' expr { ',' name '=' expr } ['where' conds] ['context' 'by' exprs]
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
    var contextBy: [Expr] = []
    if atClause("context") {
      advance()
      try expectBy()
      contextBy = try parseConditions()
    }
    return Expr(
      .sql(.update(table: table, set: assignments, whereClause: whereClause, contextBy: contextBy)),
      range(from: start))
  }

  /// insert -> 'insert' 'into' expr [ '(' names ')' ] ('values' '(' exprs ')' | select)
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
    if isIdentifier(current, "select") || isIdentifier(current, "exec") {
      let query = try parseSelect()
      return Expr(.sql(.insert(table: table, columns: columns, values: [query])), range(from: start))
    }
    guard isIdentifier(current, "values") else { throw failure(expected: "'values' or a query") }
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

extension Parser {
  /// `cgroup by key`: its one key.
  mutating func parseCgroupBy() throws(Diagnostic) -> [SelectColumn] {
    advance()
    try expectBy()
    let keyStart = current
    let keys = try parseSelectColumns()
    guard keys.count == 1 else { throw failure(DiagnosticMessages.cgroupTakesOneKey(), at: range(from: keyStart)) }
    return keys
  }
}
