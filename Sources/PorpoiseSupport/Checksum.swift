/// A fast 64-bit checksum of bytes (eight at a time), to catch corrupt or truncated files.
public enum Checksum {
  public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    lanes(bytes, block: { _, _, _, _, _ in }, byte: { _, _ in })
  }

  /// `of(bytes)`, while copying the bytes to `destination` in the same pass (one read of the
  /// source instead of two; the source is usually a fresh mapping, where every page read
  /// costs a fault).
  public static func copying(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) -> UInt64 {
    lanes(
      bytes,
      block: { o, w0, w1, w2, w3 in
        destination.storeBytes(of: w0, toByteOffset: o, as: UInt64.self)
        destination.storeBytes(of: w1, toByteOffset: o + 8, as: UInt64.self)
        destination.storeBytes(of: w2, toByteOffset: o + 16, as: UInt64.self)
        destination.storeBytes(of: w3, toByteOffset: o + 24, as: UInt64.self)
      },
      byte: { i, b in destination.storeBytes(of: b, toByteOffset: i, as: UInt8.self) })
  }

  /// The checksum itself: four independent lanes over 32-byte blocks, so the multiplies
  /// overlap; `block` and `byte` see every word and tail byte as it is read (inlined away).
  @inline(__always)
  private static func lanes(
    _ bytes: UnsafeRawBufferPointer, block: (Int, UInt64, UInt64, UInt64, UInt64) -> Void, byte: (Int, UInt8) -> Void
  ) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var l0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var l1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    var l2: UInt64 = 0x1656_67B1_9E37_79F9
    var l3: UInt64 = 0x27D4_EB2F_1656_67C5
    let blocks = bytes.count / 32
    for b in 0..<blocks {
      let o = b * 32
      let w0 = bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)
      let w1 = bytes.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)
      let w2 = bytes.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)
      let w3 = bytes.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)
      block(o, w0, w1, w2, w3)
      l0 = (l0 ^ w0) &* prime
      l1 = (l1 ^ w1) &* prime
      l2 = (l2 ^ w2) &* prime
      l3 = (l3 ^ w3) &* prime
      l0 ^= l0 >> 29
      l1 ^= l1 >> 29
      l2 ^= l2 >> 29
      l3 ^= l3 >> 29
    }
    var h = l0 ^ (l1 &* 31) ^ (l2 &* 961) ^ (l3 &* 29791)
    for i in (blocks * 32)..<bytes.count {
      byte(i, bytes[i])
      h = (h ^ UInt64(bytes[i])) &* prime
    }
    return h ^ (h >> 32)
  }

  public static func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
  }
}

extension Checksum {
  /// The checksum of an array, as hex.
  public static func hex(of bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex(of($0)) } }
}
