import Foundation
import ScriptRuntime

/// What characters a string holds (`isAlpha isDigit isAlNum isSpace isUpper isLower isTitle
/// isNumeric`: false for an empty string), `initcap` (each word capitalised) and
/// `toCharArray` (a string's bytes as a CHAR vector).
enum CharacterClasses {
  static func every(_ name: String, _ test: @escaping @Sendable (Character) -> Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], name) { s throws(ScriptError) in .bool(!s.isEmpty && s.allSatisfy(test)) }
    }
  }

  static func cased(_ name: String, _ test: @escaping @Sendable (Character) -> Bool) -> Builtin {
    Builtin(name, args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], name) { s throws(ScriptError) in
        .bool(s.contains { $0.isCased } && s.allSatisfy { !$0.isCased || test($0) })
      }
    }
  }

  /// Whether each run of letters starts with a capital and goes on in small letters: a capital
  /// only after a non-letter, a small letter only after a letter ("1And1" is a title).
  static func isTitle(_ s: String) -> Bool {
    var sawLetter = false
    var afterLetter = false
    for c in s {
      if c.isUppercase {
        if afterLetter { return false }
      } else if c.isLowercase {
        if !afterLetter { return false }
      } else {
        afterLetter = false
        continue
      }
      sawLetter = true
      afterLetter = true
    }
    return sawLetter
  }

  /// Words split at anything not a letter or digit, as DolphinDB's initcap splits them.
  static func capitalised(_ s: String) -> String {
    var out = ""
    var startOfWord = true
    for c in s {
      out += startOfWord ? c.uppercased() : c.lowercased()
      startOfWord = !(c.isLetter || c.isNumber)
    }
    return out
  }

  static let all: [Builtin] = [
    every("isAlpha") { $0.isLetter },
    every("isDigit") { $0.isNumber },
    every("isAlNum") { $0.isLetter || $0.isNumber },
    every("isSpace") { $0.isWhitespace },
    // isUpper/isLower: at least one letter, and every letter of that case ("123" is neither).
    cased("isUpper") { $0.isUppercase },
    cased("isLower") { $0.isLowercase },
    Builtin("isTitle", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], "isTitle") { s throws(ScriptError) in .bool(isTitle(s)) }
    },
    // isNumeric(X): whether every character is a digit ("10.05" is not), as isDigit.
    every("isNumeric") { $0.isNumber },
    Builtin("initcap", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], "initcap") { s throws(ScriptError) in .string(capitalised(s), .string) }
    },
    // toCharArray(X): a string's bytes as a CHAR vector; a vector of strings gives a CHAR array
    // vector, one row per string.
    Builtin("toCharArray", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      func bytes(_ s: String) -> [Int64] { s.utf8.map { Int64(Int8(bitPattern: $0)) } }
      if case .vector(let v) = a[0], v.type.isText, !v.isArrayVector {
        var ends: [Int] = []
        var cells: [Int64] = []
        ends.reserveCapacity(v.count)
        for s in v.strings {
          cells += bytes(s)
          ends.append(cells.count)
        }
        let rows = NestedColumn(ends: ends, values: Vector(type: .char, ints: cells))
        return .vector(Vector(type: .char, storage: .nested(rows)))
      }
      guard case .string(let s, let t) = a[0], t.isText else {
        throw ScriptError(RuntimeMessages.needsString("toCharArray", got: a[0].typeString))
      }
      return .vector(Vector(type: .char, ints: bytes(s)))
    },
  ]
}
