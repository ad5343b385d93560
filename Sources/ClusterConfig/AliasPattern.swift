/// The node part of `cluster.cfg` keys: an alias, or a pattern with `%` (any run of
/// characters, also none) and `?` (exactly one character).
public struct AliasPattern: Sendable, Equatable {
  public let text: String

  public init(_ text: String) { self.text = text }

  public var hasWildcards: Bool { text.contains("%") || text.contains("?") }

  /// How many characters the pattern fixes: among matching lines, the one fixing more wins.
  public var literalCount: Int { text.filter { $0 != "%" && $0 != "?" }.count }

  public func matches(_ alias: String) -> Bool {
    let p = Array(text)
    let s = Array(alias)
    // Classic wildcard matching with backtracking to the last `%`.
    var i = 0
    var j = 0
    var star = -1
    var mark = 0
    while j < s.count {
      if i < p.count && (p[i] == "?" || p[i] == s[j]) {
        i += 1
        j += 1
      } else if i < p.count && p[i] == "%" {
        star = i
        mark = j
        i += 1
      } else if star >= 0 {
        i = star + 1
        mark += 1
        j = mark
      } else {
        return false
      }
    }
    while i < p.count && p[i] == "%" { i += 1 }
    return i == p.count
  }
}
