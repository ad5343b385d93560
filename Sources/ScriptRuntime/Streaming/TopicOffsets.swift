import Synchronization

/// Where a node keeps the offsets of its subscription topics between runs (a file in its
/// home); without one they last as long as the node.
public protocol TopicOffsetStore: Sendable {
  func load() -> [String: Int]
  func save(_ offsets: [String: Int])
}

/// The last row each subscription topic (`table/action`) processed, kept beyond the
/// subscription: while a subscription made with `persistOffset=true` runs, after
/// `unsubscribeTable(..., removeOffset=false)`, until `removeTopicOffset`. A new
/// subscription of the topic with offset -1 goes on after it.
public final class TopicOffsets: Sendable {
  private let state = Mutex<(offsets: [String: Int], store: (any TopicOffsetStore)?)>(([:], nil))

  init() {}

  /// Keeps the offsets in `store` from now on, starting from those it holds.
  public func keep(in store: any TopicOffsetStore) {
    let loaded = store.load()
    state.withLock { $0 = (loaded, store) }
  }

  public func offset(_ key: String) -> Int? { state.withLock { $0.offsets[key] } }

  /// Sets (nil: forgets) a topic's offset, saving the change when there is a store; with
  /// `when`, only if it still holds (checked under this lock).
  public func set(_ key: String, _ offset: Int?, when: (() -> Bool)? = nil) {
    state.withLock { s in
      guard s.offsets[key] != offset, when?() ?? true else { return }
      s.offsets[key] = offset
      s.store?.save(s.offsets)
    }
  }

  /// `table/action` from a topic as `subscribeTable` returns it (`alias/table/action`).
  public static func key(ofTopic topic: String) -> String {
    let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
    return parts.count >= 3 ? parts.suffix(2).joined(separator: "/") : topic
  }
}
