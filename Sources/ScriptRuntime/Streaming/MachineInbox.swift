import Synchronization

/// Work other sessions hand to a session: a subscription's messages, run by the subscriber's
/// machine at its next safe point (the start and end of a top-level statement, `sleep`), never
/// on another session's thread, since a machine is not safe to share between threads.
public final class MachineInbox: @unchecked Sendable {
  // @unchecked: the queued work is only touched under `lock`, and run by the owning machine.
  public typealias Work = (Machine) -> Void
  private let queue = Mutex<(work: [Box], closed: Bool)>(([], false))

  struct Box: @unchecked Sendable {
    let work: Work
  }

  public init() {}

  /// Queues work for the owning machine.
  public func post(_ work: @escaping Work) {
    queue.withLock { q in if !q.closed { q.work.append(Box(work: work)) } }
  }

  /// Takes everything queued.
  func take() -> [Work] {
    queue.withLock { q in
      defer { q.work.removeAll() }
      return q.work.map(\.work)
    }
  }

  /// The owning session ended: work posted from now on is dropped.
  func close() {
    queue.withLock { q in
      q.closed = true
      q.work.removeAll()
    }
  }

  public var isClosed: Bool { queue.withLock { $0.closed } }
}

extension Machine {
  /// The most rounds of queued work one safe point runs: a handler that keeps feeding its own
  /// table (a cycle of subscriptions) is stopped here instead of running for ever.
  static let maxInboxRounds = 1000

  /// Runs the work other sessions queued for this one (subscription messages), until none is
  /// left or `maxInboxRounds` have run.
  public func drainInbox() {
    guard !drainingInbox else { return }
    drainingInbox = true
    defer { drainingInbox = false }
    var rounds = 0
    while rounds < Machine.maxInboxRounds {
      let work = inbox.take()
      if work.isEmpty { return }
      for w in work { w(self) }
      rounds += 1
    }
  }
}
