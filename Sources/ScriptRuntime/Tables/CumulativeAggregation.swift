/// Running aggregates for `cgroup by`: each output row aggregates a prefix of its group's rows
/// in cgroup order, and the next row of the same group extends that prefix, so every row is
/// read once instead of once per prefix.
///
/// Row `k` aggregates `order[starts[k]..<ends[k]]` (row numbers of the table's columns); rows
/// of one group share a start and have growing ends. The values and their types are those the
/// aggregate built-ins give over the same rows.
enum CumulativeAggregation {
  static func values(
    _ f: AggregatePlan.Function, _ inputs: [Vector], order: [Int], starts: [Int], ends: [Int]
  ) -> Vector {
    switch f {
    case .countStar:
      return Vector(type: .int, ints: zip(starts, ends).map { Int64($1 - $0) })
    case .first:
      return inputs[0].gather(starts.map { order[$0] })
    case .last:
      return inputs[0].gather(ends.map { order[$0 - 1] })
    case .count:
      let x = inputs[0]
      var seen: Int64 = 0
      return Vector(
        type: .int,
        ints: running(order, starts, ends, reset: { seen = 0 }) { i in
          if !x.isNull(i) { seen += 1 }
        } value: {
          seen
        })
    case .sum where !inputs[0].type.isFloating:
      let x = inputs[0].int64s
      var (sum, seen): (Int64, Int64) = (0, 0)
      return Vector(
        type: .long,
        ints: running(order, starts, ends, reset: { (sum, seen) = (0, 0) }) { i in
          if x[i] != Int64.min {
            sum &+= x[i]
            seen += 1
          }
        } value: {
          seen == 0 ? Int64.min : sum
        })
    case .sum, .avg:
      let x = inputs[0].doubles
      var (sum, seen) = (0.0, 0)
      return Vector(
        doubles: running(order, starts, ends, reset: { (sum, seen) = (0, 0) }) { i in
          if !x[i].isNaN {
            sum += x[i]
            seen += 1
          }
        } value: {
          seen == 0 ? .nan : f == .avg ? sum / Double(seen) : sum
        })
    case .min, .max:
      let type = inputs[0].type
      if type.isFloating {
        let x = inputs[0].doubles
        var best = Double.nan
        return Vector(
          doubles: running(order, starts, ends, reset: { best = .nan }) { i in
            let v = x[i]
            if !v.isNaN && (best.isNaN || (f == .min ? v < best : v > best)) { best = v }
          } value: {
            best
          })
      }
      let x = inputs[0].int64s
      var best = Int64.min
      return Vector(
        type: type,
        ints: running(order, starts, ends, reset: { best = Int64.min }) { i in
          let v = x[i]
          if v != Int64.min && (best == Int64.min || (f == .min ? v < best : v > best)) { best = v }
        } value: {
          best
        })
    case .std, .var:
      // Welford's running mean and sum of squared deviations.
      let x = inputs[0].doubles
      var (seen, mean, m2) = (0.0, 0.0, 0.0)
      return Vector(
        doubles: running(order, starts, ends, reset: { (seen, mean, m2) = (0, 0, 0) }) { i in
          let v = x[i]
          guard !v.isNaN else { return }
          seen += 1
          let delta = v - mean
          mean += delta / seen
          m2 += delta * (v - mean)
        } value: {
          guard seen > 1 else { return .nan }
          return f == .std ? (m2 / (seen - 1)).squareRoot() : m2 / (seen - 1)
        })
    case .wavg:
      let (x, w) = (inputs[0].doubles, inputs[1].doubles)
      var (sxw, sw) = (0.0, 0.0)
      return Vector(
        doubles: running(order, starts, ends, reset: { (sxw, sw) = (0, 0) }) { i in
          if !x[i].isNaN && !w[i].isNaN {
            sxw += x[i] * w[i]
            sw += w[i]
          }
        } value: {
          sw == 0 ? .nan : sxw / sw
        })
    }
  }

  /// Feeds each row of `order` to `add` once, in order, calling `reset` where a group starts,
  /// and collects `value()` at the end of each output row's prefix.
  private static func running<T>(
    _ order: [Int], _ starts: [Int], _ ends: [Int], reset: () -> Void, _ add: (Int) -> Void, value: () -> T
  ) -> [T] {
    var out: [T] = []
    out.reserveCapacity(starts.count)
    var done = 0
    for k in starts.indices {
      if k == 0 || starts[k] != starts[k - 1] {
        reset()
        done = starts[k]
      }
      while done < ends[k] {
        add(order[done])
        done += 1
      }
      out.append(value())
    }
    return out
  }
}
