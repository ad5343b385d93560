import CZookeeper

/// Receives the C client's callbacks for one handle and forwards them to an `AsyncStream`.
/// Yielding to a continuation is thread-safe and never blocks, so the C completion thread is
/// released at once.
final class EventSink: Sendable {
  let continuation: AsyncStream<ZooKeeperEvent>.Continuation
  let root: String

  init(continuation: AsyncStream<ZooKeeperEvent>.Continuation, root: String) {
    self.continuation = continuation
    self.root = root
  }

  func deliver(type: Int32, state: Int32, path: String) {
    let relative = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    let shown = relative.isEmpty ? "/" : relative
    if type == pp_zk_event_session() {
      continuation.yield(.state(ZooKeeperClient.state(state)))
    } else if type == pp_zk_event_created() {
      continuation.yield(.created(shown))
    } else if type == pp_zk_event_deleted() {
      continuation.yield(.deleted(shown))
    } else if type == pp_zk_event_changed() {
      continuation.yield(.changed(shown))
    } else if type == pp_zk_event_child() {
      continuation.yield(.children(shown))
    }
  }

  func finish() {
    continuation.yield(.state(.closed))
    continuation.finish()
  }
}

/// The one watcher function for every handle and watch: a nonisolated global function, as
/// the C threads require. Path watchers also get session events; those are forwarded only
/// from the global watcher (path empty) so each state change is reported once.
func coordinationWatcher(
  _ zh: OpaquePointer?, _ type: Int32, _ state: Int32, _ path: UnsafePointer<CChar>?,
  _ context: UnsafeMutableRawPointer?
) {
  guard let context else { return }
  let sink = Unmanaged<EventSink>.fromOpaque(context).takeUnretainedValue()
  let p = path.map { String(cString: $0) } ?? ""
  if type == pp_zk_event_session() && !p.isEmpty { return }
  sink.deliver(type: type, state: state, path: p)
}
