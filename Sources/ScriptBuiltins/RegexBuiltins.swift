import ScriptRuntime

/// DolphinDB's regular expressions over strings (element-wise on vectors): `regexFind`,
/// `regexFindStr`, `regexReplace` and `regexCount`. Positions count characters from 0, as
/// `strlen` and `substr` do; an offset starts the search there.
enum RegexBuiltins {
  /// A pattern compiled once per call; a bad one names the pattern and why.
  static func compile(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> RegularExpression {
    let pattern = try a.text(i, "the pattern of '\(name)'")
    do { return try RegularExpression(pattern) } catch {
      throw ScriptError(RuntimeMessages.badRegex(pattern, function: name, error.message))
    }
  }

  /// Argument `i` as a search offset (0 when absent), never negative.
  static func offset(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    guard a.count > i, !a[i].isNull else { return 0 }
    return max(0, try a.integer(i, "the offset of '\(name)'"))
  }

  /// The byte where character `offset` of `s` starts (the end if it has fewer).
  static func byteOffset(_ s: String, _ offset: Int) -> Int {
    guard offset > 0 else { return 0 }
    let i = s.index(s.startIndex, offsetBy: offset, limitedBy: s.endIndex) ?? s.endIndex
    return s.utf8.distance(from: s.utf8.startIndex, to: i)
  }

  /// How many characters of `s` come before byte `offset`.
  static func characterOffset(_ s: String, _ offset: Int) -> Int {
    let utf8 = s.utf8
    // ASCII text (the usual) has one byte a character.
    if utf8.prefix(offset).allSatisfy({ $0 < 0x80 && $0 != 13 }) { return offset }
    return s.distance(from: s.startIndex, to: utf8.index(utf8.startIndex, offsetBy: offset))
  }

  /// The text of a byte range of `s`.
  static func text(_ s: String, _ r: Range<Int>) -> String {
    let utf8 = s.utf8
    return String(
      decoding: utf8[
        utf8.index(utf8.startIndex, offsetBy: r.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: r.upperBound)],
      as: UTF8.self)
  }

  /// A match that could not finish (PCRE2's match limit), named with the function.
  static func matching<T>(_ name: String, _ body: () throws(RegularExpression.Failure) -> T) throws(ScriptError) -> T {
    do { return try body() } catch { throw ScriptError(RuntimeMessages.regexFailed(function: name, error.message)) }
  }

  static let all: [Builtin] = [
    // regexFind(str, pattern, [offset]): where the first match starts, -1 when none.
    Builtin("regexFind", args: 2...3, parameterNames: ["str", "pattern", "offset"]) { a throws(ScriptError) in
      let (regex, from) = (try compile(a, 1, "regexFind"), try offset(a, 2, "regexFind"))
      return try StringBuiltins.strings(a[0], "regexFind") { s throws(ScriptError) in
        let found = try matching("regexFind") { () throws(RegularExpression.Failure) in
          try regex.matches(in: s, from: byteOffset(s, from), all: false)
        }
        guard let m = found.first else { return .int(-1, .int) }
        return .int(Int64(characterOffset(s, m.lowerBound)), .int)
      }
    },
    // regexFindStr(str, pattern, [onlyFirst=true], [offset]): the first match ("" when none),
    // or every match.
    Builtin("regexFindStr", args: 2...4, parameterNames: ["str", "pattern", "onlyFirst", "offset"]) {
      a throws(ScriptError) in
      let regex = try compile(a, 1, "regexFindStr")
      let onlyFirst = a.count > 2 && !a[2].isNull ? a[2].isTruthy : true
      let from = try offset(a, 3, "regexFindStr")
      return try StringBuiltins.strings(a[0], "regexFindStr") { s throws(ScriptError) in
        let found = try matching("regexFindStr") { () throws(RegularExpression.Failure) in
          try regex.matches(in: s, from: byteOffset(s, from), all: !onlyFirst)
        }
        if onlyFirst { return .string(found.first.map { text(s, $0) } ?? "", .string) }
        return .vector(Vector(strings: found.map { text(s, $0) }))
      }
    },
    // regexReplace(str, pattern, replacement, [offset]): every match replaced.
    Builtin("regexReplace", args: 3...4, parameterNames: ["str", "pattern", "replacement", "offset"]) {
      a throws(ScriptError) in
      let regex = try compile(a, 1, "regexReplace")
      let replacement = try a.text(2, "the replacement of 'regexReplace'")
      let from = try offset(a, 3, "regexReplace")
      return try StringBuiltins.strings(a[0], "regexReplace") { s throws(ScriptError) in
        .string(
          try matching("regexReplace") { () throws(RegularExpression.Failure) in
            try regex.replacingAll(in: s, from: byteOffset(s, from), with: replacement)
          }, .string)
      }
    },
    // regexCount(str, pattern, [offset]): how many matches.
    Builtin("regexCount", args: 2...3, parameterNames: ["str", "pattern", "offset"]) { a throws(ScriptError) in
      let (regex, from) = (try compile(a, 1, "regexCount"), try offset(a, 2, "regexCount"))
      return try StringBuiltins.strings(a[0], "regexCount") { s throws(ScriptError) in
        let found = try matching("regexCount") { () throws(RegularExpression.Failure) in
          try regex.matches(in: s, from: byteOffset(s, from), all: true)
        }
        return .int(Int64(found.count), .int)
      }
    },
  ]
}
