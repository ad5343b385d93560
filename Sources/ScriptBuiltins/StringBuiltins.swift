import ScriptRuntime

/// String functions; each works on a string scalar or element-wise on a string vector.
package enum StringBuiltins {
  /// Applies `f` to each string of argument 0; the result keeps SYMBOL-ness when `f` gives text.
  package static func strings(_ v: Value, _ name: String, _ f: (String) throws(ScriptError) -> Value)
    throws(ScriptError)
    -> Value
  {
    // An empty vector gives an empty vector of what `f` gives (BOOL for `like`, INT for
    // `strlen`), not of the input's type: `where name like "x%"` on an empty table is fine.
    if case .vector(let vec) = v, vec.count == 0, vec.type.isText, let sample = try? f(""), sample.isScalar {
      return .vector(Vector.empty(sample.type.isText ? vec.type : sample.type))
    }
    if case .vector(let vec) = v, vec.type.isText, let r = try textColumn(vec, f) { return r }
    return try mapElements(v) { x throws(ScriptError) in
      guard case .string(let s, _) = x else {
        if case .void = x { return try f("") }
        throw ScriptError(RuntimeMessages.needsString(name, got: x.typeString))
      }
      return try f(s)
    }
  }

  /// `s` with every occurrence of `pattern` (left to right, not overlapping) replaced, matched
  /// on UTF-8 bytes as DolphinDB matches.
  static func replacingBytes(_ s: String, _ pattern: String, _ replacement: String) -> String {
    var text = s
    let p = Array(pattern.utf8)
    return text.withUTF8 { t -> String in
      guard var found = LikePattern.find(p, in: t, from: 0) else { return s }
      var out: [UInt8] = []
      out.reserveCapacity(t.count + replacement.utf8.count)
      var at = 0
      while true {
        out.append(contentsOf: t[at..<found])
        out.append(contentsOf: replacement.utf8)
        at = found + p.count
        guard let next = LikePattern.find(p, in: t, from: at) else { break }
        found = next
      }
      out.append(contentsOf: t[at...])
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// `f` over a STRING or SYMBOL column without boxing each element: a SYMBOL column's each
  /// distinct symbol in use once, its rows then taking their symbol's result. Nil (the general
  /// way) when a result is not a scalar.
  static func textColumn(_ vec: Vector, _ f: (String) throws(ScriptError) -> Value) throws(ScriptError) -> Value? {
    switch vec.storage {
    case .str(let a):
      var out: [Value] = []
      out.reserveCapacity(a.count)
      for s in a {
        let r = try f(s)
        guard r.isScalar else { return nil }
        out.append(r)
      }
      return collectTyped(out, empty: vec.type)
    case .sym(let column):
      let symbols = column.dictionary.symbols
      var slot = [Int](repeating: -1, count: symbols.count)
      var results: [Value] = []
      let codes = column.codes
      var rows = [Int](repeating: 0, count: codes.count)
      for (i, code) in codes.enumerated() {
        let c = Int(code)
        if slot[c] < 0 {
          let r = try f(symbols[c])
          guard r.isScalar else { return nil }
          slot[c] = results.count
          results.append(r)
        }
        rows[i] = slot[c]
      }
      guard case .vector(let distinct) = collectTyped(results, empty: vec.type) else { return nil }
      return .vector(distinct.gather(rows))
    default:
      return nil
    }
  }

  static func text(_ name: String, _ f: @escaping @Sendable (String) -> String) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      try strings(a[0], name) { s throws(ScriptError) in .string(f(s), .string) }
    }
  }

  static func pad(_ a: CallArguments, left: Bool) throws(ScriptError) -> Value {
    let name = left ? "lpad" : "rpad"
    let length = try a.integer(1, "the length of '\(name)'")
    try a.machine.checkAllocation(length, elementBytes: 1, "the length of '\(name)'")
    let pattern = a.count > 2 ? try a.text(2, "the pattern of '\(name)'") : " "
    guard !pattern.isEmpty else { throw ScriptError(RuntimeMessages.emptyPattern(name)) }
    return try strings(a[0], name) { s throws(ScriptError) in
      let chars = Array(s)
      if chars.count >= length { return .string(String(chars.prefix(max(0, length))), .string) }
      let fill = Array(pattern)
      let padding = String((0..<(length - chars.count)).map { fill[$0 % fill.count] })
      return .string(left ? padding + s : s + padding, .string)
    }
  }

  static let all: [Builtin] = [
    Builtin("lpad", args: 2...3, parameterNames: ["str", "length", "pattern"]) { a throws(ScriptError) in
      try pad(a, left: true)
    },
    Builtin("rpad", args: 2...3, parameterNames: ["str", "length", "pattern"]) { a throws(ScriptError) in
      try pad(a, left: false)
    },
    Builtin("strlen", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try strings(a[0], "strlen") { s throws(ScriptError) in .int(Int64(s.count), .int) }
    },
    text("upper") { $0.uppercased() },
    text("lower") { $0.lowercased() },
    text("trim") { s in
      var sub = Substring(s)
      while sub.first?.isWhitespace == true { sub.removeFirst() }
      while sub.last?.isWhitespace == true { sub.removeLast() }
      return String(sub)
    },
    Builtin("substr", args: 2...3, parameterNames: ["X", "offset", "length"]) { a throws(ScriptError) in
      let offset = try a.integer(1, "the offset of 'substr'")
      let length = a.count > 2 ? try a.integer(2, "the length of 'substr'") : Int.max
      return try strings(a[0], "substr") { s throws(ScriptError) in
        // ASCII text (most keys and codes) is cut by bytes; other text by characters.
        var text = s
        if let cut = text.withUTF8({ b -> String? in
          guard !b.contains(where: { $0 >= 128 }) else { return nil }
          let start = min(max(0, offset), b.count)
          let end = length == Int.max ? b.count : min(b.count, start + max(0, length))
          return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }) {
          return .string(cut, .string)
        }
        let chars = Array(s)
        let start = min(max(0, offset), chars.count)
        let end = length == Int.max ? chars.count : min(chars.count, start + max(0, length))
        return .string(String(chars[start..<end]), .string)
      }
    },
    Builtin("left", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let n = try a.integer(1, "the length of 'left'")
      return try strings(a[0], "left") { s throws(ScriptError) in .string(String(s.prefix(max(0, n))), .string) }
    },
    Builtin("right", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let n = try a.integer(1, "the length of 'right'")
      return try strings(a[0], "right") { s throws(ScriptError) in .string(String(s.suffix(max(0, n))), .string) }
    },
    // split(str, [delimiter]): a string's pieces (its characters without a delimiter); on a
    // vector, each element's pieces as one row of a columnar tuple (an array vector).
    Builtin("split", args: 1...2, parameterNames: ["str", "delimiter"]) { a throws(ScriptError) in
      var d: String?
      if a.count > 1 {
        // A CHAR delimiter (`split(s, ',')`) is the one-character string.
        if case .int(let c, .char) = a[1], c > 0, c < 128, let scalar = UnicodeScalar(UInt32(c)) {
          d = String(Character(scalar))
        } else {
          d = try a.text(1, "the delimiter of 'split'")
        }
      }
      func pieces(_ s: String) -> [String] {
        guard let d, !d.isEmpty else { return s.map { String($0) } }
        return s.components(separatedBy: d)
      }
      if case .vector(let v) = a[0], v.type.isText {
        var ends: [Int] = []
        var all: [String] = []
        ends.reserveCapacity(v.count)
        for s in v.strings {
          all += pieces(s)
          guard all.count <= NestedColumn.maxElements else {
            throw ScriptError(RuntimeMessages.arrayVectorTooLarge(limit: NestedColumn.maxElements))
          }
          ends.append(all.count)
        }
        return .vector(Vector(type: .string, storage: .nested(NestedColumn(ends: ends, values: Vector(strings: all)))))
      }
      return .vector(Vector(strings: pieces(try a.text(0, "the first argument of 'split'"))))
    },
    Builtin("concat", args: 1...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      if case .vector(let v) = a[0] {
        // An empty slot (`concat(v,)`) joins with nothing, as no separator does.
        let sep = a.has(1) ? try a.text(1, "the separator of 'concat'") : ""
        return .string(v.strings.joined(separator: sep), .string)
      }
      let x = ValueFormatter.plain(a[0])
      let y = a.has(1) ? ValueFormatter.plain(a[1]) : ""
      return .string(x + y, .string)
    },
    Builtin("strReplace", args: 3...3, parameterNames: ["str", "pattern", "replacement"]) { a throws(ScriptError) in
      let pattern = try a.text(1, "the pattern of 'strReplace'")
      let replacement = try a.text(2, "the replacement of 'strReplace'")
      return try strings(a[0], "strReplace") { s throws(ScriptError) in
        .string(pattern.isEmpty ? s : replacingBytes(s, pattern, replacement), .string)
      }
    },
    Builtin("startsWith", args: 2...2, parameterNames: ["X", "str"]) { a throws(ScriptError) in
      let p = try a.text(1, "the prefix")
      return try strings(a[0], "startsWith") { s throws(ScriptError) in .bool(s.hasPrefix(p)) }
    },
    Builtin("endsWith", args: 2...2, parameterNames: ["X", "str"]) { a throws(ScriptError) in
      let p = try a.text(1, "the suffix")
      return try strings(a[0], "endsWith") { s throws(ScriptError) in .bool(s.hasSuffix(p)) }
    },
    Builtin("like", args: 2...2) { a throws(ScriptError) in
      let p = LikePattern(try a.text(1, "the pattern of 'like'"))
      return try strings(a[0], "like") { s throws(ScriptError) in .bool(p.matches(s)) }
    },
    // like without regard to case (`chn ilike "%z"`).
    Builtin("ilike", args: 2...2, parameterNames: ["X", "pattern"]) { a throws(ScriptError) in
      let p = LikePattern(try a.text(1, "the pattern of 'ilike'").lowercased())
      return try strings(a[0], "ilike") { s throws(ScriptError) in .bool(p.matches(s.lowercased())) }
    },
    Builtin("format", args: 2...2, parameterNames: ["X", "format"]) { a throws(ScriptError) in
      let pattern = try a.text(1, "the pattern of 'format'")
      // A column of dates or times: the pattern read once, the values formatted in one loop.
      if case .vector(let v) = a[0], v.type.isTemporal, !v.isArrayVector {
        return .vector(DateFormatPattern(pattern).format(v))
      }
      let compiled = Formatting.Compiled(pattern)
      return try mapElements(a[0]) { v throws(ScriptError) in .string(try Formatting.format(v, compiled), .string) }
    },
  ]
}

extension String {
  func components(separatedBy d: String) -> [String] {
    var out: [String] = []
    var rest = Substring(self)
    while let r = rest.range(of: d) {
      out.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    out.append(String(rest))
    return out
  }
}

extension Substring {
  func range(of needle: String) -> Range<Substring.Index>? {
    guard !needle.isEmpty else { return nil }
    var i = startIndex
    while i < endIndex {
      if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
      i = index(after: i)
    }
    return nil
  }
}
