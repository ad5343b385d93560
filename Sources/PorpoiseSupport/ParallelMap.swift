import Dispatch

/// `body(0..<count)` side by side on every core, the results in index order. Each task
/// initializes only its own element, so no lock is needed.
public enum ParallelMap {
  public static func map<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    return [T](unsafeUninitializedCapacity: count) { buffer, filled in
      let base = UncheckedElements(buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: count) { i in (base.pointer + i).initialize(to: body(i)) }
      filled = count
    }
  }
}

/// An array's elements written from the threads of one `concurrentPerform`, each its own.
private struct UncheckedElements<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
