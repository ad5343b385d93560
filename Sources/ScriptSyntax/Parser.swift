/// What the parser needs to know about the session it parses for.
///
/// DolphinDB applies a function written before an expression to the whole expression
/// (`sum 1 2 3`, `x add y`), so whether a name is a function decides how a line parses.
public struct ParseContext: Sendable {
  /// Names of functions: built-ins, session functions, imported module functions.
  public var functionNames: Set<String>
  /// Names of session variables, which shadow functions of the same name.
  public var variableNames: Set<String>
  public init(functionNames: Set<String> = [], variableNames: Set<String> = []) {
    self.functionNames = functionNames
    self.variableNames = variableNames
  }
}

/// A parsed script: its top-level statements.
public struct Program: Sendable {
  public let file: SourceFile
  public let statements: [Stmt]
}

/// Recursive-descent parser for the `.dos` language.
///
/// Grammar areas live in extensions: `Parser+Statements`, `Parser+Expressions`, `Parser+SQL`.
/// The parser recovers at the end of a statement and reports up to 20 errors.
public struct Parser {
  let file: SourceFile
  var tokens: [Token]
  var pos = 0
  var diagnostics: [Diagnostic] = []
  var context: ParseContext
  /// Names assigned in each enclosing function scope (innermost last).
  var scopes: [Set<String>]
  /// Parameters not declared `mutable`, per enclosing function (innermost last).
  var immutableNames: [Set<String>] = [[]]
  var loopDepth = 0
  var sqlDepth = 0
  /// The token positions of the colons that end a `?`'s true value (not pair operators).
  var ternaryColons: Set<Int> = []
  /// Inside `<...>` metacode, where a '>' that no operand follows closes the metacode.
  var metacodeDepth = 0
  /// Inside the tables of a `from` clause, where `join` and `left join` are joins, not calls.
  var inFromClause = false
  /// Inside a class's method: the attributes and `self`, which its body uses as variables.
  var memberScope: Set<String> = []
  /// The attributes of the classes defined in this text, for a derived class's methods.
  var classMembers: [String: Set<String>] = [:]
  static let maxErrors = 20

  init(file: SourceFile, tokens: [Token], context: ParseContext) {
    self.file = file
    self.tokens = tokens
    self.context = context
    self.scopes = [context.variableNames]
    // Functions defined anywhere in the text are functions everywhere in it.
    for k in 0..<max(0, tokens.count - 1) {
      if tokens[k].identifier == "def" || tokens[k].identifier == "defg" || tokens[k].identifier == "mapr",
        let name = tokens[k + 1].identifier
      {
        self.context.functionNames.insert(name)
      }
    }
  }

  /// Parses a whole file; on failure returns every syntax error found (at most 20).
  public static func parse(_ file: SourceFile, context: ParseContext = ParseContext()) -> Result<
    Program, SyntaxErrors
  > {
    let (tokens, lexErrors) = Lexer.tokenize(file)
    var parser = Parser(file: file, tokens: tokens, context: context)
    parser.diagnostics = lexErrors
    let statements = parser.parseStatements(until: nil)
    if !parser.diagnostics.isEmpty {
      return .failure(SyntaxErrors(Array(parser.diagnostics.prefix(maxErrors))))
    }
    return .success(Program(file: file, statements: statements))
  }

  // MARK: Token cursor

  var current: Token { tokens[pos] }
  func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }
  var atEnd: Bool {
    if case .eof = current.kind { return true }
    return false
  }
  var atNewline: Bool {
    if case .newline = current.kind { return true }
    return false
  }

  @discardableResult
  mutating func advance() -> Token {
    let t = tokens[pos]
    if pos < tokens.count - 1 { pos += 1 }
    return t
  }

  mutating func skipNewlines() {
    while atNewline { advance() }
  }

  /// Index of the first token at or after `from` (`pos` when not given) that is not a newline.
  func indexPastNewlines(from: Int? = nil) -> Int {
    var k = min(from ?? pos, tokens.count - 1)
    while k < tokens.count - 1, case .newline = tokens[k].kind { k += 1 }
    return k
  }

  func range(_ t: Token) -> SourceRange { SourceRange(file: file, start: t.start, end: t.end) }
  func range(from start: Token) -> SourceRange {
    let end = pos > 0 ? tokens[pos - 1].end : start.end
    return SourceRange(file: file, start: start.start, end: max(end, start.end))
  }

  /// Whether the token is the word, or the word in capitals (`LIMIT`, `TOP`, `SET`: SQL words
  /// that may also be names, so the lexer leaves them as written and they are keywords only
  /// where the grammar expects one).
  func isIdentifier(_ t: Token, _ word: String) -> Bool {
    guard let id = t.identifier else { return false }
    return id == word || (Parser.capitalSQLWords.contains(word) && id == word.uppercased())
  }

  /// SQL words taken in capitals where the grammar expects them; other keywords (`if`, `for`,
  /// `def`) are lower-case only, so `IF` or `FOR` stay names as in DolphinDB.
  static let capitalSQLWords: Set<String> = [
    "limit", "top", "set", "left", "right", "full", "table", "database", "drop", "add", "column", "rename", "to",
    "map", "all", "first", "last", "cgroup", "csort", "pivot", "context", "case", "when", "then", "else", "end",
    "with",
  ]

  /// A readable name of a token for messages.
  func describe(_ t: Token) -> String {
    switch t.kind {
    case .eof: return "end of input"
    case .newline: return "end of line"
    default: return "'\(file.text(of: range(t)))'"
    }
  }

  // MARK: Errors

  /// An error at the current token; at end of input it marks the text as incomplete.
  func failure(expected what: String) -> Diagnostic {
    if atEnd {
      return Diagnostic(.error, DiagnosticMessages.unexpectedEnd(what), at: range(current), isIncomplete: true)
    }
    return Diagnostic(.error, DiagnosticMessages.expected(what, found: describe(current)), at: range(current))
  }

  func failure(_ message: String, at r: SourceRange) -> Diagnostic {
    Diagnostic(.error, message, at: r)
  }

  mutating func expectPunct(_ p: String, what: String? = nil) throws(Diagnostic) {
    guard current.isPunct(p) else { throw failure(expected: what ?? "'\(p)'") }
    advance()
  }

  /// Consumes the closing bracket of `opener`, or names the opener in the error.
  mutating func expectClosing(_ closer: String, opener: Token) throws(Diagnostic) {
    skipNewlines()
    guard current.isPunct(closer) else {
      let open = file.text(of: range(opener))
      let message = DiagnosticMessages.expectedToClose(closer, open, at: file.location(of: opener.start))
      if atEnd { throw Diagnostic(.error, message, at: range(current), isIncomplete: true) }
      // `if (x = 1)`: a comparison written with '='; on a later line it is a missing ')'.
      if current.isPunct("=") && closer == ")"
        && file.location(of: current.start).line == file.location(of: opener.start).line
      {
        throw Diagnostic(.error, DiagnosticMessages.useEqualsEquals(), at: range(current))
      }
      throw Diagnostic(
        .error, message + ", found \(describe(current))", at: range(current))
    }
    advance()
  }

  mutating func expectIdentifier(_ what: String) throws(Diagnostic) -> (String, Token) {
    guard let name = current.identifier, !Parser.keywords.contains(name) else {
      throw failure(expected: what)
    }
    return (name, advance())
  }

  /// Skips to the end of the current statement after an error.
  mutating func recover() {
    var depth = 0
    while !atEnd {
      let t = current
      if depth == 0 && (atNewline || t.isPunct(";")) {
        advance()
        return
      }
      if t.isPunct("{") || t.isPunct("(") || t.isPunct("[") { depth += 1 }
      if t.isPunct("}") || t.isPunct(")") || t.isPunct("]") {
        if depth == 0 && t.isPunct("}") { return }
        if depth > 0 { depth -= 1 }
      }
      advance()
    }
  }

  // MARK: Names

  /// Words that are never variable or function names.
  static let keywords: Set<String> = [
    "as", "assert", "break", "by", "catch", "context", "const", "continue", "def", "defg",
    "delete", "do", "else", "exec", "for", "from", "group", "having", "if", "in", "insert",
    "into", "limit", "module", "mutable", "order", "return", "select", "share", "throw",
    "timer", "top", "try", "update", "use", "where", "while", "go", "and", "or", "not", "like",
    "between",
  ]

  /// Whether `name` is a function here and not shadowed by a variable.
  func isFunctionName(_ name: String) -> Bool {
    context.functionNames.contains(name) && !(scopes.last?.contains(name) ?? false)
      && !Parser.keywords.contains(name)
  }

  mutating func declareVariable(_ name: String) {
    scopes[scopes.count - 1].insert(name)
  }
}
