import ScriptRuntime

/// `spline`, `dividedDifference` and `neville` (X, Y, resampleRule, [closed], [origin],
/// [outputX]): X resampled by the rule (every period from the first X's to the last X's, as
/// `resample` labels them, empty periods included) and Y interpolated at those labels: by the
/// natural cubic spline through (X, Y), or by the one polynomial through all the points,
/// which dividedDifference evaluates in Newton's form and neville by Neville's tableau.
/// `origin` takes start_day or epoch, which place the rules' periods alike.
enum ResampledInterpolation {
  /// The most labels produced.
  static let maxLabels = 10_000_000

  enum Method {
    case spline
    case dividedDifference
    case neville
  }

  /// The resampled labels from the first X's period to the last one's.
  static func grid(_ times: Vector, _ a: CallArguments, _ name: String) throws(ScriptError) -> Vector {
    let (keys, calendar) = try Resampling.periods(times, a, name, ruleAt: 2, closedAt: 3, labelAt: Int.max)
    let known = (0..<keys.count).compactMap { keys[$0].isNull ? nil : keys[$0].intValue }
    guard let first = known.first, let last = known.last else { return keys.gather([]) }
    if let (market, step) = calendar {
      var labels: [Int] = []
      for i in 0..<keys.count
      where !keys[i].isNull && (labels.isEmpty || keys[labels[labels.count - 1]].intValue != keys[i].intValue) {
        labels.append(i)
      }
      return try Resampling.tradingDayGrid(keys.gather(labels), market, step: step)?.0 ?? keys.gather([])
    }
    let text = try a.text(2, "the rule")
    let digits = text.prefix { $0.isNumber }
    let rule = String(text.dropFirst(digits.count))
    if let ns = Resampling.clock[rule] {
      // A clock rule: every bar between the first and the last.
      let count = digits.isEmpty ? 1 : Int64(digits) ?? 1
      let step = ns * count / Temporal.unitNanos(times.type)
      guard step > 0 else { throw ScriptError(RuntimeMessages.resampleRuleInvalid(name, text, times.type.name)) }
      let (span, overflow) = last.subtractingReportingOverflow(first)
      guard !overflow, span / step < Int64(maxLabels) else {
        throw ScriptError(RuntimeMessages.tooMany(name, "resampled labels", maxLabels, maxLabels))
      }
      let labels = stride(from: first, through: last, by: Int(step)).map { $0 }
      return Vector(type: keys.type, ints: labels)
    }
    guard let function = Resampling.calendar[rule] else {
      throw ScriptError(RuntimeMessages.resampleRuleInvalid(name, text, times.type.name))
    }
    // Every day's period, as below, would group from the first day's: a count is not taken here.
    guard digits.isEmpty || Int64(digits) == 1 else {
      throw ScriptError(RuntimeMessages.resampleRuleCountNotTaken(name, text))
    }
    // A calendar rule: the distinct periods of every day between the first and last labels.
    guard keys.type == .date, last - first < Int64(maxLabels) else {
      throw ScriptError(RuntimeMessages.tooMany(name, "resampled labels", maxLabels, maxLabels))
    }
    let days = Vector(type: .date, ints: Array(first...last))
    guard case .vector(let periods) = try a.machine.call(function: function, [.vector(days)]) else {
      throw ScriptError(RuntimeMessages.resampleRuleInvalid(name, text, times.type.name))
    }
    var out: [Int64] = []
    for i in 0..<periods.count {
      guard let p = periods[i].intValue, !periods[i].isNull else { continue }
      if out.last != p { out.append(p) }
    }
    return Vector(type: periods.type, ints: out)
  }

  static func builtin(_ name: String, _ method: Method) -> Builtin {
    Builtin(name, args: 3...6, parameterNames: ["X", "Y", "resampleRule", "closed", "origin", "outputX"]) {
      a throws(ScriptError) in
      guard case .vector(let times) = a[0], times.type.isTemporal, !times.isArrayVector else {
        throw ScriptError(RuntimeMessages.cannotTake(name, "X of type \(a[0].typeString); it needs times"))
      }
      let raw = (0..<times.count).map { times[$0].isNull ? Int64.min : times[$0].intValue ?? Int64.min }
      guard !raw.contains(Int64.min) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
      for i in raw.indices.dropFirst() where !(raw[i - 1] < raw[i]) {
        throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: true))
      }
      let ys = try Polynomials.numbers(a[1], "Y", name)
      guard ys.count == raw.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, raw.count, ys.count))
      }
      guard ys.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
      let least = method == .spline ? 2 : 1
      guard raw.count >= least else { throw ScriptError(RuntimeMessages.fewerPoints(name, least, raw.count)) }
      if method != .spline, raw.count > Interpolation.maxPolynomialPoints {
        throw ScriptError(RuntimeMessages.tooMany(name, "points", raw.count, Interpolation.maxPolynomialPoints))
      }
      if a.has(4) {
        guard let origin = a[4].stringValue, origin == "start_day" || origin == "epoch" else {
          throw ScriptError(
            RuntimeMessages.mustBeOneOf(
              "origin of '\(name)'", ["'start_day'", "'epoch'"], got: ValueFormatter.plain(a[4])))
        }
      }
      let labels = try grid(times, a, name)
      // Neville's tableau costs the square of the points at every label.
      if method == .neville, Double(raw.count) * Double(raw.count) * Double(labels.count) > 1e10 {
        throw ScriptError(
          RuntimeMessages.tooMany(
            name, "resampled labels for \(raw.count) points", labels.count, Int(1e10) / (raw.count * raw.count)))
      }
      // Positions in X's unit, from the first X (keeping the numbers small).
      let origin = raw[0]
      let xs = raw.map { Double($0 &- origin) }
      var ts = [Double](repeating: 0, count: labels.count)
      for i in 0..<labels.count {
        guard let v = labels[i].intValue, let r = Temporal.convert(v, from: labels.type, to: times.type),
          r != Int64.min
        else {
          throw ScriptError(RuntimeMessages.resampleRuleInvalid(name, (try? a.text(2, "")) ?? "", times.type.name))
        }
        ts[i] = Double(r &- origin)
      }
      var out = [Double](repeating: 0, count: ts.count)
      switch method {
      case .spline:
        let c = Interpolation.spline(xs, ys, .derivative(order: 2), .derivative(order: 2))
        for (k, t) in ts.enumerated() {
          let i = Interpolation.segment(xs, t)
          let h = t - xs[i]
          out[k] = ((c[4 * i] * h + c[4 * i + 1]) * h + c[4 * i + 2]) * h + c[4 * i + 3]
        }
      case .dividedDifference:
        let n = xs.count
        var coef = ys
        if n > 1 {
          for j in 1..<n {
            for i in stride(from: n - 1, through: j, by: -1) { coef[i] = (coef[i] - coef[i - 1]) / (xs[i] - xs[i - j]) }
          }
        }
        for (k, t) in ts.enumerated() {
          var p = coef[n - 1]
          for i in stride(from: n - 2, through: 0, by: -1) { p = p * (t - xs[i]) + coef[i] }
          out[k] = p
        }
      case .neville:
        let n = xs.count
        for (k, t) in ts.enumerated() {
          if k % 1024 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
          var p = ys
          if n > 1 {
            for m in 1..<n {
              for i in 0..<(n - m) {
                p[i] = ((t - xs[i + m]) * p[i] + (xs[i] - t) * p[i + 1]) / (xs[i] - xs[i + m])
              }
            }
          }
          out[k] = p[0]
        }
      }
      let values = Value.vector(Vector(doubles: out))
      return a.has(5) && a[5].isTruthy ? .tuple([.vector(labels), values]) : values
    }
  }

  static let all: [Builtin] = [
    builtin("spline", .spline), builtin("dividedDifference", .dividedDifference), builtin("neville", .neville),
  ]
}
