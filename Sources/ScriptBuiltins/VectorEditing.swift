import ScriptRuntime

/// `fill!(obj, index, value)` (`obj[index] = value` as a call: an index, indexes, a pair such as
/// `0:5` or `:5`, or a BOOL filter) and `groups(X, [mode='dict'])` (each value's positions: a
/// dictionary, or by ascending value an array vector, a tuple or a table of key and index).
enum VectorEditing {
  static let all: [Builtin] = [
    Builtin("fill!", args: 3...3, parameterNames: ["obj", "index", "value"], mutatesFirst: true) {
      a throws(ScriptError) in
      var target = a[0]
      try Indexing.set(&target, index: a[1], a[2])
      a[0] = target
      return target
    },
    Builtin("groups", args: 1...2, parameterNames: ["X", "mode"]) { a throws(ScriptError) in
      let x = try a.vector(0, "the first argument of 'groups'")
      let mode = a.has(1) ? try a.text(1, "the mode of 'groups'") : "dict"
      var order: [ScalarKey] = []
      var firstValue: [ScalarKey: Value] = [:]
      var positions: [ScalarKey: [Int64]] = [:]
      for i in 0..<x.count {
        let key = ScalarKey(x[i]) ?? .null
        if positions[key] == nil {
          order.append(key)
          firstValue[key] = x[i]
        }
        positions[key, default: []].append(Int64(i))
      }
      if mode == "dict" {
        var d = DictionaryValue(keyType: x.type, valueType: .any)
        for key in order {
          try d.set(firstValue[key] ?? .void, .vector(Vector(type: .long, ints: positions[key] ?? [])))
        }
        return .dictionary(d)
      }
      guard ["vector", "tuple", "table"].contains(mode) else {
        throw ScriptError(RuntimeMessages.groupsModeInvalid(mode))
      }
      // The other modes list the values in ascending order, null first.
      let sorted = order.sorted { Comparison.order(firstValue[$0] ?? .void, firstValue[$1] ?? .void) < 0 }
      let lists = sorted.map { positions[$0] ?? [] }
      if mode == "tuple" { return .tuple(lists.map { .vector(Vector(type: .long, ints: $0)) }) }
      var ends: [Int] = []
      var total = 0
      for list in lists {
        total += list.count
        ends.append(total)
      }
      let index = ArrayVectorBuiltins.nested(
        NestedColumn(ends: ends, values: Vector(type: .long, ints: lists.flatMap { $0 })))
      if mode == "vector" { return index }
      guard case .vector(let column) = index else { return index }
      var keys = Vector.empty(x.type, capacity: sorted.count)
      for key in sorted { try keys.append(firstValue[key] ?? .null(x.type)) }
      return .object(try Table(names: ["key", "index"], columns: [keys, column]))
    },
  ]
}
