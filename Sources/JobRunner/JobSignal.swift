import Foundation

/// Wakes every thread waiting for some job to end (`getJobReturn(id, true)`, the process
/// waiting for its jobs before it exits). A waiter reads the generation before it looks at
/// the jobs, so an end it did not see wakes it at once.
final class JobSignal: @unchecked Sendable {
  // @unchecked: the generation is read and written under the condition's lock.
  private let condition = NSCondition()
  private var count = 0

  var generation: Int {
    condition.lock()
    defer { condition.unlock() }
    return count
  }

  func broadcast() {
    condition.lock()
    count += 1
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until the generation moves past `seen` or `seconds` pass.
  func wait(after seen: Int, seconds: Double) {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date(timeIntervalSinceNow: seconds)
    while count == seen && condition.wait(until: deadline) {}
  }
}
