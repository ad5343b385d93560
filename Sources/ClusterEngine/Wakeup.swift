import Synchronization

/// Wakes a polling loop early: watch events signal it, the loop waits with a deadline.
final class Wakeup: Sendable {
  private let pending = Atomic<Bool>(false)

  func signal() { pending.store(true, ordering: .releasing) }

  /// Returns when signalled or after `milliseconds`, whichever is first.
  func wait(milliseconds: Int) async {
    var waited = 0
    while waited < milliseconds && !Task.isCancelled {
      if pending.exchange(false, ordering: .acquiringAndReleasing) { return }
      try? await Task.sleep(for: .milliseconds(10))
      waited += 10
    }
    pending.store(false, ordering: .relaxed)
  }
}
