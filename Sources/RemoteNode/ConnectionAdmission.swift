import Synchronization

/// Which clients a node accepts, checked when a connection is accepted (scripts and the web
/// console share the port): the cluster's IP blacklist or whitelist (one at a time) and this
/// node's per-IP connection limits. Hosts of the cluster's own nodes are never refused or
/// limited, so no list can cut the cluster apart; a whitelist always lets the loopback in.
public final class ConnectionAdmission: Sendable {
  /// Why a connection was refused.
  public enum Refusal: Sendable, Equatable, CustomStringConvertible {
    case blacklisted
    case notWhitelisted
    case overLimit(Int)

    public var description: String {
      switch self {
      case .blacklisted: return "it is on the IP blacklist"
      case .notWhitelisted: return "it is not on the IP whitelist"
      case .overLimit(let n): return "it has \(n) connection\(n == 1 ? "" : "s") open, its limit"
      }
    }
  }

  private struct State {
    var blacklist: Set<String> = []
    var whitelist: Set<String> = []
    var limits: [String: Int] = [:]
    var open: [String: Int] = [:]
    var exempt: Set<String> = []
    var refusals: [String: Int] = [:]
  }
  private let state = Mutex(State())

  public init() {}

  /// The cluster's lists, as the node last read them.
  public func setLists(blacklist: [String], whitelist: [String]) {
    state.withLock {
      $0.blacklist = Set(blacklist.map(Self.canonical))
      $0.whitelist = Set(whitelist.map(Self.canonical))
    }
  }

  /// This node's per-IP limits (an IP absent has none).
  public func setLimits(_ limits: [String: Int]) {
    state.withLock { $0.limits = Dictionary(uniqueKeysWithValues: limits.map { (Self.canonical($0.key), $0.value) }) }
  }

  /// The hosts of the cluster's nodes.
  public func setExempt(_ hosts: Set<String>) {
    state.withLock { $0.exempt = Set(hosts.map(Self.canonical)) }
  }

  /// Takes a new connection from `ip`, counting it against its limit; nil when admitted (call
  /// `release` when it closes), or why not (then nothing was counted). The second value is how
  /// many connections from `ip` were refused so far, for logging without flooding the log.
  public func admit(_ ip: String) -> (Refusal, Int)? {
    let ip = Self.canonical(ip)
    return state.withLock { s in
      var refusal: Refusal?
      if !s.exempt.contains(ip) {
        if s.blacklist.contains(ip) {
          refusal = .blacklisted
        } else if !s.whitelist.isEmpty, !s.whitelist.contains(ip), ip != "127.0.0.1", ip != "::1" {
          refusal = .notWhitelisted
        } else if let limit = s.limits[ip], (s.open[ip] ?? 0) >= limit {
          refusal = .overLimit(limit)
        }
      }
      if let refusal {
        s.refusals[ip, default: 0] += 1
        return (refusal, s.refusals[ip] ?? 1)
      }
      s.open[ip, default: 0] += 1
      return nil
    }
  }

  /// A connection `admit` counted has closed.
  public func release(_ ip: String) {
    let ip = Self.canonical(ip)
    state.withLock { s in
      guard let n = s.open[ip] else { return }
      s.open[ip] = n > 1 ? n - 1 : nil
    }
  }

  /// An IPv4 address as the node sees it, without the IPv6 mapping prefix.
  static func canonical(_ ip: String) -> String {
    ip.hasPrefix("::ffff:") ? String(ip.dropFirst(7)) : ip
  }
}
