import PorpoiseSupport
import ScriptRuntime

/// A partition's path as DolphinDB spells it, and the comparison of a path a user wrote with one
/// a table holds.
///
/// Porpoise names a partition by its keys as the console prints them (`2017.08.07/0_50`,
/// `key3`); DolphinDB names its folders without the dots of dates and months (`20170807/0_50`,
/// `201708M`) and its hash and list partitions `Key3`, `List3`. Scripts written for DolphinDB
/// pass its spelling to `dropPartition`, `restore`, `existsPartition` and the like, so every
/// lookup accepts both, and paths are shown in DolphinDB's.
public enum PartitionPath {
  /// `partition` (levels joined by `/`) in DolphinDB's folder spelling.
  public static func dolphinForm(_ partition: some StringProtocol) -> String {
    String(partition).split(separator: "/", omittingEmptySubsequences: false).map { level in
      // A RANGE level is `low_high`; each bound is spelt as a key of its own.
      level.split(separator: "_", omittingEmptySubsequences: false).map { folderKey($0) }.joined(separator: "_")
    }.joined(separator: "/")
  }

  /// The partitions a `partitionPaths` argument names (a path such as `/20170807/0_50` or a key
  /// such as `2017.08.07`, or a vector of them), in DolphinDB's spelling.
  public static func named(by paths: Value) -> Set<String> {
    Set(
      (HigherOrder.elements(paths) ?? [paths]).map { v -> String in
        if case .string(let s, _) = v { return dolphinForm(s.hasPrefix("/") ? String(s.dropFirst()) : s) }
        return dolphinForm(ValueFormatter.plain(v))
      })
  }

  /// Whether two partition paths (either spelling, with or without a leading `/`) name the same
  /// partition.
  public static func same(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
    dolphinForm(trimmed(a)) == dolphinForm(trimmed(b))
  }

  /// Whether a partition path matches a pattern of `%` (any run) and `?` (one character),
  /// written in either spelling, relative (`/20170810/0_50`, `%20170810%`) or from the
  /// database's name (`/compoDB/20170810/0_50`).
  public static func matches(_ partition: String, database: String, _ pattern: String) -> Bool {
    let plain = "/" + trimmed(partition)
    let p = pattern.hasPrefix("/") || pattern.hasPrefix("%") ? pattern : "/" + pattern
    let name = "/" + (database.hasPrefix("dfs://") ? String(database.dropFirst("dfs://".count)) : database)
    let spellings = [plain, "/" + dolphinForm(plain.dropFirst())]
    return [p, dolphinForm(p)].contains { p in
      spellings.contains { s in
        WildcardPattern.matches(s, p, anyRun: "%", one: "?")
          || WildcardPattern.matches(name + s, p, anyRun: "%", one: "?")
      }
    }
  }

  private static func trimmed<S: StringProtocol>(_ s: S) -> Substring {
    Substring(s).drop { $0 == "/" }
  }

  /// One key: `2017.08.07` → `20170807`, `2017.08M` → `201708M`, `key3` → `Key3`, `list3` → `List3`.
  private static func folderKey(_ key: Substring) -> String {
    let u = Array(key.utf8)
    func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { u[$0] >= 48 && u[$0] <= 57 } }
    if u.count == 10, digits(0..<4), u[4] == 46, digits(5..<7), u[7] == 46, digits(8..<10) {
      return String(key.filter { $0 != "." })
    }
    if u.count == 8, digits(0..<4), u[4] == 46, digits(5..<7), u[7] == 77 { return String(key.filter { $0 != "." }) }
    for (lower, upper) in [("key", "Key"), ("list", "List")] where key.count > lower.count && key.hasPrefix(lower) {
      let rest = key.dropFirst(lower.count)
      if rest.allSatisfy(\.isASCII) && rest.allSatisfy(\.isNumber) { return upper + rest }
    }
    return String(key)
  }
}
