/// Row positions in the order of typed key columns, as `order by` and `sortBy!` sort: a stable
/// sort by one key at a time over typed arrays (no value boxed per comparison), or, for a few
/// first rows of many, a heap of the best as they come.
public enum RowOrder {
  /// One key: its column (as `Vector.orderKey` gives it), its direction, and where its nulls go
  /// whatever the direction (nil: they sort lowest).
  public struct Key {
    public let column: Vector
    public let descending: Bool
    public let nullsFirst: Bool?
    public init(_ column: Vector, descending: Bool, nullsFirst: Bool? = nil) {
      self.column = column
      self.descending = descending
      self.nullsFirst = nullsFirst
    }
  }

  /// Positions 0..<count sorted by the keys, the first the most significant (stable: rows equal
  /// on every key keep their order); with `first`, only the first that many of them.
  public static func positions(_ keys: [Key], count: Int, first: Int? = nil) -> [Int] {
    // A few rows of many (`top 10`): keep the best as they come instead of sorting them all.
    if let first, first <= count / 8 {
      return firstPositions(keys.map(positionOrder), count: count, first: first)
    }
    // A stable sort by each key, the last first: rows equal on every key keep their order.
    var order = Array(0..<count)
    for key in keys.reversed() {
      let k = key.column
      let nulls: [Bool]? = key.nullsFirst == nil ? nil : (0..<count).map { k.isNull($0) }
      if let ints = sortableIntegers(k) {
        stableSort(&order, ints, descending: key.descending, nulls: nulls, nullsFirst: key.nullsFirst ?? true)
      } else if let doubles = sortableDoubles(k) {
        stableSort(&order, doubles, descending: key.descending, nulls: nulls, nullsFirst: key.nullsFirst ?? true)
      } else {
        order.sort { a, b in
          if let nulls, nulls[a] != nulls[b] { return nulls[a] == key.nullsFirst }
          let c = Comparison.order(k[a], k[b])
          return key.descending ? c > 0 : c < 0
        }
      }
    }
    if let first, first < count { order.removeLast(count - first) }
    return order
  }

  /// How one key orders two positions: negative, zero or positive, as `positions` has them.
  static func positionOrder(_ key: Key) -> (Int, Int) -> Int {
    let k = key.column
    let nulls: [Bool]? = key.nullsFirst == nil ? nil : (0..<k.count).map { k.isNull($0) }
    let nullsFirst = key.nullsFirst ?? true
    let sign = key.descending ? -1 : 1
    let order: (Int, Int) -> Int
    if let ints = sortableIntegers(k) {
      order = { a, b in ints[a] < ints[b] ? -1 : ints[a] == ints[b] ? 0 : 1 }
    } else if let doubles = sortableDoubles(k) {
      order = { a, b in doubles[a] < doubles[b] ? -1 : doubles[a] == doubles[b] ? 0 : 1 }
    } else {
      order = { a, b in Comparison.order(k[a], k[b]) }
    }
    guard let nulls else { return { a, b in sign * order(a, b) } }
    return { a, b in nulls[a] != nulls[b] ? (nulls[a] == nullsFirst ? -1 : 1) : sign * order(a, b) }
  }

  /// The first `first` positions of 0..<count in the order the keys give (ties in position order),
  /// kept in a heap as they come: O(count log first) instead of a sort of every position.
  static func firstPositions(_ orders: [(Int, Int) -> Int], count: Int, first: Int) -> [Int] {
    guard first > 0 else { return [] }
    func before(_ a: Int, _ b: Int) -> Bool {
      for order in orders {
        let c = order(a, b)
        if c != 0 { return c < 0 }
      }
      return a < b
    }
    // A max-heap: the last of the kept positions at the root, the one a better row replaces.
    var heap: [Int] = []
    heap.reserveCapacity(first)
    for i in 0..<count {
      if heap.count < first {
        heap.append(i)
        var child = heap.count - 1
        while child > 0 {
          let parent = (child - 1) / 2
          guard before(heap[parent], heap[child]) else { break }
          heap.swapAt(parent, child)
          child = parent
        }
      } else if before(i, heap[0]) {
        heap[0] = i
        var parent = 0
        while true {
          var largest = parent
          let left = 2 * parent + 1
          if left < first && before(heap[largest], heap[left]) { largest = left }
          if left + 1 < first && before(heap[largest], heap[left + 1]) { largest = left + 1 }
          if largest == parent { break }
          heap.swapAt(parent, largest)
          parent = largest
        }
      }
    }
    return heap.sorted(by: before)
  }

  /// A key column as integers that order as `Comparison.order` orders its values: integral and
  /// temporal columns as they are (null the least), text by the rank of its strings.
  static func sortableIntegers(_ v: Vector) -> [Int64]? {
    switch v.storage {
    case .i8(let a): return a.map { $0 == Int8.min ? Int64.min : Int64($0) }
    case .i16(let a): return a.map { $0 == Int16.min ? Int64.min : Int64($0) }
    case .i32(let a): return a.map { $0 == Int32.min ? Int64.min : Int64($0) }
    case .i64(let a): return a
    case .str, .sym: return Grouping.rankCodes(v).0.map { Int64($0) }
    default: return nil
    }
  }

  /// A floating key column with nulls (NaN) as negative infinity, as `Comparison.order` has them.
  static func sortableDoubles(_ v: Vector) -> [Double]? {
    switch v.storage {
    case .f64(let a): return a.map { $0.isNaN ? -Double.infinity : $0 }
    case .f32(let a): return a.map { $0.isNaN ? -Double.infinity : Double($0) }
    default: return nil
    }
  }

  /// Sorts positions stably by `keys` (a typed loop: no value is boxed per comparison).
  static func stableSort<K: Comparable>(
    _ order: inout [Int], _ keys: [K], descending: Bool, nulls: [Bool]?, nullsFirst: Bool
  ) {
    keys.withUnsafeBufferPointer { k in
      if let nulls {
        nulls.withUnsafeBufferPointer { n in
          order.sort { a, b in
            if n[a] != n[b] { return n[a] == nullsFirst }
            return descending ? k[a] > k[b] : k[a] < k[b]
          }
        }
      } else if descending {
        order.sort { k[$0] > k[$1] }
      } else {
        order.sort { k[$0] < k[$1] }
      }
    }
  }
}
