import CPCRE2

/// A regular expression compiled once by PCRE2 (Perl syntax, UTF-8 subjects), JIT-compiled
/// where the machine allows. Matching works on a string's UTF-8 bytes: ranges are byte offsets.
/// PCRE2's match limit bounds backtracking, so a pathological pattern ends in an error, not a hang.
/// The only place that calls PCRE2.
final class RegularExpression: @unchecked Sendable {
  // The compiled code is read-only once made, so threads may share it (PCRE2 documents this);
  // each match makes its own match data.
  private let code: OpaquePointer

  /// Why a pattern does not compile or a match could not finish, in PCRE2's words.
  struct Failure: Error {
    let message: String
  }

  init(_ pattern: String) throws(Failure) {
    var error: Int32 = 0
    var offset: Int = 0
    let compiled = pattern.utf8CString.withUnsafeBufferPointer { p in
      p.withMemoryRebound(to: UInt8.self) { bytes in
        pcre2_compile_8(
          bytes.baseAddress, bytes.count - 1, UInt32(PCRE2_UTF | PCRE2_UCP), &error, &offset, nil)
      }
    }
    guard let compiled else {
      throw Failure(message: "\(RegularExpression.message(error)) at offset \(offset)")
    }
    code = compiled
    // Without JIT support (or memory for it) matching falls back to the interpreter.
    _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
  }

  deinit { pcre2_code_free_8(code) }

  static func message(_ error: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = pcre2_get_error_message_8(error, &buffer, buffer.count)
    return n > 0 ? String(decoding: buffer[..<Int(n)], as: UTF8.self) : "error \(error)"
  }

  /// The byte ranges of the matches in `text` from byte `start`: the first only, or every one
  /// (after an empty match the next starts a character later, as Perl's do). The text from
  /// `start` is searched as a string of its own: `^` matches there, and nothing looks behind it.
  func matches(in text: String, from start: Int, all: Bool) throws(Failure) -> [Range<Int>] {
    var text = text
    return try text.withUTF8 { bytes in
      let from = min(max(start, 0), bytes.count)
      return matches(in: UnsafeBufferPointer(rebasing: bytes[from...]), all: all).map { found in
        found.map { ($0.lowerBound + from)..<($0.upperBound + from) }
      }
    }.get()
  }

  private func matches(in bytes: UnsafeBufferPointer<UInt8>, all: Bool) -> Result<
    [Range<Int>], Failure
  > {
    guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else {
      return .failure(Failure(message: "no memory for a match"))
    }
    defer { pcre2_match_data_free_8(data) }
    var found: [Range<Int>] = []
    var position = 0
    var options: UInt32 = 0
    while position <= bytes.count {
      // The subject is Swift's, so valid UTF-8: PCRE2 need not check it again.
      let rc = pcre2_match_8(
        code, bytes.baseAddress, bytes.count, position, options | UInt32(PCRE2_NO_UTF_CHECK), data, nil)
      if rc == PCRE2_ERROR_NOMATCH {
        // No non-empty match where the empty one was: go on one character later.
        guard options != 0, position < bytes.count else { break }
        position += 1
        while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
        options = 0
        continue
      }
      guard rc >= 0 else { return .failure(Failure(message: RegularExpression.message(rc))) }
      guard let ovector = pcre2_get_ovector_pointer_8(data) else { break }
      // \K may end a match before its start: take the end then.
      let range = Int(min(ovector[0], ovector[1]))..<Int(ovector[1])
      found.append(range)
      if !all { break }
      position = range.upperBound
      options = range.isEmpty ? UInt32(PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0
    }
    return .success(found)
  }

  /// `text` with every match from byte `start` on replaced by `replacement`, taken literally.
  func replacingAll(in text: String, from start: Int, with replacement: String) throws(Failure) -> String {
    let ranges = try matches(in: text, from: start, all: true)
    if ranges.isEmpty { return text }
    var out: [UInt8] = []
    let bytes = Array(text.utf8)
    out.reserveCapacity(bytes.count + ranges.count * replacement.utf8.count)
    var last = 0
    for r in ranges {
      out += bytes[last..<r.lowerBound]
      out += replacement.utf8
      last = r.upperBound
    }
    out += bytes[last...]
    return String(decoding: out, as: UTF8.self)
  }
}
