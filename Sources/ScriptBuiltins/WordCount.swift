import ScriptRuntime

/// DolphinDB's `wc(X)`: how many words each string of X holds, a word being a run of characters
/// between white space (spaces, tabs, line breaks), as `wc -w` counts them; INT, 0 for an empty
/// or null string.
enum WordCount {
  static func words(_ s: String) -> Int64 {
    var count: Int64 = 0
    var inWord = false
    for b in s.utf8 {
      // ASCII white space: every other byte (UTF-8 included) is part of a word.
      let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
      if !space && !inWord { count += 1 }
      inWord = !space
    }
    return count
  }

  static let builtin = Builtin("wc", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
    switch a[0] {
    case .string(let s, _): return .int(words(s), .int)
    case .vector(let v) where v.type.isText && !v.isArrayVector:
      return .vector(Vector(type: .int, ints: v.strings.map(words)))
    default:
      // A vector of nulls alone (`[NULL, NULL]`) has no type: no words.
      if case .vector(let v) = a[0], v.type == .void {
        return .vector(Vector(type: .int, ints: Array(repeating: 0, count: v.count)))
      }
      throw ScriptError(RuntimeMessages.cannotTake("wc", a[0].typeString))
    }
  }
}
