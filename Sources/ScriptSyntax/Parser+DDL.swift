/// DolphinDB's SQL data definition statements, read as the calls they stand for:
///
///     create database "dfs://db" partitioned by VALUE(2024.01.01..2024.12.31), HASH([SYMBOL, 25]), engine='TSDB'
///       -> database("dfs://db", COMPO, [database("", VALUE, ...), database("", HASH, ...)], engine='TSDB')
///     create table "dfs://db"."pt"(ts TIMESTAMP, sym SYMBOL, price DOUBLE) partitioned by ts, sym
///       -> createPartitionedTable(database("dfs://db"), table(1:0, ...), "pt", ["ts", "sym"])
///     create table t(id INT, name STRING)        -> t = table(1:0, ["id", "name"], [INT, STRING])
///     drop database [if exists] "dfs://db"        -> dropDatabase("dfs://db")
///     drop table [if exists] "dfs://db"."pt"      -> dropTable(database("dfs://db"), "pt")
///     alter table t add [column] c TYPE           -> addColumn(t, "c", TYPE)
///     alter table t drop [column] c               -> dropColumns!(t, "c")
///     alter table t rename [column] c to d        -> rename!(t, "c", "d")
///
/// Errors then come from those functions, located at the statement.
extension Parser {
  static let partitionKinds: Set<String> = ["VALUE", "RANGE", "HASH", "LIST", "SEQ"]

  /// Whether the statement here is one of the data definition statements.
  func atDataDefinition() -> Bool {
    // Written in capitals or not (`CREATE TABLE`, `DROP DATABASE`).
    guard let word = current.identifier, let next = peek().identifier?.lowercased(),
      word == "create" || word == "alter" || isIdentifier(current, "drop")
    else { return false }
    switch word.lowercased() {
    case "create": return next == "database" || next == "table"
    case "drop": return next == "database" || next == "table"
    case "alter": return next == "table"
    default: return false
    }
  }

  mutating func parseDataDefinition() throws(Diagnostic) -> Stmt {
    let start = advance()
    let object = advance().identifier?.lowercased() ?? ""
    switch (start.identifier?.lowercased() ?? "", object) {
    case ("create", "database"): return try parseCreateDatabase(start)
    case ("create", _): return try parseCreateTable(start)
    case ("drop", _): return try parseDrop(start, isDatabase: object == "database")
    default: return try parseAlterTable(start)
    }
  }

  // MARK: Building calls

  private func call(_ name: String, _ args: [Argument], _ r: SourceRange) -> Expr {
    Expr(.call(Expr(.name(name), r), args), r)
  }

  private func positional(_ values: [Expr]) -> [Argument] {
    values.map { Argument(name: nil, value: $0) }
  }

  private func text(_ s: String, _ r: SourceRange) -> Expr { Expr(.literal(.string(s)), r) }

  // MARK: create database

  private mutating func parseCreateDatabase(_ start: Token) throws(Diagnostic) -> Stmt {
    let path = try parseBinary(4)
    skipNewlines()
    try expectWords("partitioned", "by")
    var levels: [(String, Expr)] = []
    var options: [Argument] = []
    repeat {
      skipNewlines()
      if let name = current.identifier, peek().isPunct("=") {
        advance()
        advance()
        let value = try parseExpression()
        // database() takes engine and atomic; chunkGranularity and the like change nothing here.
        if name == "engine" || name == "atomic" { options.append(Argument(name: name, value: value)) }
        continue
      }
      guard let kind = current.identifier?.uppercased(), Parser.partitionKinds.contains(kind) else {
        throw failure(expected: "a partition type (VALUE, RANGE, HASH or LIST)")
      }
      advance()
      let open = current
      try expectPunct("(", what: "'(' after the partition type")
      let scheme = try parseExpression()
      try expectClosing(")", opener: open)
      levels.append((kind, scheme))
    } while consumeComma()
    let r = range(from: start)
    let database: Expr
    if levels.count == 1 {
      database = call("database", positional([path, Expr(.name(levels[0].0), r), levels[0].1]) + options, r)
    } else {
      let inner = levels.map { level in
        call("database", positional([text("", r), Expr(.name(level.0), r), level.1]), r)
      }
      database = call(
        "database", positional([path, Expr(.name("COMPO"), r), Expr(.bracketVector(inner), r)]) + options, r)
    }
    return Stmt(.expression(database), r)
  }

  private mutating func expectWords(_ words: String...) throws(Diagnostic) {
    for w in words {
      guard isIdentifier(current, w) else { throw failure(expected: "'\(w)'") }
      advance()
    }
  }

  // MARK: create table

  /// `"dfs://db"."pt"` (a database table) or `name` (a table in memory).
  private mutating func parseTableName() throws(Diagnostic) -> (database: Expr?, name: Expr, plain: String?) {
    if case .string = current.kind {
      let database = try parsePrimary()
      try expectPunct(".", what: "'.' between the database and the table name")
      let nameToken = current
      switch current.kind {
      case .string(let s, _):
        advance()
        return (database, text(s, range(nameToken)), nil)
      case .identifier(let s):
        advance()
        return (database, text(s, range(nameToken)), nil)
      default: throw failure(expected: "a table name")
      }
    }
    let (name, token) = try expectIdentifier("a table name")
    return (nil, Expr(.name(name), range(token)), name)
  }

  /// DolphinDB's own tutorials list columns one per line without commas: a name starting a new
  /// line after a column definition begins the next one.
  private var startsColumnOnNewLine: Bool {
    guard current.identifier != nil, pos > 0 else { return false }
    return file.bytes[tokens[pos - 1].end..<current.start].contains(UInt8(ascii: "\n"))
  }

  private mutating func parseCreateTable(_ start: Token) throws(Diagnostic) -> Stmt {
    let (database, name, plain) = try parseTableName()
    let open = current
    try expectPunct("(", what: "'(' and the column definitions")
    var names: [Expr] = []
    var types: [Expr] = []
    var comments: [(Expr, Expr)] = []
    repeat {
      // A comma after the last column, as tutorials write it, ends the list.
      let k = indexPastNewlines()
      if !names.isEmpty, tokens[k].isPunct(")") {
        pos = k
        break
      }
      let (column, columnToken) = try expectIdentifier("a column name")
      names.append(text(column, range(columnToken)))
      let typeToken = current
      guard var type = current.identifier else { throw failure(expected: "the type of column '\(column)'") }
      advance()
      if current.isPunct("(") {
        // DECIMAL32(4): the scale is not kept.
        let paren = advance()
        _ = try parseExpression()
        try expectClosing(")", opener: paren)
      }
      if current.isPunct("[") && !current.spaceBefore && peek().isPunct("]") {
        advance()
        advance()
        type += "[]"
      } else if current.isPunct("[") {
        // Column options such as [comment="...", compress="delta"]: the comment is kept.
        if let comment = try parseColumnOptions() { comments.append((text(column, range(columnToken)), comment)) }
      }
      types.append(Expr(.name(type.uppercased()), range(typeToken)))
    } while consumeComma() || startsColumnOnNewLine
    try expectClosing(")", opener: open)
    let r = range(from: start)
    let schema = call(
      "table",
      positional([
        Expr(.binary(op: ":", Expr(.literal(.integer(1, .none)), r), Expr(.literal(.integer(0, .none)), r)), r),
        Expr(.bracketVector(names), r), Expr(.bracketVector(types), r),
      ]), r)
    guard let database else {
      if let plain {
        return Stmt(.assign(targets: [Expr(.name(plain), r)], op: "=", value: schema, byReference: false), r)
      }
      throw failure(expected: "a table name")
    }
    var partitionColumns: [Expr] = []
    var options: [Argument] = []
    if atClause("partitioned") {
      advance()
      try expectWords("by")
      repeat {
        skipNewlines()
        if let option = current.identifier, peek().isPunct("=") {
          advance()
          advance()
          options.append(Argument(name: option, value: try parseExpression()))
          continue
        }
        let (column, token) = try expectIdentifier("a partition column")
        partitionColumns.append(text(column, range(token)))
      } while consumeComma()
    } else {
      while consumeComma() {
        let (option, _) = try expectIdentifier("a table option")
        try expectPunct("=")
        options.append(Argument(name: option, value: try parseExpression()))
      }
    }
    let handle = call("database", positional([database]), r)
    let created: Expr
    if partitionColumns.isEmpty {
      created = call("createTable", positional([handle, schema, name]), r)
    } else {
      let known: Set<String> = ["compressMethods", "sortColumns", "keepDuplicates"]
      created = call(
        "createPartitionedTable",
        positional([handle, schema, name, Expr(.bracketVector(partitionColumns), r)])
          + options.filter { known.contains($0.name ?? "") }, r)
    }
    guard !comments.isEmpty else { return Stmt(.expression(created), range(from: start)) }
    // The table made, then its columns' comments set: one statement, as DolphinDB runs it.
    let commented = call(
      "setColumnComment",
      positional([
        call("loadTable", positional([database, name]), r),
        call(
          "dict", positional([Expr(.bracketVector(comments.map(\.0)), r), Expr(.bracketVector(comments.map(\.1)), r)]),
          r),
      ]), r)
    return Stmt(.block([Stmt(.expression(created), r), Stmt(.expression(commented), r)]), range(from: start))
  }

  /// `[name=value, ...]` after a column's type: the value of `comment`, if given; the other
  /// options (`compress`) change nothing here.
  private mutating func parseColumnOptions() throws(Diagnostic) -> Expr? {
    let start = pos
    let open = advance()
    var comment: Expr?
    while !current.isPunct("]") {
      guard let option = current.identifier, peek().isPunct("=") else {
        // Not options as DolphinDB writes them: stepped over whole.
        pos = start
        try skipBracketed()
        return nil
      }
      advance()
      advance()
      let value = try parseExpression()
      if option.lowercased() == "comment" { comment = value }
      if !consumeComma() { break }
    }
    try expectClosing("]", opener: open)
    return comment
  }

  /// Steps over `[ ... ]`, nested brackets included.
  private mutating func skipBracketed() throws(Diagnostic) {
    let open = advance()
    var depth = 1
    while depth > 0 {
      if atEnd { throw failure(DiagnosticMessages.unexpectedEnd("']' to close '['"), at: range(open)) }
      if current.isPunct("[") { depth += 1 }
      if current.isPunct("]") { depth -= 1 }
      advance()
    }
  }

  // MARK: drop, alter

  private mutating func parseDrop(_ start: Token, isDatabase: Bool) throws(Diagnostic) -> Stmt {
    var ifExists = false
    if isIdentifier(current, "if") && peek().identifier == "exists" {
      advance()
      advance()
      ifExists = true
    }
    let r0 = range(start)
    let action: Expr
    let exists: Expr
    if isDatabase {
      let path = try parseBinary(4)
      action = call("dropDatabase", positional([path]), r0)
      exists = call("existsDatabase", positional([path]), r0)
    } else {
      let (database, name, plain) = try parseTableName()
      if let database {
        action = call("dropTable", positional([call("database", positional([database]), r0), name]), r0)
        exists = call("existsTable", positional([database, name]), r0)
      } else {
        let objectName = text(plain ?? "", r0)
        action = call("undef", positional([objectName]), r0)
        exists = call("defined", positional([objectName]), r0)
      }
    }
    let r = range(from: start)
    let run = Stmt(.expression(Expr(action.kind, r)), r)
    guard ifExists else { return run }
    return Stmt(.ifElse(condition: exists, then: run, otherwise: nil), r)
  }

  private mutating func parseAlterTable(_ start: Token) throws(Diagnostic) -> Stmt {
    let (database, name, _) = try parseTableName()
    let table = database.map { call("loadTable", positional([$0, name]), range(start)) } ?? name
    guard let verb = current.identifier?.lowercased(), ["add", "drop", "rename"].contains(verb) else {
      throw failure(expected: "'add', 'drop' or 'rename'")
    }
    advance()
    if isIdentifier(current, "column") { advance() }
    let (column, columnToken) = try expectColumnName("a column name")
    let columnName = text(column, range(columnToken))
    let r = range(from: start)
    let action: Expr
    switch verb {
    case "add":
      let (type, typeToken) = try expectIdentifier("the type of the new column")
      action = call("addColumn", positional([table, columnName, Expr(.name(type.uppercased()), range(typeToken))]), r)
    case "drop":
      action = call("dropColumns!", positional([table, columnName]), r)
    default:
      try expectWords("to")
      let (new, newToken) = try expectColumnName("the new column name")
      action = call("rename!", positional([table, columnName, text(new, range(newToken))]), r)
    }
    return Stmt(.expression(action), range(from: start))
  }

  /// A column's name in DDL: a name, or a quoted one (`rename "FULL_NAME" to "NAME"`).
  private mutating func expectColumnName(_ what: String) throws(Diagnostic) -> (String, Token) {
    if case .string(let name, _) = current.kind, !name.isEmpty { return (name, advance()) }
    return try expectIdentifier(what)
  }
}
