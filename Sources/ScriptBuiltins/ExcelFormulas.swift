import ScriptRuntime

/// DolphinDB's `convertExcelFormula(formula, colStart, colEnd, rowStart, rowEnd)`: an Excel
/// formula over a block of cells (columns colStart..colEnd, rows rowStart..rowEnd) as a DolphinDB
/// expression over its columns `col0`, `col1`, ... (column colStart is col0). What converts:
/// numbers, strings, TRUE and FALSE; `+ - * /` and the comparisons (`=` becomes `==`, `<>`
/// `!=`); parentheses; IF(c, a, b) as iif, AND, OR and NOT; and the aggregates SUM, AVERAGE, MAX,
/// MIN and COUNT of one cell or range: a range across one row is a row function
/// (`SUM(A2:C2)` is `rowSum(col0, col1, col2)`), a range down one column is the aggregate when
/// it spans every row and a moving one of its length otherwise (`SUM(A2:A5)` is
/// `msum(col0, 4)`), and a single cell a cumulative one (`SUM(A2)` is `cumsum(col0)`). A cell
/// stands for its column (the formula is read as a row's). A leading `=` is dropped and
/// parentheses left open at the end are closed. Anything else (ranges over rows and columns at
/// once, other functions and operators) is refused with an error naming it.
enum ExcelFormulas {
  /// The Excel aggregates and their DolphinDB forms: whole column, moving, cumulative, row.
  static let aggregates: [String: (whole: String, moving: String, cumulative: String, row: String)] = [
    "SUM": ("sum", "msum", "cumsum", "rowSum"), "AVERAGE": ("avg", "mavg", "cumavg", "rowAvg"),
    "MAX": ("max", "mmax", "cummax", "rowMax"), "MIN": ("min", "mmin", "cummin", "rowMin"),
    "COUNT": ("count", "mcount", "cumcount", "rowCount"),
  ]

  /// Nesting deeper than this is refused (the parser recurses once per level).
  static let maxDepth = 64

  /// The block of cells a formula reads.
  struct Block {
    let firstColumn: Int
    let lastColumn: Int
    let rows: ClosedRange<Int>
  }

  /// A cell reference: its column (A is 1) and row.
  struct Cell {
    let column: Int
    let row: Int
  }

  /// The column number of letters (A is 1, AA is 27); nil for anything else.
  static func columnNumber(_ letters: String) -> Int? {
    guard !letters.isEmpty, letters.count <= 3 else { return nil }
    var n = 0
    for c in letters.uppercased().unicodeScalars {
      guard c.value >= 65, c.value <= 90 else { return nil }
      n = n * 26 + Int(c.value - 64)
    }
    return n
  }

  /// One formula's parser and printer.
  struct Converter {
    let text: [Character]
    let formula: String
    let block: Block
    var at = 0
    var depth = 0

    init(_ formula: String, _ block: Block) {
      var t = Array(formula)
      while let f = t.first, f.isWhitespace { t.removeFirst() }
      if t.first == "=" { t.removeFirst() }
      text = t
      self.formula = formula
      self.block = block
    }

    func refuse(_ what: String) -> ScriptError {
      ScriptError(RuntimeMessages.convertExcelFormulaUnsupported(formula, what))
    }

    mutating func skipSpaces() {
      while at < text.count, text[at].isWhitespace { at += 1 }
    }

    mutating func peek() -> Character? {
      skipSpaces()
      return at < text.count ? text[at] : nil
    }

    /// Reads `token` if it comes next.
    mutating func take(_ token: String) -> Bool {
      skipSpaces()
      let chars = Array(token)
      guard at + chars.count <= text.count, Array(text[at..<(at + chars.count)]) == chars else { return false }
      at += chars.count
      return true
    }

    /// A closing parenthesis, which the end of the formula may stand for.
    mutating func close() throws(ScriptError) {
      if take(")") || peek() == nil { return }
      throw refuse("')' expected at position \(at + 1)")
    }

    mutating func convert() throws(ScriptError) -> String {
      // An empty (or null) formula converts to an empty one.
      guard peek() != nil else { return "" }
      let e = try comparison()
      if let c = peek() { throw refuse("unexpected '\(c)' at position \(at + 1)") }
      return e
    }

    mutating func comparison() throws(ScriptError) -> String {
      depth += 1
      defer { depth -= 1 }
      guard depth <= ExcelFormulas.maxDepth else { throw refuse("nested more than \(ExcelFormulas.maxDepth) deep") }
      var e = try additive()
      while let op = takeComparison() { e += op + (try additive()) }
      return e
    }

    /// Excel's comparison operators (the two-character ones first) and DolphinDB's for them.
    static let comparisons: [(excel: String, dolphin: String)] = [
      ("<>", "!="), ("<=", "<="), (">=", ">="), ("=", "=="), ("<", "<"), (">", ">"),
    ]

    /// The comparison operator that comes next, read, as DolphinDB writes it.
    mutating func takeComparison() -> String? {
      for op in Self.comparisons where take(op.excel) { return op.dolphin }
      return nil
    }

    mutating func additive() throws(ScriptError) -> String {
      try leftAssociative(["+", "-"]) { p throws(ScriptError) in try p.multiplicative() }
    }

    mutating func multiplicative() throws(ScriptError) -> String {
      try leftAssociative(["*", "/"]) { p throws(ScriptError) in try p.unary() }
    }

    /// Operands joined by any of `operators`, each written as it is.
    mutating func leftAssociative(
      _ operators: Set<Character>, _ operand: (inout Self) throws(ScriptError) -> String
    ) throws(ScriptError) -> String {
      var e = try operand(&self)
      while let c = peek(), operators.contains(c) {
        at += 1
        e += String(c) + (try operand(&self))
      }
      return e
    }

    mutating func unary() throws(ScriptError) -> String {
      // A run of signs, read in a loop rather than by recursion, is one minus or none.
      var negative = false
      while let c = peek(), c == "-" || c == "+" {
        at += 1
        if c == "-" { negative.toggle() }
      }
      return (negative ? "-" : "") + (try primary())
    }

    mutating func primary() throws(ScriptError) -> String {
      guard let c = peek() else { throw refuse("the formula ends too early") }
      if c == "(" {
        at += 1
        let inner = try comparison()
        try close()
        return "(" + inner + ")"
      }
      if c.isNumber || c == "." {
        let start = at
        while at < text.count, text[at].isNumber || text[at] == "." { at += 1 }
        return String(text[start..<at])
      }
      if c == "\"" {
        // Excel doubles a quote inside a string.
        let start = at
        at += 1
        while at < text.count {
          if text[at] == "\"" {
            if at + 1 < text.count, text[at + 1] == "\"" {
              at += 2
              continue
            }
            break
          }
          at += 1
        }
        guard at < text.count else { throw refuse("a string is not closed") }
        at += 1
        return String(text[start..<at])
      }
      guard c.isLetter || c == "$" else { throw refuse("'\(c)' at position \(at + 1)") }
      let start = at
      while at < text.count, text[at].isLetter || text[at].isNumber || text[at] == "$" { at += 1 }
      let word = String(text[start..<at]).uppercased()
      if peek() == "(" {
        at += 1
        return try call(word)
      }
      if word == "TRUE" || word == "FALSE" { return word.lowercased() }
      let cell = try self.cell(word)
      if take(":") { throw refuse("a range is converted only inside SUM, AVERAGE, MAX, MIN or COUNT") }
      return column(cell)
    }

    /// A cell reference (`A2`, `$A$2`) inside the block.
    func cell(_ word: String) throws(ScriptError) -> Cell {
      let plain = word.filter { $0 != "$" }
      let letters = String(plain.prefix { $0.isLetter })
      let digits = plain.dropFirst(letters.count)
      guard let column = ExcelFormulas.columnNumber(letters), !digits.isEmpty, digits.allSatisfy(\.isNumber),
        let row = Int(digits)
      else { throw refuse("'\(word)' is not a cell") }
      guard column >= block.firstColumn, column <= block.lastColumn, block.rows.contains(row) else {
        throw refuse("cell \(word) is outside the data")
      }
      return Cell(column: column, row: row)
    }

    func column(_ c: Cell) -> String { "col\(c.column - block.firstColumn)" }

    /// The arguments of a call, up to its closing parenthesis.
    mutating func arguments() throws(ScriptError) -> [String] {
      if take(")") { return [] }
      var out = [try comparison()]
      while take(",") { out.append(try comparison()) }
      try close()
      return out
    }

    mutating func call(_ name: String) throws(ScriptError) -> String {
      if let forms = ExcelFormulas.aggregates[name] { return try aggregate(name, forms) }
      let args = try arguments()
      switch name {
      case "IF":
        guard args.count == 3 else { throw refuse("IF needs a condition and two values") }
        return "iif(" + args.joined(separator: ",") + ")"
      case "AND", "OR":
        guard args.count >= 2 else { throw refuse("\(name) needs at least two conditions") }
        let f = name.lowercased()
        return args.dropFirst().reduce(args[0]) { "\(f)(\($0),\($1))" }
      case "NOT":
        guard args.count == 1 else { throw refuse("NOT needs one condition") }
        return "not(" + args[0] + ")"
      default:
        throw refuse("the function \(name) is not converted")
      }
    }

    /// SUM and the like of one cell or range.
    mutating func aggregate(
      _ name: String, _ forms: (whole: String, moving: String, cumulative: String, row: String)
    ) throws(ScriptError) -> String {
      skipSpaces()
      let start = at
      while at < text.count, text[at].isLetter || text[at].isNumber || text[at] == "$" { at += 1 }
      let first = try cell(String(text[start..<at]).uppercased())
      var last = first
      if take(":") {
        skipSpaces()
        let from = at
        while at < text.count, text[at].isLetter || text[at].isNumber || text[at] == "$" { at += 1 }
        last = try cell(String(text[from..<at]).uppercased())
      }
      guard !take(",") else { throw refuse("\(name) is converted for one cell or range only") }
      try close()
      let (left, right) = (min(first.column, last.column), max(first.column, last.column))
      let (top, bottom) = (min(first.row, last.row), max(first.row, last.row))
      if left != right && top != bottom { throw refuse("a range over several rows and columns at once") }
      if left != right {
        let columns = (left...right).map { column(Cell(column: $0, row: top)) }
        return forms.row + "(" + columns.joined(separator: ", ") + ")"
      }
      let col = column(first)
      if top == bottom { return forms.cumulative + "(" + col + ")" }
      let rows = bottom - top + 1
      return rows == block.rows.count ? forms.whole + "(" + col + ")" : forms.moving + "(" + col + ", \(rows))"
    }
  }

  static let builtin = Builtin(
    "convertExcelFormula", args: 5...5, parameterNames: ["formula", "colStart", "colEnd", "rowStart", "rowEnd"]
  ) { a throws(ScriptError) in
    let (colStart, colEnd) = (try a.text(1, "the colStart"), try a.text(2, "the colEnd"))
    guard let first = columnNumber(colStart), let last = columnNumber(colEnd), first <= last else {
      throw ScriptError(RuntimeMessages.convertExcelFormulaColumns(colStart, colEnd))
    }
    let (rowStart, rowEnd) = (try a.integer(3, "the rowStart"), try a.integer(4, "the rowEnd"))
    guard rowStart > 0, rowEnd >= rowStart else {
      throw ScriptError(RuntimeMessages.convertExcelFormulaRows(rowStart, rowEnd))
    }
    let block = Block(firstColumn: first, lastColumn: last, rows: rowStart...rowEnd)
    switch a[0] {
    case .string(let f, _):
      var c = Converter(f, block)
      return .string(try c.convert(), .string)
    case .vector(let v) where v.type.isText && !v.isArrayVector:
      var out: [String] = []
      out.reserveCapacity(v.count)
      for f in v.strings {
        var c = Converter(f, block)
        out.append(try c.convert())
      }
      return .vector(Vector(strings: out))
    default:
      throw ScriptError(RuntimeMessages.mustBeString("the formula of 'convertExcelFormula'", got: a[0].typeString))
    }
  }
}
