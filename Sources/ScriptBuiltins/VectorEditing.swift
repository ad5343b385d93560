import ScriptRuntime

/// `fill!(obj, index, value)` (`obj[index] = value` as a call: an index, indexes, a pair such as
/// `0:5` or `:5`, or a BOOL filter) and `groups(X)` (a dictionary of each value's positions).
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
      // Only the dictionary form: DolphinDB's other modes are not here.
      guard mode == "dict" else { throw ScriptError(RuntimeMessages.groupsModeInvalid(mode)) }
      var d = DictionaryValue(keyType: x.type, valueType: .any)
      for key in order {
        try d.set(firstValue[key] ?? .void, .vector(Vector(type: .long, ints: positions[key] ?? [])))
      }
      return .dictionary(d)
    },
  ]
}
