import ScriptRuntime

/// `isOrderedDict(X)`: whether a dictionary was made ordered (`dict(keys, values, true)`).
enum OrderedDictionaries {
  static let all: [Builtin] = [
    Builtin("isOrderedDict", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard case .dictionary(let d) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeDictionary("the X of 'isOrderedDict'", got: a[0].typeString))
      }
      return .bool(d.isOrdered)
    }
  ]
}
