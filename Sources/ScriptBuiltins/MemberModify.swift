import ScriptRuntime

/// `memberModify!(obj, function, indices, parameters)`: an in-place built-in (`append!`) run on
/// members of a tuple, of a dictionary, or of an object (its attributes), changing them where
/// they are. A tuple of indices is a path into nested members (`(2, 0)`: item 0 of item 2); a
/// vector of them names several members, each given its own element of `parameters`.
enum MemberModify {
  /// Runs `change` on the member at `path` inside `container`.
  static func modify(
    _ container: inout Value, _ path: ArraySlice<Value>, _ change: (inout Value) throws(ScriptError) -> Void
  ) throws(ScriptError) {
    guard let key = path.first else {
      try change(&container)
      return
    }
    let rest = path.dropFirst()
    switch container {
    case .tuple(var items):
      guard let k = key.intValue, k >= 0, Int(k) < items.count else {
        throw ScriptError(RuntimeMessages.memberNotFound("memberModify!", ValueFormatter.plain(key)))
      }
      container = .void  // let go of the tuple so its items change without a copy
      try modify(&items[Int(k)], rest, change)
      container = .tuple(items)
    case .dictionary(var d):
      guard var member = d[key] else {
        throw ScriptError(RuntimeMessages.memberNotFound("memberModify!", ValueFormatter.plain(key)))
      }
      container = .void
      try modify(&member, rest, change)
      try d.set(key, member)
      container = .dictionary(d)
    case .object(let o) where o is ClassInstance:
      guard let instance = o as? ClassInstance, case .string(let name, _) = key,
        var member = instance.attribute(name)
      else {
        throw ScriptError(RuntimeMessages.memberNotFound("memberModify!", ValueFormatter.plain(key)))
      }
      try modify(&member, rest, change)
      instance.setAttribute(name, member)
    default:
      throw ScriptError(RuntimeMessages.memberModifyNeedsContainer(container.typeString))
    }
  }

  static let all: [Builtin] = [
    Builtin(
      "memberModify!", args: 4...4, parameterNames: ["obj", "function", "indices", "parameters"], mutatesFirst: true
    ) { a throws(ScriptError) in
      guard case .function(let f) = a[1], case .builtin(let b) = f.kind, b.mutatesFirst else {
        throw ScriptError(RuntimeMessages.memberModifyNeedsInPlace(a[1].typeString))
      }
      let m = a.machine
      let parameters = a[3]
      switch a[2] {
      case .tuple(let path):
        try modify(&a.values[0], path[...]) { v throws(ScriptError) in try m.callInPlace(b, on: &v, [parameters]) }
      case .vector(let keys) where !keys.isArrayVector:
        // One member per key, each with its own element of the parameters (or all the same).
        let each = HigherOrder.elements(parameters)
        guard each == nil || parameters.isScalar || each?.count == keys.count else {
          throw ScriptError(RuntimeMessages.lengthMismatch("memberModify!", keys.count, each?.count ?? 1))
        }
        for k in 0..<keys.count {
          let p = parameters.isScalar ? parameters : each?[k] ?? parameters
          try modify(&a.values[0], [keys[k]][...]) { v throws(ScriptError) in try m.callInPlace(b, on: &v, [p]) }
        }
      default:
        try modify(&a.values[0], [a[2]][...]) { v throws(ScriptError) in try m.callInPlace(b, on: &v, [parameters]) }
      }
      return a[0]
    }
  ]
}
