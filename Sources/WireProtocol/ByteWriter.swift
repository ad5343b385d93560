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

  /// Replaces bytes already written (a header filled in once what follows is known).
  public mutating func overwrite(at offset: Int, with other: [UInt8]) {
    bytes.replaceSubrange(offset..<offset + other.count, with: other)
  }
}

/// Reads what `ByteWriter` wrote; every read checks the bounds and names what was cut short.
public struct ByteReader {
  let bytes: [UInt8]
  public private(set) var offset: Int

  public init(_ bytes: [UInt8], offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  public var isAtEnd: Bool { offset >= bytes.count }

  mutating func take(_ n: Int, _ what: String) throws(WireError) -> Range<Int> {
    guard n >= 0, bytes.count - offset >= n else {
      throw WireError("truncated message: \(what) needs \(n) bytes, \(bytes.count - offset) left")
    }
    defer { offset += n }
    return offset..<(offset + n)
  }

  public mutating func u8(_ what: String = "a byte") throws(WireError) -> UInt8 {
    bytes[try take(1, what).lowerBound]
  }

  public mutating func u32(_ what: String = "a count") throws(WireError) -> UInt32 {
    let r = try take(4, what)
    var v: UInt32 = 0
    for i in 0..<4 { v |= UInt32(bytes[r.lowerBound + i]) << (8 * UInt32(i)) }
    return v
  }

  public mutating func u64(_ what: String) throws(WireError) -> UInt64 {
    let r = try take(8, what)
    var v: UInt64 = 0
    for i in 0..<8 { v |= UInt64(bytes[r.lowerBound + i]) << (8 * UInt64(i)) }
    return v
  }

  public mutating func i64(_ what: String = "an integer") throws(WireError) -> Int64 {
    Int64(bitPattern: try u64(what))
  }

  public mutating func f64(_ what: String = "a double") throws(WireError) -> Double {
    Double(bitPattern: try u64(what))
  }

  public mutating func string(_ what: String = "a string") throws(WireError) -> String {
    let n = Int(try u32(what))
    let r = try take(n, what)
    return String(decoding: bytes[r], as: UTF8.self)
  }

  public mutating func array<T: BitwiseCopyable>(_ type: T.Type, _ what: String) throws(WireError) -> [T] {
    let n = Int(try u32(what))
    let size = MemoryLayout<T>.stride
    guard n <= (bytes.count - offset) / max(size, 1) else {
      throw WireError("truncated message: \(what) claims \(n) elements")
    }
    let r = try take(n * size, what)
    return [T](unsafeUninitializedCapacity: n) { buffer, count in
      bytes.withUnsafeBytes { raw in
        if n > 0, let dst = buffer.baseAddress, let src = raw.baseAddress {
          UnsafeMutableRawPointer(dst).copyMemory(from: src + r.lowerBound, byteCount: n * size)
        }
      }
      count = n
    }
  }
}

/// A message that could not be encoded or decoded.
public struct WireError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
