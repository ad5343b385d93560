/// The catalogue of syntax messages, kept in one place and in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
public enum DiagnosticMessages {
  static func assembleRuleUnsupported(_ suffix: String) -> String {
    "the assemble rule of ':\(suffix)' (\(suffix.last == "U" ? "Tuple" : "kdb+")) is not supported; ':\(suffix.prefix(1))' and ':\(suffix.prefix(1))C' are"
  }
  static func cgroupTakesOneKey() -> String { "'cgroup by' takes one key" }
  static func constantModified(_ name: String) -> String {
    "cannot modify '\(name)': it is a constant or a parameter not declared 'mutable'"
  }
  static func defaultNotConstant(_ name: String) -> String {
    "default value of parameter '\(name)' must be a constant"
  }
  static func expected(_ what: String, found: String) -> String { "expected \(what), found \(found)" }
  static func attributeAfterMethod(_ name: String) -> String {
    "the attribute '\(name)' comes after a method: a class declares its attributes first"
  }
  static func expectedToClose(_ closer: String, _ opener: String, at loc: SourceLocation) -> String {
    "expected '\(closer)' to close '\(opener)' at \(loc)"
  }
  static func invalidAssignmentTarget() -> String { "cannot assign to this expression" }
  static func invalidLiteral(_ kind: String, _ text: String) -> String { "invalid \(kind) literal '\(text)'" }
  static func mixedVectorLiteral(_ a: String, _ b: String) -> String {
    "cannot mix \(a) and \(b) in a vector literal"
  }
  static func moduleNotFirst() -> String { "'module' must be the first statement of a module file" }
  static func namedArgumentOrder() -> String { "a positional argument cannot follow a named argument" }
  static func outsideLoop(_ word: String) -> String { "'\(word)' outside a loop" }
  static func pivotNeedsTwoKeys() -> String { "'pivot by' needs a row key and a column key" }
  static func requiredAfterDefault(_ name: String) -> String {
    "parameter '\(name)' without a default value follows one with a default"
  }
  static func unexpectedCharacter(_ c: String) -> String { "unexpected character '\(c)'" }
  static func unexpectedEnd(_ what: String) -> String { "unexpected end of input; expected \(what)" }
  static func unterminatedComment() -> String { "unterminated '/*' comment" }
  static func unterminatedString() -> String { "unterminated string literal" }
  static func useEqualsEquals() -> String { "use '==' rather than '=' to compare outside SQL" }
}
