import ScriptRuntime

/// `volumeBar(X, interval, [label='seq'])`: groups consecutive elements of X by their running
/// sum. From a group's first element the elements are summed until the sum reaches the threshold
/// (>= it when the threshold is not negative, <= it when it is); the next element starts a new
/// group, and whatever is left at the end is the last group. The threshold is `interval`, or
/// for an interval in (0, 1) that share of sum(X) (floored for integral X, as DolphinDB converts
/// it to X's type). Nulls add nothing but stay in their group. Each element is labelled with its
/// group's number from 0 ('seq', INT), the running sum before the group ('left') or through its
/// last element ('right'): LONG for integral X, else DOUBLE.
enum VolumeBar {
  enum Label: String, CaseIterable {
    case seq, left, right
  }

  /// The interval: a non-null, non-zero, finite number.
  static func interval(_ v: Value) throws(ScriptError) -> Double {
    switch v {
    case .int(let i, let t) where t.isIntegral && t != .bool && i != Value.nullInt && i != 0: return Double(i)
    case .double(let d, _) where d.isFinite && d != 0: return d
    default:
      let got = v.isNull ? "NULL" : v.isScalar && v.type.isNumeric ? ValueFormatter().format(v) : v.typeString
      throw ScriptError(RuntimeMessages.volumeBarInterval(got))
    }
  }

  static let builtin = Builtin("volumeBar", args: 2...3, parameterNames: ["X", "interval", "label"]) {
    a throws(ScriptError) in
    let name = "volumeBar"
    let x = try TopNSelection.numbers(a, 0, name)
    let step = try interval(a[1])
    let label: Label
    if a.has(2) {
      let text = try a.text(2, "the label of 'volumeBar'")
      guard let l = Label(rawValue: text) else {
        throw ScriptError(
          RuntimeMessages.mustBeOneOf("the label of 'volumeBar'", Label.allCases.map(\.rawValue), got: text))
      }
      label = l
    } else {
      label = .seq
    }
    let n = x.count
    let integral = x.type.isIntegral
    // Running sums over all of X (nulls as 0): exact for integers, which must stay in LONG.
    var ints: [Int64] = []
    var doubles: [Double] = []
    if integral {
      ints.reserveCapacity(n)
      var s: Int64 = 0
      for v in x.int64s {
        if v != Int64.min {
          let (t, overflow) = s.addingReportingOverflow(v)
          guard !overflow else { throw ScriptError(RuntimeMessages.integerOverflow(name)) }
          s = t
        }
        ints.append(s)
      }
    } else {
      doubles.reserveCapacity(n)
      var s = 0.0
      for v in x.doubles {
        if !v.isNaN { s += v }
        doubles.append(s)
      }
    }
    func running(_ i: Int) -> Double { i < 0 ? 0 : integral ? Double(ints[i]) : doubles[i] }
    var threshold = step
    if step > 0 && step < 1 {
      let total = running(n - 1) * step
      threshold = integral ? total.rounded(.down) : (x.type == .float ? Double(Float(total)) : total)
    }
    // Where each group ends (one past its last element). A group starting at `start` has summed
    // running(i) - running(start - 1); the difference of two LONG sums is taken in Int128.
    var ends: [Int] = []
    var start = 0
    for i in 0..<n {
      let sum =
        integral
        ? Double(Int128(ints[i]) - Int128(start == 0 ? 0 : ints[start - 1])) : doubles[i] - running(start - 1)
      if threshold >= 0 ? sum >= threshold : sum <= threshold {
        ends.append(i + 1)
        start = i + 1
      }
    }
    if start < n { ends.append(n) }
    var groupStart = 0
    switch label {
    case .seq:
      var out = [Int64](repeating: 0, count: n)
      for (g, end) in ends.enumerated() {
        for i in groupStart..<end { out[i] = Int64(g) }
        groupStart = end
      }
      return .vector(Vector(type: .int, ints: out))
    case .left, .right:
      if integral {
        var out = [Int64](repeating: 0, count: n)
        for end in ends {
          let v = label == .left ? (groupStart == 0 ? 0 : ints[groupStart - 1]) : ints[end - 1]
          for i in groupStart..<end { out[i] = v }
          groupStart = end
        }
        return .vector(Vector(type: .long, ints: out))
      }
      var out = [Double](repeating: 0, count: n)
      for end in ends {
        let v = label == .left ? running(groupStart - 1) : doubles[end - 1]
        for i in groupStart..<end { out[i] = v }
        groupStart = end
      }
      return Series.doubles(out)
    }
  }
}
