import PorpoiseSupport

/// The node part of `cluster.cfg` keys: an alias, or a pattern with `%` (any run of
/// characters, also none) and `?` (exactly one character).
public struct AliasPattern: Sendable, Equatable {
  public let text: String

  public init(_ text: String) { self.text = text }

  public var hasWildcards: Bool { text.contains("%") || text.contains("?") }

  /// How many characters the pattern fixes: among matching lines, the one fixing more wins.
  public var literalCount: Int { text.filter { $0 != "%" && $0 != "?" }.count }

  public func matches(_ alias: String) -> Bool {
    WildcardPattern.matches(alias, text, anyRun: "%", one: "?")
  }
}
