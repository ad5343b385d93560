import Synchronization

/// Failed logins of names that are no user, held in memory with the same rule as a user's
/// record, so "locked" and "incorrect" answer alike whether or not the name exists.
final class UnknownNameAttempts: Sendable {
  private let attempts = Mutex<[String: LoginAttempts]>([:])
  /// Bounded: a flood of made-up names forgets the oldest first.
  static let capacity = 10_000

  /// `key` is place and name; `user` the name, for the message.
  func claim(_ key: String, _ user: String, at t: Int64) throws(AccessFailure) {
    try attempts.withLock { (all: inout [String: LoginAttempts]) throws(AccessFailure) in
      var a = all[key] ?? LoginAttempts()
      try UserService.claim(&a, user, at: t)
      all[key] = a
      if all.count > UnknownNameAttempts.capacity {
        all = all.filter {
          ($0.value.lockedUntil ?? 0) > t || $0.value.failures.contains { t - $0 < UserService.failureWindowMillis }
        }
      }
    }
  }

  func settle(_ key: String, at t: Int64) -> Bool {
    attempts.withLock { all in
      guard var a = all[key] else { return false }
      let locked = UserService.settle(&a, at: t)
      all[key] = a
      return locked
    }
  }
}

/// Slows a network address down after failed logins, whichever names it tries: after three
/// in a row it must wait 1 s, then 2, 4, ... up to a minute before the next is checked. A
/// remote guesser is held back without locking anyone out for the node's own console.
final class SourceBackoff: Sendable {
  struct State {
    var consecutive = 0
    var until: Int64 = 0
  }
  private let states = Mutex<[String: State]>([:])
  static let free = 3
  static let maxMillis: Int64 = 60_000

  func check(_ source: String?, at t: Int64) throws(AccessFailure) {
    guard let source, let s = states.withLock({ $0[source] }), s.until > t else { return }
    let seconds = (s.until - t + 999) / 1000
    throw AccessFailure("too many failed logins from \(source); try again in \(seconds) s")
  }

  func failed(_ source: String?, at t: Int64) {
    guard let source else { return }
    states.withLock { all in
      var s = all[source] ?? State()
      s.consecutive += 1
      if s.consecutive > SourceBackoff.free {
        let shift = min(s.consecutive - SourceBackoff.free - 1, 16)
        s.until = t + min(Int64(1000) << shift, SourceBackoff.maxMillis)
      }
      all[source] = s
      if all.count > 10_000 { all = all.filter { $0.value.until > t } }
    }
  }

  func succeeded(_ source: String?) {
    guard let source else { return }
    states.withLock { $0[source] = nil }
  }
}
