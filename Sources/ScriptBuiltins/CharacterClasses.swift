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
    every("isUpper") { !$0.isLetter || $0.isUppercase },
    every("isLower") { !$0.isLetter || $0.isLowercase },
    Builtin("isTitle", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], "isTitle") { s throws(ScriptError) in
        .bool(s.contains { $0.isLetter } && capitalised(s) == s)
      }
    },
    // isNumeric(X): whether the text reads as a number.
    Builtin("isNumeric", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], "isNumeric") { s throws(ScriptError) in
        let t = s.trimmingCharacters(in: .whitespaces)
        return .bool(!t.isEmpty && Double(t) != nil)
      }
    },
    Builtin("initcap", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try StringBuiltins.strings(a[0], "initcap") { s throws(ScriptError) in .string(capitalised(s), .string) }
    },
    Builtin("toCharArray", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard case .string(let s, let t) = a[0], t.isText else {
        throw ScriptError(RuntimeMessages.needsString("toCharArray", got: a[0].typeString))
      }
      return .vector(Vector(type: .char, ints: s.utf8.map { Int64(Int8(bitPattern: $0)) }))
    },
  ]
}
