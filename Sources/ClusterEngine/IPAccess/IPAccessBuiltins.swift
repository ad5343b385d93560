import PorpoiseSupport
import ScriptRuntime

/// The IP blacklist and whitelist of the cluster (of the node, standalone) and the per-IP
/// connection limits of a node: who may connect to its port. An administrator's.
enum IPAccessBuiltins {
  /// At most this many addresses in a list, as DolphinDB allows.
  static let maxAddresses = 65_535

  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("addIPBlackList", args: 1...1, parameterNames: ["ips"]) { a throws(ScriptError) in
        try change(c, a, black: true, adding: true)
      },
      Builtin("removeIPBlackList", args: 1...1, parameterNames: ["ips"]) { a throws(ScriptError) in
        try change(c, a, black: true, adding: false)
      },
      Builtin("getIPBlackList", args: 0...0) { a throws(ScriptError) in try list(c, a, black: true) },
      Builtin("addIPWhiteList", args: 1...1, parameterNames: ["ips"]) { a throws(ScriptError) in
        try change(c, a, black: false, adding: true)
      },
      Builtin("removeIPWhiteList", args: 1...1, parameterNames: ["ips"]) { a throws(ScriptError) in
        try change(c, a, black: false, adding: false)
      },
      Builtin("getIPWhiteList", args: 0...0) { a throws(ScriptError) in try list(c, a, black: false) },
      Builtin("setIPConnectionLimit", args: 2...2, parameterNames: ["IP", "limit"]) { a throws(ScriptError) in
        try a.machine.require(.admin("set connection limits"))
        let ip = try addresses(a, "setIPConnectionLimit")
        guard ip.count == 1 else { throw ScriptError(IPAccessMessages.oneAddress()) }
        guard let limit = a[1].intValue, limit == -1 || (1...1_000_000).contains(limit) else {
          throw ScriptError(IPAccessMessages.badLimit(ValueFormatter.plain(a[1])))
        }
        do throws(ClusterError) {
          try c.ipAccess.setLimit(c, ip[0], limit == -1 ? nil : Int(limit))
        } catch {
          throw ScriptError("setIPConnectionLimit: \(error.message)")
        }
        return .void
      },
      Builtin("getIPConnectionLimit", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("see connection limits"))
        let limits = c.ipAccess.limits().sorted { $0.key < $1.key }
        return .object(
          try Table(
            names: ["remoteIP", "limit"],
            columns: [
              Vector(strings: limits.map(\.key)), Vector(type: .int, ints: limits.map { Int64($0.value) }),
            ]))
      },
    ]
  }

  /// Adds to or removes from one list.
  static func change(_ c: ClusterContext, _ a: CallArguments, black: Bool, adding: Bool) throws(ScriptError) -> Value {
    let name = "\(adding ? "add" : "remove")IP\(black ? "Black" : "White")List"
    try a.machine.require(.admin("change the IP \(black ? "blacklist" : "whitelist")"))
    let ips = try addresses(a, name)
    guard ips.count <= maxAddresses else { throw ScriptError(IPAccessMessages.tooMany(name, maxAddresses)) }
    if adding, black {
      let guarded = c.ipAccess.clusterHosts(c)
      if let host = ips.first(where: { guarded.contains($0) }) {
        throw ScriptError(IPAccessMessages.clusterHost(name, host))
      }
    }
    do throws(ClusterError) {
      _ = try c.ipAccess.update(c) { lists throws(ClusterError) in
        var list = black ? lists.blacklist : lists.whitelist
        let other = black ? lists.whitelist : lists.blacklist
        if adding {
          guard other.isEmpty else { throw ClusterError(IPAccessMessages.otherListOn(black: black, other.count)) }
          for ip in ips where !list.contains(ip) { list.append(ip) }
          guard list.count <= maxAddresses else {
            throw ClusterError(IPAccessMessages.full(black: black, maxAddresses))
          }
        } else {
          if let missing = ips.first(where: { !list.contains($0) }) {
            throw ClusterError(IPAccessMessages.notListed(missing, black: black))
          }
          list.removeAll { ips.contains($0) }
        }
        if black { lists.blacklist = list } else { lists.whitelist = list }
      }
    } catch {
      throw ScriptError("\(name): \(error.message)")
    }
    c.log?("\(name) by \(a.machine.access?.userName ?? "guest"): \(ips.joined(separator: " "))")
    return .void
  }

  static func list(_ c: ClusterContext, _ a: CallArguments, black: Bool) throws(ScriptError) -> Value {
    try a.machine.require(.admin("see the IP \(black ? "blacklist" : "whitelist")"))
    do throws(ClusterError) {
      let lists = try c.ipAccess.lists(c)
      return .vector(Vector(strings: black ? lists.blacklist : lists.whitelist))
    } catch {
      throw ScriptError(error.message)
    }
  }

  /// The first argument: IPv4 addresses as STRING or IPADDR, a scalar or a vector.
  static func addresses(_ a: CallArguments, _ name: String) throws(ScriptError) -> [String] {
    let v = try a.vector(0, "the IP addresses")
    var out: [String] = []
    for i in 0..<v.count {
      let text = v[i].stringValue ?? ValueFormatter.plain(v[i])
      guard isIPv4(text) else { throw ScriptError(IPAccessMessages.notAnAddress(name, text)) }
      out.append(text)
    }
    return out
  }

  /// Four decimal numbers from 0 to 255, without leading zeros (so each address has one spelling).
  static func isIPv4(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { p in
        !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber)
          && (p == "0" || p.first != "0") && Int(p).map { $0 <= 255 } == true
      }
  }
}

/// The IP lists' messages.
enum IPAccessMessages {
  static func badLimit(_ got: String) -> String {
    "setIPConnectionLimit: the limit must be a positive number of connections, or -1 for none, not \(got)"
  }
  static func clusterHost(_ function: String, _ host: String) -> String {
    "\(function): \(host) is this node's or a cluster node's host (or the loopback); blacklisting it would cut the cluster or its administrator off"
  }
  static func full(black: Bool, _ limit: Int) -> String {
    "the IP \(black ? "blacklist" : "whitelist") would hold more than \(limit) addresses"
  }
  static func notAnAddress(_ function: String, _ text: String) -> String {
    "\(function): '\(text)' is not an IPv4 address such as 192.168.1.56"
  }
  static func notListed(_ ip: String, black: Bool) -> String {
    "\(ip) is not on the IP \(black ? "blacklist" : "whitelist"); nothing was removed"
  }
  static func oneAddress() -> String { "setIPConnectionLimit: give one IP address" }
  static func otherListOn(black: Bool, _ count: Int) -> String {
    "the IP \(black ? "whitelist" : "blacklist") is on (\(count) address\(count == 1 ? "" : "es")), and only one list is on at a time: remove its addresses first"
  }
  static func tooMany(_ function: String, _ limit: Int) -> String {
    "\(function): at most \(limit) addresses at a time"
  }
}
