/// One slot per task of a `DispatchQueue.concurrentPerform`: each task writes only its own
/// slot of a fixed buffer, so no lock is needed, and the caller reads them after the loop.
final class ResultSlots<T>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<T?>

  init(_ count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  subscript(i: Int) -> T? {
    get { slots[i] }
    set { slots[i] = newValue }
  }

  /// The filled slots, in task order.
  var values: [T] { slots.compactMap { $0 } }
}
