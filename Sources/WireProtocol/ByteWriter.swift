/// Appends little-endian integers, floats and length-prefixed strings to a byte buffer.
public struct ByteWriter: Sendable {
  public private(set) var bytes: [UInt8] = []

  public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

  public mutating func u8(_ v: UInt8) { bytes.append(v) }

  public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

  public mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

  public mutating func f64(_ v: Double) { u64(v.bitPattern) }

  public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

  /// A UTF-8 string after its byte count.
  public mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { utf8 in
      u32(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  /// A typed array as its raw little-endian elements (this is a little-endian-only format,
  /// like the column files), after its element count.
  public mutating func array<T: BitwiseCopyable>(_ a: [T]) {
    u32(UInt32(a.count))
    a.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  public mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

  public mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

  /// Replaces bytes already written (a header filled in once what follows is known).
  public mutating func overwrite(at offset: Int, with other: [UInt8]) {
    bytes.replaceSubrange(offset..<offset + other.count, with: other)
  }
}

/// Reads what `ByteWriter` wrote; every read checks the bounds and names what was cut short.
/// It reads an array, or memory its maker keeps valid (a mapped file) without copying it first.
public struct ByteReader {
  enum Source {
    case array([UInt8])
    case raw(UnsafeRawBufferPointer)
  }

  /// Bytes after the reader's own that only one whole `array` read takes: a column's bulk
  /// kept compressed, which `fill` expands straight into the array's memory (false when it
  /// cannot: damaged bytes).
  public struct Bulk {
    public let count: Int
    public let fill: (UnsafeMutableRawBufferPointer) -> Bool

    public init(count: Int, fill: @escaping (UnsafeMutableRawBufferPointer) -> Bool) {
      self.count = count
      self.fill = fill
    }
  }

  let source: Source
  let bulk: Bulk?
  /// The reader's own bytes; with a bulk, `count` is more.
  let own: Int
  let count: Int
  public private(set) var offset: Int

  public init(_ bytes: [UInt8], offset: Int = 0) {
    source = .array(bytes)
    bulk = nil
    own = bytes.count
    count = bytes.count
    self.offset = offset
  }

  /// A reader of `raw`, which must stay valid and unchanged while the reader is used, then of
  /// `bulk`.
  public init(unsafeRaw raw: UnsafeRawBufferPointer, bulk: Bulk? = nil, offset: Int = 0) {
    source = .raw(raw)
    self.bulk = bulk
    own = raw.count
    count = raw.count + (bulk?.count ?? 0)
    self.offset = offset
  }

  @inline(__always)
  func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    switch source {
    case .array(let a): return a.withUnsafeBytes(body)
    case .raw(let r): return body(r)
    }
  }

  public var isAtEnd: Bool { offset >= count }

  mutating func take(_ n: Int, _ what: String) throws(WireError) -> Range<Int> {
    guard n >= 0, count - offset >= n else {
      throw WireError("truncated message: \(what) needs \(n) bytes, \(count - offset) left")
    }
    defer { offset += n }
    return offset..<(offset + n)
  }

  /// `take` of bytes the reader holds itself (not the bulk's).
  mutating func takeOwn(_ n: Int, _ what: String) throws(WireError) -> Range<Int> {
    let r = try take(n, what)
    guard r.upperBound <= own else { throw WireError("\(what) lies in a column's compressed bytes") }
    return r
  }

  public mutating func u8(_ what: String = "a byte") throws(WireError) -> UInt8 {
    let i = try takeOwn(1, what).lowerBound
    return withBytes { $0[i] }
  }

  public mutating func u32(_ what: String = "a count") throws(WireError) -> UInt32 {
    let i = try takeOwn(4, what).lowerBound
    return UInt32(littleEndian: withBytes { $0.loadUnaligned(fromByteOffset: i, as: UInt32.self) })
  }

  public mutating func u64(_ what: String) throws(WireError) -> UInt64 {
    let i = try takeOwn(8, what).lowerBound
    return UInt64(littleEndian: withBytes { $0.loadUnaligned(fromByteOffset: i, as: UInt64.self) })
  }

  public mutating func i64(_ what: String = "an integer") throws(WireError) -> Int64 {
    Int64(bitPattern: try u64(what))
  }

  public mutating func f64(_ what: String = "a double") throws(WireError) -> Double {
    Double(bitPattern: try u64(what))
  }

  public mutating func string(_ what: String = "a string") throws(WireError) -> String {
    let n = Int(try u32(what))
    let r = try takeOwn(n, what)
    return withBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[r]), as: UTF8.self) }
  }

  public mutating func array<T: BitwiseCopyable>(_ type: T.Type, _ what: String) throws(WireError) -> [T] {
    let n = Int(try u32(what))
    let size = MemoryLayout<T>.stride
    guard n <= (count - offset) / max(size, 1) else {
      throw WireError("truncated message: \(what) claims \(n) elements")
    }
    let r = try take(n * size, what)
    if r.upperBound > own {
      // The bulk, whole, expanded into the array.
      guard let bulk, r.lowerBound == own, r.count == bulk.count else {
        throw WireError("\(what) lies in a column's compressed bytes")
      }
      var expanded = false
      let a = [T](unsafeUninitializedCapacity: n) { buffer, filled in
        expanded = bulk.fill(UnsafeMutableRawBufferPointer(buffer))
        filled = expanded ? n : 0
      }
      guard expanded else { throw WireError("\(what): its compressed bytes do not expand to \(n) elements") }
      return a
    }
    return [T](unsafeUninitializedCapacity: n) { buffer, filled in
      withBytes { raw in
        if n > 0, let dst = buffer.baseAddress, let src = raw.baseAddress {
          UnsafeMutableRawPointer(dst).copyMemory(from: src + r.lowerBound, byteCount: n * size)
        }
      }
      filled = n
    }
  }
}

/// A message that could not be encoded or decoded.
public struct WireError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
