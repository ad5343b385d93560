/// A node's address and alias, written `host:port:alias` in `localSite`, `controllerSite`
/// and `cluster.nodes`.
public struct Site: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var alias: String

  public init(host: String, port: Int, alias: String) {
    self.host = host
    self.port = port
    self.alias = alias
  }

  /// Parses `host:port:alias`; the error says which part is wrong.
  public static func parse(_ text: String) -> Result<Site, SiteError> {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: " \t")
    }
    guard parts.count == 3 else { return .failure(SiteError("'\(text)' is not host:port:alias")) }
    guard !parts[0].isEmpty else { return .failure(SiteError("'\(text)' has no host")) }
    guard let port = Int(parts[1]), (1...65535).contains(port) else {
      return .failure(SiteError("'\(text)' has no valid port (1 to 65535)"))
    }
    let alias = parts[2]
    guard !alias.isEmpty else { return .failure(SiteError("'\(text)' has no alias")) }
    guard isAlias(alias) else {
      return .failure(SiteError("alias '\(alias)' may hold only letters, digits, '-' and '_'"))
    }
    return .success(Site(host: parts[0], port: port, alias: alias))
  }

  public var description: String { "\(host):\(port):\(alias)" }

  /// An alias (or a compute group's name): letters, digits, '-' and '_'.
  public static func isAlias(_ text: String) -> Bool {
    !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
  }
}

/// Why a site string did not parse.
public struct SiteError: Error, Sendable {
  public let message: String
  init(_ message: String) { self.message = message }
}

extension String {
  func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
