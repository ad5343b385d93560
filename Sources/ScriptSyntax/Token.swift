/// The kinds of temporal literal, named as DolphinDB names their types.
public enum TemporalKind: String, Sendable, CaseIterable {
  case date = "DATE", month = "MONTH", time = "TIME", minute = "MINUTE", second = "SECOND"
  case datetime = "DATETIME", timestamp = "TIMESTAMP", nanotime = "NANOTIME"
  case nanotimestamp = "NANOTIMESTAMP", datehour = "DATEHOUR"
}

/// The suffix written after an integer literal (`22l`, `122h`, `97c`, `1b`).
public enum IntegerSuffix: Sendable, Equatable {
  case none, long, short, char, bool
}

/// One lexical token.
public enum TokenKind: Sendable, Equatable {
  /// A name, keyword or word operator (`x`, `def`, `and`, `append!`).
  case identifier(String)
  /// An integer literal and its type suffix.
  case integer(Int64, IntegerSuffix)
  /// A floating literal; `isFloat` for the `f` suffix.
  case real(Double, isFloat: Bool)
  /// A quoted string; `singleQuoted` matters because `'a'` is a CHAR.
  case string(String, singleQuoted: Bool)
  /// A backtick word or a run of them (`` `a`b`c ``).
  case symbols([String])
  /// A temporal literal with its raw value in the type's unit.
  case temporal(TemporalKind, Int64)
  /// A duration such as `1s` or `3M`: count and unit.
  case duration(Int64, String)
  /// A typed null such as `00i`: the suffix letter.
  case typedNull(Character)
  /// Punctuation or a symbolic operator.
  case punct(String)
  /// End of a line outside round and square brackets.
  case newline
  /// End of input.
  case eof
}

/// A token with where it stands.
public struct Token: Sendable {
  public let kind: TokenKind
  /// Byte offsets in the source file.
  public let start: Int
  public let end: Int
  /// Whether white space (or a comment) comes directly before the token.
  public let spaceBefore: Bool

  public init(kind: TokenKind, start: Int, end: Int, spaceBefore: Bool) {
    self.kind = kind
    self.start = start
    self.end = end
    self.spaceBefore = spaceBefore
  }

  /// The identifier text, if this is an identifier.
  public var identifier: String? {
    if case .identifier(let s) = kind { return s }
    return nil
  }

  /// Whether this is the punctuation `p`.
  public func isPunct(_ p: String) -> Bool {
    if case .punct(let s) = kind { return s == p }
    return false
  }

  /// Whether this token is a literal that can take part in a juxtaposed vector (`1 2 3`).
  public var isLiteral: Bool {
    switch kind {
    case .integer, .real, .string, .symbols, .temporal, .duration, .typedNull: return true
    case .identifier(let s): return s == "NULL" || s == "null" || s == "true" || s == "false"
    default: return false
    }
  }
}
