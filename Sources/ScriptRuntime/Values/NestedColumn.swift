/// The rows of an array vector (`INT[]`, `DOUBLE[]`, ...): one flat vector of elements and where
/// each row ends, as DolphinDB stores them, so a row is a slice and a whole-column kernel runs
/// over `values` without boxing.
public struct NestedColumn: Sendable {
  /// The most elements an operation may make: bounds what a range index or a fill asks for.
  public static let maxElements = 50_000_000

  /// Row `i` is `values[ends[i-1] ..< ends[i]]` (from 0 for the first row).
  public var ends: [Int]
  /// Every row's elements, one after another.
  public var values: Vector

  public init(ends: [Int], values: Vector) {
    self.ends = ends
    self.values = values
  }

  /// No rows, of an element type.
  public static func empty(_ type: DataType) -> NestedColumn {
    NestedColumn(ends: [], values: Vector.empty(type))
  }

  /// Number of rows.
  public var count: Int { ends.count }

  /// Where row `i` lies in `values`.
  public func bounds(_ i: Int) -> Range<Int> {
    (i == 0 ? 0 : ends[i - 1])..<ends[i]
  }

  /// Row `i` as a vector.
  public func row(_ i: Int) -> Vector { values.slice(bounds(i)) }

  /// Each row's length.
  public var lengths: [Int] { (0..<ends.count).map { bounds($0).count } }

  /// Appends a row: a vector's elements, or one scalar (a row of one). An empty row, or VOID,
  /// becomes a row of one null, as DolphinDB's append! stores it (`[]` in, `[null]` out).
  public mutating func appendRow(_ v: Value) throws(ScriptError) {
    let start = values.count
    switch v {
    case .vector(let row):
      try values.append(contentsOf: row)
    case .tuple(let items):
      // `[12 13 14]` is a tuple holding one vector: its elements are the row.
      for item in items {
        if case .vector(let part) = item, !part.isArrayVector {
          try values.append(contentsOf: part)
        } else {
          try values.append(item)
        }
      }
    case .void:
      break
    default:
      try values.append(v)
    }
    if values.count == start { try values.append(.null(values.type)) }
    ends.append(values.count)
  }

  /// The rows at the given positions; one out of range is an empty row.
  public func gather(_ indices: [Int]) -> NestedColumn {
    var out = NestedColumn.empty(values.type)
    var flat: [Int] = []
    for i in indices {
      if i >= 0 && i < count { flat.append(contentsOf: bounds(i)) }
      out.ends.append(flat.count)
    }
    out.values = values.gather(flat)
    return out
  }

  /// The rows of `r`.
  public func slice(_ r: Range<Int>) -> NestedColumn {
    guard !r.isEmpty else { return .empty(values.type) }
    let start = r.lowerBound == 0 ? 0 : ends[r.lowerBound - 1]
    return NestedColumn(ends: ends[r].map { $0 - start }, values: values.slice(start..<ends[r.upperBound - 1]))
  }

  /// Appends all rows of another array vector.
  public mutating func append(contentsOf other: NestedColumn) throws(ScriptError) {
    let base = values.count
    try values.append(contentsOf: other.values)
    ends.append(contentsOf: other.ends.map { $0 + base })
  }

  /// The same shape with new elements (as many as `values`).
  public func reshaped(_ newValues: Vector) -> NestedColumn {
    NestedColumn(ends: ends, values: newValues)
  }

  /// For each element, the row it belongs to.
  public var rowOfElement: [Int] {
    var out: [Int] = []
    out.reserveCapacity(values.count)
    var start = 0
    for (i, end) in ends.enumerated() {
      out.append(contentsOf: repeatElement(i, count: end - start))
      start = end
    }
    return out
  }

  /// The rows of a value taken as an array vector: an array vector, or a tuple of vectors and
  /// scalars of one type (what `[1 2, 3]` makes). Nil for anything else.
  public static func rows(of v: Value) -> NestedColumn? {
    switch v {
    case .vector(let vec):
      if case .nested(let a) = vec.storage { return a }
      return nil
    case .tuple(let items):
      guard !items.isEmpty else { return nil }
      var type: DataType = .void
      for item in items {
        switch item {
        case .vector(let vec):
          guard let t = Structural.commonType(type, vec.type) else { return nil }
          type = t
        case .int, .double, .string:
          guard let t = Structural.commonType(type, item.type) else { return nil }
          type = t
        default: return nil
        }
      }
      guard type != .void, type.canBeArrayElement else { return nil }
      var out = NestedColumn.empty(type)
      for item in items {
        if case .vector(let vec) = item, case .nested(let rows) = vec.storage {
          guard (try? out.append(contentsOf: rows)) != nil else { return nil }
        } else {
          guard (try? out.appendRow(item)) != nil else { return nil }
        }
      }
      return out
    default:
      return nil
    }
  }

}
