/// A segment's bytes in the parts they were made in — its header, then each column — never
/// copied into one buffer (a day of bars is tens of megabytes): they are checked, written and
/// sent part by part.
public struct SegmentBytes: Sendable, Equatable {
  public let parts: [[UInt8]]
  public let count: Int

  public init(_ bytes: [UInt8]) {
    parts = [bytes]
    count = bytes.count
  }

  init(parts: [[UInt8]]) {
    self.parts = parts
    count = parts.reduce(0) { $0 + $1.count }
  }

  /// All the bytes in one array (a small segment sent whole, a test).
  public var joined: [UInt8] {
    if parts.count == 1 { return parts[0] }
    var out: [UInt8] = []
    out.reserveCapacity(count)
    for p in parts { out.append(contentsOf: p) }
    return out
  }

  /// The bytes of `range`, copied out of the parts they lie in (a piece sent to a replica).
  public func bytes(_ range: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(range.count)
    var start = 0
    for p in parts {
      let end = start + p.count
      let lo = max(range.lowerBound, start)
      let hi = min(range.upperBound, end)
      if lo < hi { out.append(contentsOf: p[(lo - start)..<(hi - start)]) }
      start = end
      if start >= range.upperBound { break }
    }
    return out
  }

  /// Equal bytes, however they are cut in parts.
  public static func == (a: SegmentBytes, b: SegmentBytes) -> Bool {
    a.count == b.count && (a.parts == b.parts || a.joined == b.joined)
  }
}
