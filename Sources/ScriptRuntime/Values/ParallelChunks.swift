import Dispatch

#if canImport(Glibc)
  import Glibc
#endif

/// Splits a long typed loop into one chunk per core. Short loops run inline: below a few
/// hundred thousand elements the hand-off costs more than it saves.
enum ParallelChunks {
  static let cores = max(1, System.coreCount)
  static let minimumPerChunk = 1 << 18

  /// Runs `body` over disjoint ranges that together cover `0..<count`.
  static func forEach(count: Int, _ body: (Range<Int>) -> Void) {
    let chunks = min(cores, max(1, count / minimumPerChunk))
    if chunks == 1 {
      body(0..<count)
      return
    }
    let size = (count + chunks - 1) / chunks
    withoutActuallyEscaping(body) { body in
      let shared = SendableBox(body)
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        shared.value(c * size..<min(count, (c + 1) * size))
      }
    }
  }

  /// Fills a new array of `count` elements, chunk by chunk, with `fill(range, destination)`.
  static func makeArray<T>(count: Int, _ fill: (Range<Int>, UnsafeMutablePointer<T>) -> Void) -> [T] {
    Array(unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress {
        let pointer = SendableBox(base)
        forEach(count: count) { range in fill(range, pointer.value) }
      }
      initialized = count
    }
  }
}

/// Carries a value the caller knows is used safely across the threads of one parallel loop
/// (each thread touches its own chunk).
struct SendableBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

enum System {
  /// The processors this process may run on.
  static var coreCount: Int {
    #if canImport(Glibc)
      return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
      return 1
    #endif
  }
}
