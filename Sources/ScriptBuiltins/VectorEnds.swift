import ScriptRuntime

/// Taking elements off a vector's ends: `pop!`, `removeHead!`, `removeTail!` (in place) and
/// `drop`; `remove!` anywhere; `nullFill!` in place; `enlist` (one value as a one-element vector).
enum VectorEnds {
  /// The vector argument of an in-place edit.
  static func target(_ a: CallArguments, _ name: String) throws(ScriptError) -> Vector {
    guard case .vector(let v) = a[0] else {
      throw ScriptError(RuntimeMessages.mustBeVector("the first argument of '\(name)'", got: a[0].typeString))
    }
    return v
  }

  /// How many elements a count argument takes (at most the vector's).
  static func count(_ a: CallArguments, _ i: Int, _ name: String, of n: Int) throws(ScriptError) -> Int {
    guard a.has(i) else { return min(1, n) }
    let k = try a.integer(i, "the count of '\(name)'")
    guard k >= 0 else { throw ScriptError(RuntimeMessages.needsNonNegativeInteger(name)) }
    return min(k, n)
  }

  /// `remove!`'s positions: whole numbers in [0, n), strictly ascending.
  static func positions(_ a: CallArguments, of n: Int) throws(ScriptError) -> [Int] {
    let v = try a.vector(1, "the index of 'remove!'")
    var out: [Int] = []
    out.reserveCapacity(v.count)
    for i in 0..<v.count {
      guard v.type.isIntegral, let p = v[i].intValue else {
        throw ScriptError(RuntimeMessages.mustBeInteger("the index of 'remove!'", got: v[i].typeString))
      }
      guard p >= 0, p < n else { throw ScriptError(RuntimeMessages.removeIndexOutOfRange(p, n)) }
      if let last = out.last, Int(p) <= last { throw ScriptError(RuntimeMessages.removeIndexNotAscending()) }
      out.append(Int(p))
    }
    return out
  }

  static let all: [Builtin] = [
    // pop!(X): removes the last element and returns it.
    Builtin("pop!", args: 1...1, mutatesFirst: true, returnsResult: true) { a throws(ScriptError) in
      let v = try target(a, "pop!")
      guard v.count > 0 else { return .null(v.type) }
      let last = v[v.count - 1]
      a[0] = .vector(v.slice(0..<(v.count - 1)))
      return last
    },
    Builtin("removeHead!", args: 1...2, parameterNames: ["obj", "n"], mutatesFirst: true) { a throws(ScriptError) in
      let v = try target(a, "removeHead!")
      let k = try count(a, 1, "removeHead!", of: v.count)
      a[0] = .vector(v.slice(k..<v.count))
      return a[0]
    },
    Builtin("removeTail!", args: 1...2, parameterNames: ["obj", "n"], mutatesFirst: true) { a throws(ScriptError) in
      let v = try target(a, "removeTail!")
      let k = try count(a, 1, "removeTail!", of: v.count)
      a[0] = .vector(v.slice(0..<(v.count - k)))
      return a[0]
    },
    // remove!(obj, index): the elements at the given positions (strictly ascending) taken out
    // of a vector, array vector or tuple.
    Builtin("remove!", args: 2...2, parameterNames: ["obj", "index"], mutatesFirst: true, arrayAware: true) {
      a throws(ScriptError) in
      let n = a[0].count
      let gone = try positions(a, of: n)
      var kept: [Int] = []
      kept.reserveCapacity(n - gone.count)
      var next = 0
      for i in 0..<n {
        if next < gone.count, gone[next] == i {
          next += 1
        } else {
          kept.append(i)
        }
      }
      switch a[0] {
      case .vector(let v): a[0] = .vector(v.gather(kept))
      case .tuple(let items): a[0] = .tuple(kept.map { items[$0] })
      default:
        throw ScriptError(
          RuntimeMessages.mustBeVector("the first argument of 'remove!'", got: a[0].typeString))
      }
      return a[0]
    },
    // drop(X, n): without the first n elements (n < 0: the last -n); a table's rows too.
    Builtin("drop", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let n = try a.integer(1, "the count of 'drop'")
      let length = a[0].count
      let k = min(n.magnitude, UInt(length))
      let range = n >= 0 ? Int(k)..<length : 0..<(length - Int(k))
      switch a[0] {
      case .vector(let v): return .vector(v.slice(range))
      case .tuple(let items): return .tuple(Array(items[range]))
      case .object(let t as Table): return .object(t.gather(Array(range)))
      default: throw ScriptError(RuntimeMessages.mustBeVector("the first argument of 'drop'", got: a[0].typeString))
      }
    },
    Builtin("nullFill!", args: 2...2, mutatesFirst: true) { a throws(ScriptError) in
      guard case .vector(var v) = a[0] else { return try a.machine.call(function: "nullFill", [a[0], a[1]]) }
      for i in 0..<v.count where v.isNull(i) { try v.set(i, a[1]) }
      a[0] = .vector(v)
      return a[0]
    },
    // enlist(X): a scalar as a one-element vector, anything else (an array vector too) as a
    // one-element tuple.
    Builtin("enlist", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      if a[0].isScalar, a[0].type != .void { return .vector(try Vector.filled(a[0].type, with: a[0], count: 1)) }
      return .tuple([a[0]])
    },
  ]
}
