import CLZ4
import Dispatch
import Glibc
import Synchronization

/// LZ4 blocks (liblz4): what a `dfs://` segment's columns are stored as, DolphinDB's default
/// `compressMethods`. A column is cut in blocks of `blockSize` raw bytes, which expand side by
/// side (a query waits on its largest column). Expansion is bounded by the
/// destination and checks every length, so damaged bytes from disk or another node give nil
/// or false, never a crash.
///
/// Layout of `compressed(_:after:smallerThan:)` after its prefix: u32 block count B, B × u32 compressed block lengths, the blocks.
/// Every block but the last expands to `blockSize` bytes.
public enum BlockCompression {
  public static let blockSize = 1 << 20

  /// How many blocks `raw` bytes make.
  static func blockCount(_ raw: Int) -> Int { (raw + blockSize - 1) / blockSize }

  /// `prefix`, then `source` compressed block by block, or nil when the compressed bytes are
  /// not fewer than `limit` (or the first round of blocks is not fewer than its share of it).
  /// Blocks compress side by side, a round of one per core into small scratch buffers, then
  /// are copied behind each other: the result's buffer is only ever touched where its bytes
  /// go (its capacity is the worst case), so it costs what they do.
  public static func compressed(_ source: UnsafeRawBufferPointer, after prefix: [UInt8], smallerThan limit: Int)
    -> [UInt8]?
  {
    let count = blockCount(source.count)
    guard count > 0, let src = source.baseAddress else { return nil }
    let bound = Int(LZ4_compressBound(Int32(blockSize)))
    let width = min(count, roundWidth)
    let scratch = UncheckedPointer(.allocate(byteCount: width * bound, alignment: 16))
    defer { scratch.pointer.deallocate() }
    let from = UncheckedPointer(UnsafeMutableRawPointer(mutating: src))
    let sourceCount = source.count
    let table = prefix.count
    var fits = true
    let bytes = [UInt8](unsafeUninitializedCapacity: table + 4 + 4 * count + count * bound) { out, filled in
      guard let base = out.baseAddress else {
        fits = false
        return
      }
      _ = out.initialize(from: prefix)
      let dst = UnsafeMutableRawPointer(base)
      dst.storeBytes(of: UInt32(count).littleEndian, toByteOffset: table, as: UInt32.self)
      var at = table + 4 + 4 * count
      rounds: for first in stride(from: 0, to: count, by: width) {
        let blocks = min(width, count - first)
        let lengths = ParallelMap.map(blocks) { i in
          let start = (first + i) * blockSize
          return LZ4_compress_default(
            (from.pointer + start).assumingMemoryBound(to: CChar.self),
            (scratch.pointer + i * bound).assumingMemoryBound(to: CChar.self),
            Int32(min(blockSize, sourceCount - start)), Int32(bound))
        }
        for i in 0..<blocks {
          let n = Int(lengths[i])
          guard n > 0, at + n - table < limit else {
            fits = false
            break rounds
          }
          (dst + at).copyMemory(from: scratch.pointer + i * bound, byteCount: n)
          dst.storeBytes(of: UInt32(n).littleEndian, toByteOffset: table + 4 + 4 * (first + i), as: UInt32.self)
          at += n
        }
        // A column whose first round does not shrink in proportion to `limit` (random
        // doubles) is given up at once rather than after compressing every block for nothing.
        let done = min(sourceCount, (first + blocks) * blockSize)
        if first == 0, done < sourceCount, Double(at - table) >= Double(limit) * Double(done) / Double(sourceCount) {
          fits = false
          break rounds
        }
      }
      filled = fits ? at : table
    }
    return fits ? bytes : nil
  }

  /// How many blocks compress at once: one per core.
  static let roundWidth = max(1, min(16, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

  /// Expands `compressed` bytes (without the prefix) into `destination`, which they must fill exactly; false
  /// when they do not (damaged bytes, a wrong length).
  public static func expand(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Bool {
    guard blockCount(destination.count) > 0 else { return source.isEmpty || source.count == 4 }
    guard let blocks = Blocks(source, rawCount: destination.count), let dst = destination.baseAddress else {
      return false
    }
    let failed = Atomic<Bool>(false)
    let to = UncheckedPointer(dst)
    DispatchQueue.concurrentPerform(iterations: blocks.count) { k in
      if !blocks.expand(k, into: to.pointer + k * blockSize) { failed.store(true, ordering: .relaxed) }
    }
    return !failed.load(ordering: .relaxed)
  }

  /// The blocks of compressed bytes (without the prefix) that expand to `rawCount` bytes, each
  /// expanded on its own: a scan expands one block at a time into a small buffer instead of
  /// the whole column into fresh memory. The block table is checked once, when made.
  public struct Blocks: @unchecked Sendable {
    // @unchecked: the bytes are a mapped file the caller keeps valid and unchanged meanwhile.
    let source: UnsafeRawBufferPointer
    /// Where each block starts in `source`, and where the last one ends.
    let starts: [Int]
    public let rawCount: Int
    public var count: Int { starts.count - 1 }

    /// nil when the table does not describe `source` exactly (damaged bytes).
    public init?(_ source: UnsafeRawBufferPointer, rawCount: Int) {
      let count = BlockCompression.blockCount(rawCount)
      guard count > 0, source.count >= 4 + 4 * count, source.baseAddress != nil,
        Int(UInt32(littleEndian: source.loadUnaligned(as: UInt32.self))) == count
      else { return nil }
      var starts: [Int] = []
      starts.reserveCapacity(count + 1)
      var at = 4 + 4 * count
      for k in 0..<count {
        starts.append(at)
        at += Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 + 4 * k, as: UInt32.self)))
      }
      guard at == source.count else { return nil }
      starts.append(at)
      self.source = source
      self.starts = starts
      self.rawCount = rawCount
    }

    /// How many bytes block `k` expands to.
    public func rawSize(_ k: Int) -> Int { min(blockSize, rawCount - k * blockSize) }

    /// Expands block `k` to `destination`, which has room for `rawSize(k)` bytes; false when
    /// its bytes do not expand to exactly that many.
    public func expand(_ k: Int, into destination: UnsafeMutableRawPointer) -> Bool {
      guard k >= 0, k < count, let src = source.baseAddress else { return false }
      let raw = rawSize(k)
      let n = LZ4_decompress_safe(
        (src + starts[k]).assumingMemoryBound(to: CChar.self), destination.assumingMemoryBound(to: CChar.self),
        Int32(starts[k + 1] - starts[k]), Int32(raw))
      return Int(n) == raw
    }
  }
}

/// A pointer used from the threads of one `concurrentPerform` while its owner waits, each
/// thread on its own bytes.
struct UncheckedPointer: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer
  init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}
