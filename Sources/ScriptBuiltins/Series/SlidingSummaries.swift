import ScriptRuntime

/// What a moving function keeps of a run of consecutive elements, such that the summaries of
/// two neighbouring runs combine into the summary of both (the earlier run first): counts and
/// moments, products, extremes with their positions.
protocol WindowSummary: Sendable {
  /// The summary of no elements; `combine(empty, s)` and `combine(s, empty)` are `s`.
  static var empty: Self { get }
  static func combine(_ earlier: Self, _ later: Self) -> Self
}

/// Which elements each position's window holds: the last `count` up to it, or those from a start
/// given for each (a time window's). Starts never fall back.
enum WindowExtent {
  case count(Int)
  case starts([Int])

  @inline(__always) func start(_ i: Int) -> Int {
    switch self {
    case .count(let w): return i >= w ? i - w + 1 : 0
    case .starts(let s): return s[i]
    }
  }
}

/// The summary of each window as it slides along, in amortised constant time per element
/// however wide the window: the "two stacks" of sliding-window aggregation. Elements enter at
/// the back, whose summary is kept whole; when the oldest must leave and the front is empty, the
/// back is turned into the front as suffix summaries, so each element is combined about three
/// times in all. Unlike running sums with subtraction, nothing is ever taken back out, so a
/// window's result does not depend on the values that left it (no cancellation error).
struct SlidingSummaries<Summary: WindowSummary> {
  /// `front[k]`: the summary of the front's elements from `frontStart + front.count - 1 - k` to
  /// the front's end; `front.last` covers the whole front.
  private var front: [Summary] = []
  private var frontStart = 0
  private var backStart = 0
  private var end = 0
  private var back = Summary.empty

  /// Slides over `count` elements and hands `visit` each position with its window's summary;
  /// `leaf(i)` summarises element `i` alone.
  @inline(__always)
  static func slide(
    count: Int, extent: WindowExtent, machine: Machine,
    leaf: (Int) -> Summary, visit: (Int, Summary) -> Void
  ) throws(ScriptError) {
    var s = SlidingSummaries()
    for i in 0..<count {
      if i % 4_096 == 0, machine.isInterrupted { throw Machine.interrupted() }
      s.back = Summary.combine(s.back, leaf(i))
      s.end = i + 1
      let start = extent.start(i)
      while s.frontStart < start {
        if s.front.isEmpty { s.flip(leaf) }
        s.front.removeLast()
        s.frontStart += 1
      }
      visit(i, Summary.combine(s.front.last ?? .empty, s.back))
    }
  }

  /// Turns the back into the front.
  @inline(__always)
  private mutating func flip(_ leaf: (Int) -> Summary) {
    var summary = Summary.empty
    for j in stride(from: end - 1, through: backStart, by: -1) {
      summary = Summary.combine(leaf(j), summary)
      front.append(summary)
    }
    frontStart = backStart
    backStart = end
    back = .empty
  }
}

/// The non-null values of a window in ascending order, kept as elements come and go: medians,
/// percentiles and ranks of the window in a binary search each.
struct SortedWindow {
  private(set) var values: [Double] = []

  /// The position of the first value not less than `x`.
  @inline(__always) func lowerBound(_ x: Double) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let mid = (low + high) / 2
      if values[mid] < x { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The position after the last value not greater than `x`.
  @inline(__always) func upperBound(_ x: Double) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let mid = (low + high) / 2
      if values[mid] <= x { low = mid + 1 } else { high = mid }
    }
    return low
  }

  mutating func insert(_ x: Double) { values.insert(x, at: upperBound(x)) }

  /// Removes one `x` (which is there).
  mutating func remove(_ x: Double) { values.remove(at: lowerBound(x)) }

  /// Slides over `xs` (NaN the nulls) and hands `visit` each position with its window's sorted
  /// non-null values.
  static func slide(
    _ xs: [Double], extent: WindowExtent, machine: Machine, visit: (Int, SortedWindow) -> Void
  ) throws(ScriptError) {
    var window = SortedWindow()
    var start = 0
    for i in xs.indices {
      if i % 4_096 == 0, machine.isInterrupted { throw Machine.interrupted() }
      if !xs[i].isNaN { window.insert(xs[i]) }
      let newStart = extent.start(i)
      while start < newStart {
        if !xs[start].isNaN { window.remove(xs[start]) }
        start += 1
      }
      visit(i, window)
    }
  }
}
