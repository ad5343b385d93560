import ScriptRuntime

/// `dynamicGroupCumsum(cumValue, prevCumValue, membership, prevMembership, groupCount)` and
/// `dynamicGroupCumcount(membership, prevMembership, groupCount)`: running totals per category
/// when an event's category changes as it grows (a small order becoming a large one). Each row
/// moves the event from its previous group to its current one: the current group gains its
/// value (or 1), the previous group loses its previous value (or 1); an unchanged group leaves
/// the totals as they were. The result is a tuple of groupCount vectors, one per group.
enum DynamicGroups {
  /// The tags of a membership argument: INT values, null as nil.
  static func tags(_ v: Value, _ name: String, _ what: String) throws(ScriptError) -> [Int64?] {
    let vec = try column(v, name)
    guard vec.type.isIntegral || vec.type == .void else {
      throw ScriptError(RuntimeMessages.mustBeInteger("\(what) of '\(name)'", got: v.typeString))
    }
    return (0..<vec.count).map { vec[$0].intValue }
  }

  /// groupCount, an integer from 2 to 8.
  static func groupCount(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    let k = try a.integer(i, "the groupCount of '\(name)'")
    guard (2...8).contains(k) else { throw ScriptError(RuntimeMessages.groupCountRange(name, k)) }
    return k
  }

  /// Runs the moves: `gain(i)` and `loss(i)` are what row i adds to its group and takes from its
  /// previous one; totals[g] after row i is element i of group g's vector.
  static func run<T: AdditiveArithmetic>(
    _ name: String, _ now: [Int64?], _ before: [Int64?], _ k: Int, gain: (Int) -> T, loss: (Int) -> T,
    add: (T, T) throws(ScriptError) -> T = { $0 + $1 }, subtract: (T, T) throws(ScriptError) -> T = { $0 - $1 }
  ) throws(ScriptError) -> [[T]] {
    guard now.count == before.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, now.count, before.count))
    }
    var totals = [T](repeating: .zero, count: k)
    var out = [[T]](repeating: [], count: k)
    for g in 0..<k { out[g].reserveCapacity(now.count) }
    for i in 0..<now.count {
      let current = now[i]
      if let c = current, c < 0 || c >= Int64(k) { throw ScriptError(RuntimeMessages.groupTagRange(name, c, k)) }
      if let p = before[i], p < 0 || p >= Int64(k) { throw ScriptError(RuntimeMessages.groupTagRange(name, p, k)) }
      if current != before[i] {
        if let c = current { totals[Int(c)] = try add(totals[Int(c)], gain(i)) }
        if let p = before[i] { totals[Int(p)] = try subtract(totals[Int(p)], loss(i)) }
      }
      for g in 0..<k { out[g].append(totals[g]) }
    }
    return out
  }

  /// A LONG total, refused when it overflows (or lands on the null sentinel).
  static func checked(_ r: (partialValue: Int64, overflow: Bool), _ name: String) throws(ScriptError) -> Int64 {
    guard !r.overflow, r.partialValue != Value.nullInt else { throw ScriptError(RuntimeMessages.integerOverflow(name)) }
    return r.partialValue
  }

  static let all: [Builtin] = [
    Builtin(
      "dynamicGroupCumsum", args: 5...5,
      parameterNames: ["cumValue", "prevCumValue", "membership", "prevMembership", "groupCount"]
    ) { a throws(ScriptError) in
      let name = "dynamicGroupCumsum"
      let value = try column(a[0], name)
      let previous = try column(a[1], name)
      guard value.type.isNumeric || value.type == .void, previous.type.isNumeric || previous.type == .void else {
        throw ScriptError(RuntimeMessages.cannotTake(name, value.type.isNumeric ? a[1].typeString : a[0].typeString))
      }
      let now = try tags(a[2], name, "the membership")
      let before = try tags(a[3], name, "the prevMembership")
      let k = try groupCount(a, 4, name)
      for c in [value.count, previous.count] where c != now.count {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, now.count, c))
      }
      // A null value moves nothing.
      if value.type.isIntegral && (previous.type.isIntegral || previous.type == .void) {
        let v = value.int64s
        let p = previous.int64s
        let sums = try run(
          name, now, before, k, gain: { v[$0] == Value.nullInt ? 0 : v[$0] },
          loss: { p[$0] == Value.nullInt ? 0 : p[$0] },
          add: { x, y throws(ScriptError) in try checked(x.addingReportingOverflow(y), name) },
          subtract: { x, y throws(ScriptError) in try checked(x.subtractingReportingOverflow(y), name) })
        return .tuple(sums.map { .vector(Vector(type: .long, ints: $0)) })
      }
      let v = value.doubles
      let p = previous.doubles
      let sums = try run(
        name, now, before, k, gain: { v[$0].isNaN ? 0 : v[$0] }, loss: { p[$0].isNaN ? 0 : p[$0] })
      return .tuple(sums.map { .vector(Vector(doubles: $0)) })
    },
    Builtin(
      "dynamicGroupCumcount", args: 3...3, parameterNames: ["membership", "prevMembership", "groupCount"]
    ) { a throws(ScriptError) in
      let name = "dynamicGroupCumcount"
      let now = try tags(a[0], name, "the membership")
      let before = try tags(a[1], name, "the prevMembership")
      let k = try groupCount(a, 2, name)
      let counts = try run(name, now, before, k, gain: { _ in Int64(1) }, loss: { _ in Int64(1) })
      return .tuple(counts.map { .vector(Vector(type: .int, ints: $0)) })
    },
  ]
}
