import ScriptRuntime

/// The tables `getUserAccess` and `getGroupAccess` return, in DolphinDB's layout: one row per
/// principal; per right a column with its state on `*` (`allow`, `none` or `deny`) and, for
/// rights that name databases or tables, `<RIGHT>_allowed` and `<RIGHT>_denied` listing those
/// objects (comma-separated).
enum AccessReport {
  /// Rights that only ever apply to `*`, so they have no object lists.
  static let globalOnly: Set<AccessRight> = [.scriptExec, .testExec]

  /// `userId groups isAdmin ...`: a user's own rules, or with `finalAccess` its rules merged
  /// with its groups' (any Deny wins). Administrators hold every right.
  static func users(_ users: [String], in d: UserDirectory, finalAccess: Bool) throws(ScriptError) -> Value {
    let rules = users.map { u in
      finalAccess ? merged(([u] + d.groups(of: u)).map { d.rules[$0] ?? [:] }) : d.rules[u] ?? [:]
    }
    let admins = users.map { d.users[$0]?.isAdmin == true }
    var names = ["userId", "groups", "isAdmin"]
    var columns = [
      Vector(strings: users), Vector(strings: users.map { d.groups(of: $0).joined(separator: ",") }),
      Vector(bools: admins),
    ]
    append(rules, admins: admins, names: &names, columns: &columns)
    return .object(try Table(names: names, columns: columns))
  }

  /// `groupId users ...`: the rules given to each group.
  static func groups(_ groups: [String], in d: UserDirectory) throws(ScriptError) -> Value {
    var names = ["groupId", "users"]
    var columns = [
      Vector(strings: groups), Vector(strings: groups.map { (d.groups[$0] ?? []).joined(separator: ",") }),
    ]
    append(groups.map { d.rules[$0] ?? [:] }, admins: groups.map { _ in false }, names: &names, columns: &columns)
    return .object(try Table(names: names, columns: columns))
  }

  typealias Rules = [AccessRight: [String: Permission]]

  /// Several principals' rules as one: per right and object, a Deny anywhere wins.
  static func merged(_ all: [Rules]) -> Rules {
    var out: Rules = [:]
    for rules in all {
      for (right, byObject) in rules {
        for (object, p) in byObject where out[right]?[object] != .deny { out[right, default: [:]][object] = p }
      }
    }
    return out
  }

  static func append(_ rules: [Rules], admins: [Bool], names: inout [String], columns: inout [Vector]) {
    for right in AccessRight.allCases {
      names.append(right.rawValue)
      columns.append(
        Vector(strings: zip(rules, admins).map { r, admin in admin ? "allow" : r[right]?["*"]?.rawValue ?? "none" }))
      guard !globalOnly.contains(right) else { continue }
      for p in [Permission.allow, .deny] {
        names.append(right.rawValue + (p == .allow ? "_allowed" : "_denied"))
        columns.append(
          Vector(
            strings: zip(rules, admins).map { r, admin in
              admin
                ? "" : (r[right] ?? [:]).filter { $0.key != "*" && $0.value == p }.keys.sorted().joined(separator: ",")
            }))
      }
    }
  }
}
