import ScriptRuntime

/// `bucket(vector, dataRange, bucketNum, [includeOutbound])`, the bucket of each element when
/// `dataRange` (low:high, high excluded) is cut into equal buckets, and `bucketCount`, how many
/// elements each bucket holds. With includeOutbound, bucket 0 is below low and bucketNum + 1 at
/// or above high; without, those elements get null and are not counted.
enum Bucket {
  /// The most buckets taken: bucketCount makes a vector of that length.
  static let maxBuckets = 10_000_000

  static let all: [Builtin] = [
    Builtin("bucket", args: 3...4, parameterNames: ["vector", "dataRange", "bucketNum", "includeOutbound"]) {
      a throws(ScriptError) in
      let (indexes, _) = try buckets(a, "bucket")
      return .vector(Vector(type: .int, ints: indexes.map { $0.map(Int64.init) ?? Value.nullInt }))
    },
    Builtin("bucketCount", args: 3...4, parameterNames: ["vector", "dataRange", "bucketNum", "includeOutbound"]) {
      a throws(ScriptError) in
      let (indexes, total) = try buckets(a, "bucketCount")
      var counts = [Int64](repeating: 0, count: total)
      for case let i? in indexes { counts[i] += 1 }
      return .vector(Vector(type: .int, ints: counts))
    },
  ]

  /// Each element's bucket (nil outside the range without includeOutbound, or null) and how many
  /// buckets there are.
  private static func buckets(_ a: CallArguments, _ function: String) throws(ScriptError) -> ([Int?], Int) {
    let x = try column(a[0], function)
    guard x.type.isNumeric || x.type.isTemporal else {
      throw ScriptError(RuntimeMessages.cannotTake(function, a[0].typeString))
    }
    guard case .pair(let range) = a[1], range.count == 2, range.type.isNumeric || range.type.isTemporal,
      !range.isNull(0), !range.isNull(1)
    else { throw ScriptError(RuntimeMessages.bucketRangeInvalid(function, a[1].typeString)) }
    if x.type.isTemporal || range.type.isTemporal, x.type != range.type {
      throw ScriptError(RuntimeMessages.bucketRangeType(function, x.type.name, range.type.name))
    }
    let n = try a.integer(2, "the number of buckets")
    guard n > 0, n <= maxBuckets else {
      throw ScriptError(RuntimeMessages.bucketCountInvalid(function, n, limit: maxBuckets))
    }
    let outbound = a.count > 3 ? a[3].isTruthy : false
    let total = outbound ? n + 2 : n
    let shift = outbound ? 1 : 0
    let last = n - 1
    func place(below: Bool, above: Bool, inside: () -> Int) -> Int? {
      if below { return outbound ? 0 : nil }
      if above { return outbound ? n + 1 : nil }
      return min(inside(), last) + shift
    }
    // Integers exactly, unless the range spans more than an Int64 holds (then in doubles).
    if range.type.isIntegerBacked && !range.type.isDecimal && x.type.isIntegerBacked && !x.type.isDecimal,
      case let (span, overflow) = range.int64s[1].subtractingReportingOverflow(range.int64s[0]), !overflow
    {
      let (low, high) = (range.int64s[0], range.int64s[1])
      guard span > 0 else { throw ScriptError(RuntimeMessages.bucketRangeInvalid(function, a[1].typeString)) }
      guard span % Int64(n) == 0 else { throw ScriptError(RuntimeMessages.bucketRangeNotMultiple(function, span, n)) }
      let width = span / Int64(n)
      let indexes = x.int64s.map { v -> Int? in
        guard v != Int64.min else { return nil }
        return place(below: v < low, above: v >= high) { Int((v - low) / width) }
      }
      return (indexes, total)
    }
    let (low, high) = (range.doubles[0], range.doubles[1])
    guard high > low else { throw ScriptError(RuntimeMessages.bucketRangeInvalid(function, a[1].typeString)) }
    let width = (high - low) / Double(n)
    let indexes = x.doubles.map { v -> Int? in
      guard !v.isNaN else { return nil }
      return place(below: v < low, above: v >= high) { clampedIndex(((v - low) / width).rounded(.down), n) }
    }
    return (indexes, total)
  }
}
