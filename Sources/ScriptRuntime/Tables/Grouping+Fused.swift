extension Grouping {
  /// The aggregates `aggregateMany` computes together in one pass over a DOUBLE column.
  static let fusable: Set<String> = ["first", "last", "min", "max", "sum", "avg", "count"]

  /// Several of `first last min max sum avg count` of one DOUBLE column for every group, in
  /// one pass over the column instead of one per aggregate (an OHLC bar reads its price once);
  /// nil when the column is not DOUBLE or a name is not one of those. Each result is what
  /// `aggregate` gives for that name.
  func aggregateMany(_ names: [String], _ column: Vector) -> [Vector]? {
    guard case .f64(let a) = column.storage, names.allSatisfy(Grouping.fusable.contains) else { return nil }
    if isSingle {
      let all = names.compactMap { Grouping.aggregateAll($0, column) }
      return all.count == names.count ? all : nil
    }
    let n = count
    var lo = [Double](repeating: .infinity, count: n)
    var hi = [Double](repeating: -.infinity, count: n)
    var sum = [Double](repeating: 0, count: n)
    var seen = [Int64](repeating: 0, count: n)
    var lastRow = [Int](repeating: -1, count: n)
    lo.withUnsafeMutableBufferPointer { lo in
      hi.withUnsafeMutableBufferPointer { hi in
        sum.withUnsafeMutableBufferPointer { sum in
          seen.withUnsafeMutableBufferPointer { seen in
            lastRow.withUnsafeMutableBufferPointer { lastRow in
              a.withUnsafeBufferPointer { x in
                groupOf.withUnsafeBufferPointer { gs in
                  // Rows of a group usually come in runs (data stored in key order): a run
                  // is accumulated in registers and written back when the group changes.
                  var g = -1
                  var (l, h, s, c) = (0.0, 0.0, 0.0, Int64(0))
                  for i in 0..<x.count {
                    let k = Int(gs[i])
                    if k != g {
                      if g >= 0 { (lo[g], hi[g], sum[g], seen[g], lastRow[g]) = (l, h, s, c, i - 1) }
                      g = k
                      (l, h, s, c) = (lo[k], hi[k], sum[k], seen[k])
                    }
                    let v = x[i]
                    // A NaN (null) is neither less nor greater: min and max skip it untested.
                    if v < l { l = v }
                    if v > h { h = v }
                    if !v.isNaN {
                      s += v
                      c += 1
                    }
                  }
                  if g >= 0 { (lo[g], hi[g], sum[g], seen[g], lastRow[g]) = (l, h, s, c, x.count - 1) }
                }
              }
            }
          }
        }
      }
    }
    return names.map { name in
      switch name {
      case "first": return column.gather(firstRow)
      case "last": return column.gather(lastRow)
      case "count": return Vector(type: .int, ints: seen)
      case "min": return Vector(doubles: (0..<n).map { seen[$0] == 0 ? .nan : lo[$0] })
      case "max": return Vector(doubles: (0..<n).map { seen[$0] == 0 ? .nan : hi[$0] })
      case "avg": return Vector(doubles: (0..<n).map { seen[$0] == 0 ? .nan : sum[$0] / Double(seen[$0]) })
      default: return Vector(doubles: (0..<n).map { seen[$0] == 0 ? .nan : sum[$0] })
      }
    }
  }
}
