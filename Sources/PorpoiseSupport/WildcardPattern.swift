/// Matching with two wildcards: one for any run of characters (also none), one for exactly one
/// character (SQL's `%` and `_`; cluster.cfg's `%` and `?`).
public enum WildcardPattern {
  public static func matches(_ text: String, _ pattern: String, anyRun: Character, one: Character) -> Bool {
    let p = Array(pattern)
    let s = Array(text)
    // Classic wildcard matching with backtracking to the last run wildcard.
    var i = 0
    var j = 0
    var star = -1
    var mark = 0
    while j < s.count {
      if i < p.count && (p[i] == one || p[i] == s[j]) {
        i += 1
        j += 1
      } else if i < p.count && p[i] == anyRun {
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
    while i < p.count && p[i] == anyRun { i += 1 }
    return i == p.count
  }
}
