/// UUID, IPADDR and INT128: 16-byte values, stored as `UInt128` in a column (zero is null) and
/// carried as a scalar by their canonical text (empty for null), which is also how they print:
/// `5d212a78-cc48-e3b1-4235-b4d91473ee87`, `192.168.1.13` or `2001:db8::1`, and 32 hex digits.
public enum Binary128 {
  /// Parses the text of a 16-byte value; "" is null (0), nil when the text is not one.
  public static func parse(_ text: String, as type: DataType) -> UInt128? {
    let t = text.trimmingSpaces
    if t.isEmpty { return 0 }
    switch type {
    case .uuid:
      let digits = Array(t.utf8)
      let dashed = digits.count == 36 && [8, 13, 18, 23].allSatisfy { digits[$0] == UInt8(ascii: "-") }
      guard dashed || digits.count == 32 else { return nil }
      return hex(digits.filter { $0 != UInt8(ascii: "-") })
    case .int128:
      let digits = Array(t.utf8)
      guard digits.count == 32 else { return nil }
      return hex(digits)
    case .ipaddr:
      return t.contains(":") ? ipv6(t) : ipv4(t).map { UInt128($0) }
    default:
      return nil
    }
  }

  /// The canonical text; null (0) is "".
  public static func format(_ v: UInt128, as type: DataType) -> String {
    if v == 0 { return "" }
    switch type {
    case .ipaddr:
      if v >> 32 == 0 {
        let a = UInt32(truncatingIfNeeded: v)
        return [24, 16, 8, 0].map { String((a >> UInt32($0)) & 0xff) }.joined(separator: ".")
      }
      return ipv6Text(v)
    case .uuid:
      let h = hexText(v)
      let s = Array(h)
      return String(s[0..<8]) + "-" + String(s[8..<12]) + "-" + String(s[12..<16]) + "-" + String(s[16..<20]) + "-"
        + String(s[20..<32])
    default:
      return hexText(v)
    }
  }

  /// The canonical text of a scalar's text (so that equal values compare equal as text).
  public static func canonical(_ text: String, as type: DataType) -> String? {
    parse(text, as: type).map { format($0, as: type) }
  }

  /// Orders two values as the type does: null (0) first, then INT128 signed, UUID and IPADDR
  /// unsigned.
  public static func less(_ a: UInt128, _ b: UInt128, _ type: DataType) -> Bool {
    if a == 0 || b == 0 { return a == 0 && b != 0 }
    return type == .int128 ? Int128(bitPattern: a) < Int128(bitPattern: b) : a < b
  }

  private static func hexText(_ v: UInt128) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 32 - s.count) + s
  }

  private static func hex(_ digits: [UInt8]) -> UInt128? {
    guard digits.count == 32 else { return nil }
    var v: UInt128 = 0
    for c in digits {
      let d: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
      default: return nil
      }
      v = v << 4 | UInt128(d)
    }
    return v
  }

  private static func ipv4(_ t: some StringProtocol) -> UInt32? {
    let parts = t.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var v: UInt32 = 0
    for p in parts {
      guard (1...3).contains(p.count), let b = UInt8(p) else { return nil }
      v = v << 8 | UInt32(b)
    }
    return v
  }

  /// IPv6 text: eight groups of up to four hex digits, one `::` for a run of zero groups, and
  /// an IPv4 tail (`::ffff:1.2.3.4`).
  private static func ipv6(_ t: String) -> UInt128? {
    guard t.count <= 45 else { return nil }
    let halves = t.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ s: String) -> [UInt16]? {
      if s.isEmpty { return [] }
      var out: [UInt16] = []
      let parts = s.split(separator: ":", omittingEmptySubsequences: false)
      for (i, p) in parts.enumerated() {
        if i == parts.count - 1, p.contains(".") {
          guard let v4 = ipv4(p) else { return nil }
          out += [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
        } else {
          guard (1...4).contains(p.count), let g = UInt16(p, radix: 16) else { return nil }
          out.append(g)
        }
      }
      return out
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
      all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
  }

  /// RFC 5952 text: lower-case groups, the longest run of two or more zero groups as `::`.
  private static func ipv6Text(_ v: UInt128) -> String {
    if v >> 32 == 0xffff {
      // An IPv4-mapped address keeps its IPv4 tail (RFC 5952, section 5).
      return "::ffff:" + format(v & 0xffff_ffff, as: .ipaddr)
    }
    let groups = (0..<8).map { UInt16(truncatingIfNeeded: v >> UInt128(112 - 16 * $0)) }
    var best = (start: -1, length: 0)
    var i = 0
    while i < 8 {
      guard groups[i] == 0 else {
        i += 1
        continue
      }
      var j = i
      while j < 8 && groups[j] == 0 { j += 1 }
      if j - i > best.length && j - i >= 2 { best = (i, j - i) }
      i = j
    }
    let text = groups.map { String($0, radix: 16) }
    guard best.start >= 0 else { return text.joined(separator: ":") }
    return text[0..<best.start].joined(separator: ":") + "::"
      + text[(best.start + best.length)...].joined(separator: ":")
  }
}

extension Vector {
  /// A column that sorts as this one does, cheap to compare element by element: a 16-byte
  /// column's ranks as INT (null stays null), so that a sort reads no text per comparison;
  /// any other column itself.
  public var orderKey: Vector {
    guard case .u128(let a) = storage else { return self }
    let (ranks, _) = Grouping.rankCodes(self)
    return Vector(type: .int, ints: zip(a, ranks).map { $0 == 0 ? Int64.min : Int64($1) })
  }
}
