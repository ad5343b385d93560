import CLZ4

/// One source's blocks compressed into fixed slots, so that the blocks of several sources
/// compress side by side on every core (a table's largest column no longer runs alone at the
/// end), then packed into `BlockCompression`'s layout. Each block is written by one thread into
/// its own slot; `packed` runs after all of them.
public final class CompressionSlots: @unchecked Sendable {
  // @unchecked: threads write disjoint slots and lengths; `packed` reads after they are done.
  public let blockCount: Int
  let rawCount: Int
  let prefix: [UInt8]
  let bound: Int
  let base: UnsafeMutableRawPointer
  let lengths: UnsafeMutablePointer<Int32>

  /// Room for `rawCount` bytes' blocks after `prefix`; only the bytes compressed are touched.
  public init(rawCount: Int, prefix: [UInt8]) {
    self.rawCount = rawCount
    self.prefix = prefix
    blockCount = BlockCompression.blockCount(rawCount)
    bound = Int(LZ4_compressBound(Int32(BlockCompression.blockSize)))
    base = .allocate(byteCount: max(1, prefix.count + 4 + 4 * blockCount + blockCount * bound), alignment: 16)
    lengths = .allocate(capacity: max(1, blockCount))
    lengths.initialize(repeating: 0, count: max(1, blockCount))
  }

  deinit {
    base.deallocate()
    lengths.deallocate()
  }

  /// Where the block table ends and the blocks begin.
  var tableEnd: Int { prefix.count + 4 + 4 * blockCount }

  /// Compresses block `k` of `source` (the whole source, `rawCount` bytes) into its slot.
  public func compress(block k: Int, of source: UnsafeRawBufferPointer) {
    guard k >= 0, k < blockCount, source.count == rawCount, let src = source.baseAddress else { return }
    let start = k * BlockCompression.blockSize
    lengths[k] = LZ4_compress_default(
      (src + start).assumingMemoryBound(to: CChar.self),
      (base + tableEnd + k * bound).assumingMemoryBound(to: CChar.self),
      Int32(min(BlockCompression.blockSize, rawCount - start)), Int32(bound))
  }

  /// The prefix, the block table and the blocks one after another, with their checksum
  /// (`Checksum.of` the bytes, worked out while they are copied); nil when a block did not
  /// compress or the whole is not fewer than `limit` bytes after the prefix.
  public func packed(smallerThan limit: Int) -> (bytes: [UInt8], checksum: UInt64)? {
    var at = tableEnd
    for k in 0..<blockCount {
      let n = Int(lengths[k])
      guard n > 0 else { return nil }
      let slot = tableEnd + k * bound
      if slot != at { (base + at).copyMemory(from: base + slot, byteCount: n) }
      at += n
    }
    guard blockCount > 0, at - prefix.count < limit else { return nil }
    prefix.withUnsafeBytes { p in if let from = p.baseAddress { base.copyMemory(from: from, byteCount: p.count) } }
    base.storeBytes(of: UInt32(blockCount).littleEndian, toByteOffset: prefix.count, as: UInt32.self)
    for k in 0..<blockCount {
      base.storeBytes(of: UInt32(lengths[k]).littleEndian, toByteOffset: prefix.count + 4 + 4 * k, as: UInt32.self)
    }
    var checksum: UInt64 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: at) { out, filled in
      checksum = Checksum.copying(
        UnsafeRawBufferPointer(start: base, count: at), to: UnsafeMutableRawPointer(out.baseAddress!))
      filled = at
    }
    return (bytes, checksum)
  }
}
