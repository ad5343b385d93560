import ScriptRuntime

/// `temporalSeq(start, end, rule)`: the times from start to end (both included when on the
/// grid) every `rule` ("1d", "30m", "1M"...), each step counted as `temporalAdd` counts it.
enum TemporalSequence {
  static let builtin = Builtin("temporalSeq", args: 3...3, parameterNames: ["start", "end", "rule"]) {
    a throws(ScriptError) in
    guard case .int(let start, let type) = a[0], type.isTemporal, start != Int64.min else {
      throw ScriptError(RuntimeMessages.needsTemporal("temporalSeq", got: a[0].typeString))
    }
    let end = try Cast.scalar(a[1], to: type).rawInt ?? Int64.min
    guard end != Int64.min else {
      throw ScriptError(RuntimeMessages.needsTemporal("temporalSeq", got: a[1].typeString))
    }
    let rule: Duration
    if case .duration(let d) = a[2] {
      rule = d
    } else {
      let text = try a.text(2, "the rule of 'temporalSeq'")
      guard let d = Duration.parse(text) else { throw ScriptError(RuntimeMessages.notADuration(text)) }
      rule = d
    }
    guard rule.count > 0 else {
      throw ScriptError(RuntimeMessages.windowMustBePositive("temporalSeq", Int(clamping: rule.count)))
    }
    guard Temporal.add(start, type, rule.count, unit: rule.unit) != nil else {
      throw ScriptError(RuntimeMessages.sequenceStep(rule.description, type.name))
    }
    var out: [Int64] = []
    var k: Int64 = 0
    while true {
      // Each time from the start (not from the last step), so that month ends stay month ends.
      guard let t = Temporal.add(start, type, k * rule.count, unit: rule.unit), t != Int64.min, t <= end else { break }
      out.append(t)
      try a.machine.checkAllocation(out.count, elementBytes: 8, "the times of 'temporalSeq'")
      k += 1
    }
    return .vector(Vector(type: type, ints: out))
  }
}
