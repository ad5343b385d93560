import ScriptRuntime

/// `toUTF8(str, encode)`, `fromUTF8(str, encode)` and `convertEncode(str, srcEncode,
/// destEncode)`.
///
/// Porpoise strings hold Unicode text, never raw bytes of another encoding, so a conversion
/// can only be made where it changes no byte: text in ASCII under an ASCII-compatible encoding
/// (gbk, gb2312, gb18030, euc-cn, big5, latin1, ...), or any text between names of UTF-8.
/// Other text is refused with an error naming the encoding. Names are lowercase, as in
/// DolphinDB.
enum TextEncodings {
  static let utf8Names: Set<String> = ["utf-8", "utf8"]
  /// Encodings whose ASCII range is ASCII itself.
  static let asciiCompatible: Set<String> = [
    "gbk", "gb2312", "gb18030", "euc-cn", "cp936", "big5", "big5-hkscs", "euc-jp", "euc-kr", "shift_jis", "sjis",
    "latin1", "iso-8859-1", "iso8859-1", "iso-8859-15", "cp1252", "windows-1252", "ascii", "us-ascii",
  ]

  static func check(_ name: String, _ function: String) throws(ScriptError) {
    guard utf8Names.contains(name) || asciiCompatible.contains(name) else {
      throw ScriptError(RuntimeMessages.unknownEncoding(function, name))
    }
  }

  static func convert(_ a: CallArguments, _ name: String, from: String, to: String) throws(ScriptError) -> Value {
    try check(from, name)
    try check(to, name)
    let unchanged = utf8Names.contains(from) && utf8Names.contains(to) || from == to
    return try mapElements(a[0], emptyType: .string) { v throws(ScriptError) in
      guard case .string(let s, let t) = v else {
        if v.isNull { return .string("", .string) }
        throw ScriptError(RuntimeMessages.mustBeString("the str of '\(name)'", got: v.typeString))
      }
      guard unchanged || s.utf8.allSatisfy({ $0 < 0x80 }) else {
        throw ScriptError(RuntimeMessages.encodingNotHeld(name, utf8Names.contains(from) ? to : from))
      }
      return .string(s, t)
    }
  }

  static let all: [Builtin] = [
    Builtin("toUTF8", args: 2...2, parameterNames: ["str", "encode"]) { a throws(ScriptError) in
      try convert(a, "toUTF8", from: try a.text(1, "the encoding of 'toUTF8'"), to: "utf-8")
    },
    Builtin("fromUTF8", args: 2...2, parameterNames: ["str", "encode"]) { a throws(ScriptError) in
      try convert(a, "fromUTF8", from: "utf-8", to: try a.text(1, "the encoding of 'fromUTF8'"))
    },
    Builtin("convertEncode", args: 3...3, parameterNames: ["str", "srcEncode", "destEncode"]) {
      a throws(ScriptError) in
      try convert(
        a, "convertEncode", from: try a.text(1, "the source encoding of 'convertEncode'"),
        to: try a.text(2, "the target encoding of 'convertEncode'"))
    },
  ]
}
