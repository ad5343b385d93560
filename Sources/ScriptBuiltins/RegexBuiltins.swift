import ScriptRuntime

/// DolphinDB's regular expressions over strings (element-wise on vectors): `regexFind`,
/// `regexFindStr`, `regexReplace` and `regexCount`. Positions count characters from 0, as
/// `strlen` and `substr` do; an offset starts the search there.
enum RegexBuiltins {
  /// A pattern compiled once per call; a bad one names the pattern and why.
  static func compile(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Regex<AnyRegexOutput> {
    let pattern = try a.text(i, "the pattern of '\(name)'")
    do { return try Regex(pattern) } catch {
      throw ScriptError(RuntimeMessages.badRegex(pattern, function: name, "\(error)"))
    }
  }

  /// Argument `i` as a search offset (0 when absent), never negative.
  static func offset(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    guard a.count > i, !a[i].isNull else { return 0 }
    return max(0, try a.integer(i, "the offset of '\(name)'"))
  }

  /// The part of `s` from character `offset`, with that offset.
  static func tail(_ s: String, _ offset: Int) -> Substring {
    s[(s.index(s.startIndex, offsetBy: offset, limitedBy: s.endIndex) ?? s.endIndex)...]
  }

  static let all: [Builtin] = [
    // regexFind(str, pattern, [offset]): where the first match starts, -1 when none.
    Builtin("regexFind", args: 2...3, parameterNames: ["str", "pattern", "offset"]) { a throws(ScriptError) in
      let (regex, from) = (try compile(a, 1, "regexFind"), try offset(a, 2, "regexFind"))
      return try StringBuiltins.strings(a[0], "regexFind") { s throws(ScriptError) in
        let rest = tail(s, from)
        guard let m = rest.firstMatch(of: regex) else { return .int(-1, .int) }
        return .int(Int64(s.distance(from: s.startIndex, to: m.range.lowerBound)), .int)
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
        let rest = tail(s, from)
        if onlyFirst { return .string(rest.firstMatch(of: regex).map { String(rest[$0.range]) } ?? "", .string) }
        return .vector(Vector(strings: rest.matches(of: regex).map { String(rest[$0.range]) }))
      }
    },
    // regexReplace(str, pattern, replacement, [offset]): every match replaced.
    Builtin("regexReplace", args: 3...4, parameterNames: ["str", "pattern", "replacement", "offset"]) {
      a throws(ScriptError) in
      let regex = try compile(a, 1, "regexReplace")
      let replacement = try a.text(2, "the replacement of 'regexReplace'")
      let from = try offset(a, 3, "regexReplace")
      return try StringBuiltins.strings(a[0], "regexReplace") { s throws(ScriptError) in
        let rest = tail(s, from)
        return .string(String(s[..<rest.startIndex]) + rest.replacing(regex, with: replacement), .string)
      }
    },
    // regexCount(str, pattern, [offset]): how many matches.
    Builtin("regexCount", args: 2...3, parameterNames: ["str", "pattern", "offset"]) { a throws(ScriptError) in
      let (regex, from) = (try compile(a, 1, "regexCount"), try offset(a, 2, "regexCount"))
      return try StringBuiltins.strings(a[0], "regexCount") { s throws(ScriptError) in
        .int(Int64(tail(s, from).matches(of: regex).count), .int)
      }
    },
  ]
}
