/// Edits of `cluster.nodes` made while the cluster runs (`addNode`, `addAgentToController`,
/// `removeNode`): the text changes line by line, so comments and the order of the other rows stay
/// as the operator wrote them, and the result is checked by the same parser as a file on disk.
public enum NodesFileEdit {
  /// One row to add: `host:port:alias,mode[,computeGroup]`.
  public struct Row: Sendable, Equatable {
    public var site: Site
    public var mode: NodeMode
    public var computeGroup: String?

    public init(site: Site, mode: NodeMode, computeGroup: String? = nil) {
      self.site = site
      self.mode = mode
      self.computeGroup = computeGroup
    }
  }

  /// `text` with `rows` appended. A row with a compute group turns a two-column header into
  /// `localSite,mode,computeGroup` (the other rows stay valid: the third column is optional).
  public static func appending(_ rows: [Row], to text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    if lines.isEmpty { lines = ["localSite,mode"] }
    if rows.contains(where: { $0.computeGroup != nil }) {
      let header = lines[0].split(separator: ",").map { String($0).trimmingCharacters(in: " \t\r").lowercased() }
      if header == ["localsite", "mode"] { lines[0] = lines[0].trimmingCharacters(in: " \t\r") + ",computeGroup" }
    }
    for r in rows {
      let group = r.computeGroup.map { ",\($0)" } ?? ""
      lines.append("\(r.site.host):\(r.site.port):\(r.site.alias),\(r.mode.rawValue)\(group)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` without the rows of `aliases` (as `file` parsed them from it).
  public static func removing(_ aliases: Set<String>, from text: String, file: NodesFile) -> String {
    let gone = Set(file.members.filter { aliases.contains($0.alias) }.map(\.line))
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let kept = lines.enumerated().filter { !gone.contains($0.offset + 1) }.map(\.element)
    return kept.joined(separator: "\n") + "\n"
  }

  /// A host as a row may hold it: a name or an IPv4 address (no ':' ',' or spaces that would
  /// break the row).
  public static func isHost(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 253
      && text.unicodeScalars.allSatisfy { $0.isASCII && (isNameScalar($0) || $0 == ".") }
  }

  /// An alias or compute group, as `Site.parse` takes one (and at most 128 characters).
  public static func isName(_ text: String) -> Bool { text.count <= 128 && Site.isAlias(text) }

  static func isNameScalar(_ u: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || u == "-" || u == "_"
  }
}
