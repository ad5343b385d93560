import PorpoiseSupport

/// Turns script text into tokens.
///
/// Newlines inside `(` and `[` are dropped (a bracket always continues the line); inside `{`
/// they are kept because braces hold statements. Errors are collected, not thrown, so the
/// parser can report them with its own.
public struct Lexer {
  private let file: SourceFile
  private let b: [UInt8]
  private var i = 0
  private var bracketDepth: [UInt8] = []
  private var tokens: [Token] = []
  /// Errors found while lexing.
  public private(set) var diagnostics: [Diagnostic] = []
  /// Capital SQL words this file defines as functions (`def BETWEEN(S, A, B)` in DolphinDB's
  /// mytt module): they stay names here, in the definition and in calls.
  private var definedCapitalWords: Set<String> = []

  public init(_ file: SourceFile) {
    self.file = file
    self.b = file.bytes
    self.definedCapitalWords = Lexer.capitalWordsAfterDef(file.bytes)
  }

  /// Lexes the whole file; the last token is `.eof`.
  public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file)
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  private func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }
  private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  private static func isIdentStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
  }
  private static func isIdentChar(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

  /// The length of a space that is not ASCII at `i`, or 0: a non-breaking space (U+00A0, what
  /// text copied from a web page often holds), the typographic spaces U+2000 to U+200A, the
  /// zero-width space and joiners (U+200B to U+200D, also pasted from web pages), the narrow
  /// no-break space (U+202F), the word joiner (U+2060), an ideographic space (U+3000) or a
  /// byte-order mark (U+FEFF) reads as a space.
  private func unicodeSpaceLength(_ k: Int = 0) -> Int {
    switch peek(k) {
    case 0xC2 where peek(k + 1) == 0xA0: return 2
    case 0xE2 where peek(k + 1) == 0x80 && (peek(k + 2) <= 0x8D || peek(k + 2) == 0xAF): return 3
    case 0xE2 where peek(k + 1) == 0x81 && peek(k + 2) == 0xA0: return 3
    case 0xE3 where peek(k + 1) == 0x80 && peek(k + 2) == 0x80: return 3
    case 0xEF where peek(k + 1) == 0xBB && peek(k + 2) == 0xBF: return 3
    default: return 0
    }
  }

  /// Whether the byte at `i + k` continues a name (a Unicode space does not).
  private func identChar(_ k: Int) -> Bool {
    Lexer.isIdentChar(peek(k)) && (peek(k) < 0x80 || unicodeSpaceLength(k) == 0)
  }

  private func range(_ s: Int, _ e: Int) -> SourceRange { SourceRange(file: file, start: s, end: e) }

  private mutating func error(_ message: String, _ s: Int, _ e: Int, incomplete: Bool = false) {
    diagnostics.append(Diagnostic(.error, message, at: range(s, e), isIncomplete: incomplete))
  }

  private mutating func run() {
    var space = true
    while true {
      // White space and comments.
      let c = peek()
      if c == 0 && i >= b.count {
        tokens.append(Token(kind: .eof, start: i, end: i, spaceBefore: space))
        return
      }
      if c == 32 || c == 9 || c == 13 {
        i += 1
        space = true
        continue
      }
      if c >= 0x80, case let n = unicodeSpaceLength(), n > 0 {
        i += n
        space = true
        continue
      }
      if c == 10 {
        if bracketDepth.last.map({ $0 == UInt8(ascii: "{") }) ?? true {
          tokens.append(Token(kind: .newline, start: i, end: i + 1, spaceBefore: space))
        }
        i += 1
        space = true
        continue
      }
      if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
        while i < b.count && b[i] != 10 { i += 1 }
        space = true
        continue
      }
      if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
        let s = i
        i += 2
        while i < b.count && !(b[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { i += 1 }
        if i >= b.count {
          error(DiagnosticMessages.unterminatedComment(), s, s + 2, incomplete: true)
        } else {
          i += 2
        }
        space = true
        continue
      }
      let start = i
      let kind = lexToken()
      tokens.append(Token(kind: kind, start: start, end: i, spaceBefore: space))
      space = false
    }
  }

  /// SQL words read as their lower-case keywords when written in capitals.
  static let capitalKeywords: Set<String> = [
    "SELECT", "EXEC", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "DISTINCT", "AND", "OR", "NOT", "AS", "IN",
    "BETWEEN", "LIKE", "IS", "ASC", "DESC", "NULLS", "CONTEXT", "CSORT", "PIVOT", "CGROUP", "UPDATE", "DELETE",
    "INSERT", "INTO", "VALUES", "JOIN", "INNER", "OUTER", "CROSS", "SEMI", "ON", "UNION", "CREATE", "ALTER",
    "PARTITIONED",
  ]

  /// The capital SQL words that follow `def` and a space in the text (a cheap scan; a match in a
  /// comment or string only keeps that word as written).
  private static func capitalWordsAfterDef(_ b: [UInt8]) -> Set<String> {
    var out: Set<String> = []
    var k = 0
    let def: [UInt8] = Array("def".utf8)
    while k + 4 < b.count {
      defer { k += 1 }
      guard b[k] == def[0], b[k + 1] == def[1], b[k + 2] == def[2], k == 0 || !isIdentChar(b[k - 1]),
        b[k + 3] == 32 || b[k + 3] == 9
      else { continue }
      var s = k + 3
      while s < b.count && (b[s] == 32 || b[s] == 9) { s += 1 }
      var e = s
      while e < b.count && isIdentChar(b[e]) { e += 1 }
      guard e > s, (65...90).contains(b[s]) else { continue }
      let word = String(decoding: b[s..<e], as: UTF8.self)
      if capitalKeywords.contains(word) { out.insert(word) }
    }
    return out
  }

  private mutating func lexToken() -> TokenKind {
    let c = peek()
    if Lexer.isDigit(c) { return lexNumber() }
    if Lexer.isIdentStart(c) {
      let s = i
      while identChar(0) { i += 1 }
      // In-place functions end with '!' (append!, sort!), but 'a!=b' is a comparison.
      if peek() == UInt8(ascii: "!") && peek(1) != UInt8(ascii: "=") { i += 1 }
      let word = String(decoding: b[s..<i], as: UTF8.self)
      // SQL keywords may be written in capitals (`SELECT * FROM t WHERE x IN ...`), as DolphinDB
      // takes them since 2.00.10. Words that may also be names (`LIMIT`, `TOP`, `SET`, `LEFT`,
      // `TABLE`, `ALL`, `FIRST`) stay as written; the parser takes them where it expects them.
      // After `::` a capital word is a module's function (`mytt::BETWEEN`), never a keyword.
      let qualified = tokens.last?.isPunct("::") ?? false
      if i - s > 1, (65...90).contains(b[s]), Lexer.capitalKeywords.contains(word), !definedCapitalWords.contains(word),
        !qualified
      {
        return .identifier(word.lowercased())
      }
      return .identifier(word)
    }
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "'"): return lexString(quote: c)
    case UInt8(ascii: "`"): return lexSymbols()
    default: return lexPunct()
    }
  }

  private mutating func lexString(quote: UInt8) -> TokenKind {
    let s = i
    i += 1
    var out: [UInt8] = []
    while i < b.count && b[i] != quote {
      if b[i] == UInt8(ascii: "\\") && i + 1 < b.count {
        let n = b[i + 1]
        switch n {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "0"): out.append(0)
        case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(n)
        default:
          out.append(b[i])
          out.append(n)
        }
        i += 2
        continue
      }
      out.append(b[i])
      i += 1
    }
    if i >= b.count {
      error(DiagnosticMessages.unterminatedString(), s, s + 1, incomplete: true)
    } else {
      i += 1
    }
    return .string(String(decoding: out, as: UTF8.self), singleQuoted: quote == UInt8(ascii: "'"))
  }

  private mutating func lexSymbols() -> TokenKind {
    var words: [String] = []
    while true {
      while peek() == UInt8(ascii: "`") {
        i += 1
        let s = i
        // `` `10.9 `` is the string "10.9" and `` `600000.SH `` the string "600000.SH": a dot
        // inside the word stays in it, unless a call follows (`` `a`b.size() ``).
        while identChar(0) || (peek() == UInt8(ascii: ".") && i > s && dotContinuesSymbol()) {
          i += 1
        }
        words.append(String(decoding: b[s..<i], as: UTF8.self))
      }
      // A long vector of names may go on over lines (DolphinDB's scripts write a table's column
      // names so): a line that is itself a vector of names continues one that ended with one.
      guard words.count >= 2, let next = symbolLineAfter() else { break }
      i = next
    }
    return .symbols(words)
  }

  /// Where the next line starts when this line ends here (spaces aside) and the next holds a
  /// vector of backtick names (two at least) after its indentation; nil otherwise.
  private func symbolLineAfter() -> Int? {
    var k = i
    while k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\t") || b[k] == UInt8(ascii: "\r") {
      k += 1
    }
    guard k < b.count, b[k] == UInt8(ascii: "\n") else { return nil }
    k += 1
    while k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\t") { k += 1 }
    let start = k
    var names = 0
    while k < b.count, b[k] == UInt8(ascii: "`") {
      k += 1
      let s = k
      while k < b.count, Lexer.isIdentChar(b[k]) { k += 1 }
      guard k > s else { return nil }
      names += 1
    }
    return names >= 2 ? start : nil
  }

  /// Whether the `.` at the cursor continues a backtick word: a word follows that is not called.
  private func dotContinuesSymbol() -> Bool {
    if Lexer.isDigit(peek(1)) { return true }
    var k = 1
    while identChar(k) { k += 1 }
    return k > 1 && peek(k) != UInt8(ascii: "(")
  }

  private static let punctuation3 = ["<->"]
  private static let punctuation2 = [
    "<-", "<<", ">>", "<=", ">=", "==", "!=", "<>", "&&", "||", "**", "..", "::", "->", "+=", "-=",
    "*=", "/=", "%=",
  ]

  private mutating func lexPunct() -> TokenKind {
    let s = i
    if i + 1 < b.count {
      let two = String(decoding: b[i..<i + 2], as: UTF8.self)
      if Lexer.punctuation2.contains(two) {
        i += 2
        return .punct(two)
      }
    }
    let c = b[i]
    i += 1
    let one = String(UnicodeScalar(c))
    switch one {
    case "(", "[", "{": bracketDepth.append(c)
    case ")", "]", "}": if !bracketDepth.isEmpty { bracketDepth.removeLast() }
    case "+", "-", "*", "/", "\\", "%", "$", "&", "^", "|", "<", ">", "!", "=", ",", ";", ":", ".",
      "?", "@", "~", "#":
      break
    default:
      // Take the whole UTF-8 sequence so the message shows the character.
      while i < b.count && b[i] & 0xC0 == 0x80 { i += 1 }
      let text = String(decoding: b[s..<i], as: UTF8.self)
      error(DiagnosticMessages.unexpectedCharacter(text), s, i)
      return .punct(text)
    }
    return .punct(one)
  }

  // MARK: Numbers and temporals

  private mutating func digits() -> (value: Int64, count: Int) {
    var v: Int64 = 0
    var n = 0
    while Lexer.isDigit(peek()) {
      v = v &* 10 &+ Int64(peek() - 48)
      i += 1
      n += 1
    }
    return (v, n)
  }

  private func digitRun(at k: Int) -> Int {
    var n = 0
    while i + k + n < b.count && Lexer.isDigit(b[i + k + n]) { n += 1 }
    return n
  }

  private static let typedNullLetters: Set<UInt8> = Set("bchildMtmsDTnNfFSW".utf8)
  public static let durationUnits = ["ms", "us", "ns", "y", "M", "w", "d", "B", "H", "m", "s"]
  /// A trading calendar as a duration's unit (`2XNYS`: two trading days of XNYS): four capitals.
  public static func isCalendarUnit(_ s: String) -> Bool {
    s.utf8.count == 4 && s.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
  }

  private mutating func lexNumber() -> TokenKind {
    let s = i
    // Typed nulls: 00i, 00F, ...
    if peek() == 48 && peek(1) == 48 && Lexer.typedNullLetters.contains(peek(2))
      && !identChar(3)
    {
      let letter = Character(UnicodeScalar(peek(2)))
      i += 3
      return .typedNull(letter)
    }
    let (whole, wholeCount) = digits()
    // YYYY.MM.DD and YYYY.MMM
    if peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) {
      let afterDot = digitRun(at: 1)
      if wholeCount == 4 && afterDot == 2 && peek(3) == UInt8(ascii: ".") && Lexer.isDigit(peek(4)) {
        return lexDate(start: s, year: Int(whole))
      }
      if wholeCount == 4 && afterDot == 2 && peek(3) == UInt8(ascii: "M") && !identChar(4) {
        let month = Int(b[i + 1] - 48) * 10 + Int(b[i + 2] - 48)
        i += 4
        guard month >= 1 && month <= 12 else {
          return invalid("MONTH", s)
        }
        return .temporal(.month, Int64(whole) * 12 + Int64(month - 1))
      }
    }
    // HH:MM[m], HH:MM:SS[.fff[ffffff]]
    if wholeCount == 2 && peek() == UInt8(ascii: ":") && digitRun(at: 1) == 2 {
      if peek(3) == UInt8(ascii: "m") && !identChar(4) {
        let minute = Int64(b[i + 1] - 48) * 10 + Int64(b[i + 2] - 48)
        i += 4
        guard whole < 24 && minute < 60 else { return invalid("MINUTE", s) }
        return .temporal(.minute, whole * 60 + minute)
      }
      if peek(3) == UInt8(ascii: ":") && digitRun(at: 4) == 2 {
        if let t = lexTimeOfDay(hour: whole, start: s) { return t }
      }
    }
    // Decimal fraction and exponent.
    var isReal = false
    var text = String(decoding: b[s..<i], as: UTF8.self)
    if peek() == UInt8(ascii: ".") && peek(1) != UInt8(ascii: ".") && !Lexer.isIdentStart(peek(1)) {
      isReal = true
      i += 1
      let fs = i
      _ = digits()
      text += "." + String(decoding: b[fs..<i], as: UTF8.self)
    }
    if (peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E"))
      && (Lexer.isDigit(peek(1))
        || ((peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+")) && Lexer.isDigit(peek(2))))
    {
      isReal = true
      let es = i
      i += 2
      _ = digits()
      text += String(decoding: b[es..<i], as: UTF8.self)
    }
    // Suffixes.
    let c = peek()
    if isReal {
      if c == UInt8(ascii: "f") && !identChar(1) {
        i += 1
        return .real(Double(text) ?? 0, isFloat: true)
      }
      if c == UInt8(ascii: "F") && !identChar(1) {
        i += 1
        return .real(Double(text) ?? 0, isFloat: false)
      }
      if identChar(0) { return invalidNumber(s) }
      return .real(Double(text) ?? 0, isFloat: false)
    }
    guard wholeCount <= 19, let exact = Int64(text) else {
      // Too large for LONG: read it as a DOUBLE, as DolphinDB does.
      if identChar(0) { return invalidNumber(s) }
      return .real(Double(text) ?? 0, isFloat: false)
    }
    if identChar(0) {
      let ss = i
      while identChar(0) { i += 1 }
      let suffix = String(decoding: b[ss..<i], as: UTF8.self)
      switch suffix {
      case "l": return .integer(exact, .long)
      case "h": return .integer(exact, .short)
      case "c": return .integer(exact, .char)
      case "b": return .integer(exact, .bool)
      case "i": return .integer(exact, .none)
      case "f": return .real(Double(exact), isFloat: true)
      case "F": return .real(Double(exact), isFloat: false)
      default:
        if Lexer.durationUnits.contains(suffix) || Lexer.isCalendarUnit(suffix) { return .duration(exact, suffix) }
        return invalidNumber(s)
      }
    }
    return .integer(exact, .none)
  }

  private mutating func invalid(_ kind: String, _ s: Int) -> TokenKind {
    while identChar(0) { i += 1 }
    error(DiagnosticMessages.invalidLiteral(kind, String(decoding: b[s..<i], as: UTF8.self)), s, i)
    return .typedNull(kind == "MONTH" ? "M" : kind == "DATE" ? "d" : "i")
  }

  private mutating func invalidNumber(_ s: Int) -> TokenKind {
    while identChar(0) || peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) { i += 1 }
    error(DiagnosticMessages.invalidLiteral("number", String(decoding: b[s..<i], as: UTF8.self)), s, i)
    return .integer(0, .none)
  }

  /// After `YYYY`, at `.MM.DD`; continues into a time with `T` or a single space.
  private mutating func lexDate(start s: Int, year: Int) -> TokenKind {
    i += 1
    let (month, _) = digits()
    i += 1
    let (day, dayCount) = digits()
    guard dayCount == 2, CivilCalendar.isValid(year: year, month: Int(month), day: Int(day)) else {
      return invalid("DATE", s)
    }
    let days = Int64(CivilCalendar.days(year: year, month: Int(month), day: Int(day)))
    // 2012.06.13T13:30:10 / 2012.06.13 13:30:10 / 2012.06.13T13
    let sep = peek()
    if (sep == UInt8(ascii: "T") || sep == 32) && digitRun(at: 1) == 2 {
      if peek(3) == UInt8(ascii: ":") && digitRun(at: 4) == 2 && peek(6) == UInt8(ascii: ":")
        && digitRun(at: 7) == 2
      {
        let save = i
        i += 1
        let (hour, _) = digits()
        if let t = lexTimeOfDay(hour: hour, start: s), case .temporal(let kind, let raw) = t {
          // A NANOTIMESTAMP holds 1677-2262 only: past that the literal is refused, not wrapped.
          func at(_ perDay: Int64) -> Int64? {
            let (scaled, o1) = days.multipliedReportingOverflow(by: perDay)
            let (sum, o2) = scaled.addingReportingOverflow(raw)
            return o1 || o2 ? nil : sum
          }
          switch kind {
          case .second: return .temporal(.datetime, days * 86400 + raw)
          case .time: return .temporal(.timestamp, days * 86_400_000 + raw)
          case .nanotime:
            guard let v = at(86_400_000_000_000) else { return invalid("NANOTIMESTAMP", s) }
            return .temporal(.nanotimestamp, v)
          default: break
          }
        }
        i = save
      } else if sep == UInt8(ascii: "T") && !identChar(3) && peek(3) != UInt8(ascii: ":") {
        i += 1
        let (hour, _) = digits()
        guard hour < 24 else { return invalid("DATEHOUR", s) }
        return .temporal(.datehour, days * 24 + hour)
      }
    }
    return .temporal(.date, days)
  }

  /// At `:MM:SS[.fff]` after the hour digits; nil (position restored) if it is not a time.
  private mutating func lexTimeOfDay(hour: Int64, start s: Int) -> TokenKind? {
    let save = i
    i += 1
    let (minute, _) = digits()
    i += 1
    let (second, _) = digits()
    guard hour < 24, minute < 60, second < 60 else {
      i = save
      return invalid("time", s)
    }
    let seconds = hour * 3600 + minute * 60 + second
    if peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) {
      i += 1
      let (frac, count) = digits()
      if count == 3 { return .temporal(.time, seconds * 1000 + frac) }
      if count == 9 { return .temporal(.nanotime, seconds * 1_000_000_000 + frac) }
      if count == 6 { return .temporal(.nanotime, seconds * 1_000_000_000 + frac * 1000) }
      return invalid("TIME", s)
    }
    if identChar(0) { return invalid("SECOND", s) }
    return .temporal(.second, seconds)
  }
}
