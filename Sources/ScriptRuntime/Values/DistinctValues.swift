/// The distinct values of vectors, found in typed loops (no value boxed per element), equal as
/// `ScalarKey`s are: every null alike, integers (and temporal values) by their number whatever
/// their width, doubles by value, text by its characters. `distinct`, `nunique`, `find` and `in`.
public enum DistinctValues {
  /// The values of a vector as hashable keys of one kind, or nil for a storage compared as
  /// boxed values (UUIDs, array vectors).
  private enum Keys {
    case integers([Int64])
    case doubles([UInt64])
    case texts([String])
  }

  private static func keys(_ v: Vector) -> Keys? {
    switch v.storage {
    case .i8(let a): return .integers(a.map { $0 == Int8.min ? Int64.min : Int64($0) })
    case .i16(let a): return .integers(a.map { $0 == Int16.min ? Int64.min : Int64($0) })
    case .i32(let a): return .integers(a.map { $0 == Int32.min ? Int64.min : Int64($0) })
    case .i64(let a): return .integers(a)
    case .f32(let a): return .doubles(a.map { bits(Double($0)) })
    case .f64(let a): return .doubles(a.map(bits))
    case .str(let a): return .texts(a)
    case .sym(let s): return .texts(s.strings)
    case .u128, .nested: return nil
    }
  }

  /// A double's bits with every NaN (null) one pattern and -0 as 0, so equal values hash alike.
  private static func bits(_ d: Double) -> UInt64 {
    d.isNaN ? Double.nan.bitPattern : d == 0 ? 0 : d.bitPattern
  }

  /// Where each distinct value of `v` first appears, in order; nil for a storage compared as
  /// boxed values.
  public static func firstPositions(_ v: Vector) -> [Int]? {
    if case .sym(let s) = v.storage {
      // By code: one symbol has one code unless the dictionary repeats a text.
      let byCode = firstPositions(s.codes)
      let texts = byCode.map { s[$0] }
      if Set(texts).count == texts.count { return byCode }
    }
    switch keys(v) {
    case .integers(let a): return firstPositions(a)
    case .doubles(let a): return firstPositions(a)
    case .texts(let a): return firstPositions(a)
    case nil: return nil
    }
  }

  private static func firstPositions<T: Hashable>(_ a: [T]) -> [Int] {
    var seen = Set<T>()
    var first: [Int] = []
    for (i, x) in a.enumerated() where seen.insert(x).inserted { first.append(i) }
    return first
  }

  /// For each element of `y`, the first position of an equal value in `x` (-1: none); nil when
  /// the two hold values of different kinds (numbers and text, integers and doubles) or a
  /// storage compared as boxed values.
  public static func firstMatches(in x: Vector, of y: Vector) -> [Int]? {
    switch (keys(x), keys(y)) {
    case (.integers(let a), .integers(let b)): return firstMatches(in: a, of: b)
    case (.doubles(let a), .doubles(let b)): return firstMatches(in: a, of: b)
    case (.texts(let a), .texts(let b)): return firstMatches(in: a, of: b)
    default: return nil
    }
  }

  private static func firstMatches<T: Hashable>(in a: [T], of b: [T]) -> [Int] {
    var first: [T: Int] = [:]
    first.reserveCapacity(a.count)
    for (i, x) in a.enumerated() where first[x] == nil { first[x] = i }
    return b.map { first[$0] ?? -1 }
  }
}
