import CLZ4
import Dispatch
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

  /// `prefix`, then `source` compressed block by block (one after another: the caller
  /// compresses several columns side by side), or nil when the compressed bytes are not
  /// fewer than `limit`. One buffer: only the bytes written are ever touched.
  public static func compressed(_ source: UnsafeRawBufferPointer, after prefix: [UInt8], smallerThan limit: Int)
    -> [UInt8]?
  {
    let count = blockCount(source.count)
    guard count > 0, let src = source.baseAddress else { return nil }
    let bound = Int(LZ4_compressBound(Int32(blockSize)))
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
      for k in 0..<count {
        let start = k * blockSize
        let n = LZ4_compress_default(
          (src + start).assumingMemoryBound(to: CChar.self), (dst + at).assumingMemoryBound(to: CChar.self),
          Int32(min(blockSize, source.count - start)), Int32(bound))
        dst.storeBytes(of: UInt32(max(n, 0)).littleEndian, toByteOffset: table + 4 + 4 * k, as: UInt32.self)
        at += Int(max(n, 0))
        if n <= 0 || at - table >= limit {
          fits = false
          break
        }
      }
      filled = fits ? at : table
    }
    return fits ? bytes : nil
  }

  /// Expands `compressed` bytes (without the prefix) into `destination`, which they must fill exactly; false
  /// when they do not (damaged bytes, a wrong length).
  public static func expand(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Bool {
    let count = blockCount(destination.count)
    guard count > 0 else { return source.isEmpty || source.count == 4 }
    guard source.count >= 4 + 4 * count, let src = source.baseAddress, let dst = destination.baseAddress,
      Int(UInt32(littleEndian: source.loadUnaligned(as: UInt32.self))) == count
    else { return false }
    var starts: [Int] = []
    var at = 4 + 4 * count
    for k in 0..<count {
      starts.append(at)
      at += Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 + 4 * k, as: UInt32.self)))
    }
    guard at == source.count else { return false }
    starts.append(at)
    let failed = Atomic<Bool>(false)
    let (from, to) = (UncheckedPointer(UnsafeMutableRawPointer(mutating: src)), UncheckedPointer(dst))
    let (offsets, total) = (starts, destination.count)
    DispatchQueue.concurrentPerform(iterations: count) { k in
      let raw = min(blockSize, total - k * blockSize)
      let n = LZ4_decompress_safe(
        (from.pointer + offsets[k]).assumingMemoryBound(to: CChar.self),
        (to.pointer + k * blockSize).assumingMemoryBound(to: CChar.self), Int32(offsets[k + 1] - offsets[k]),
        Int32(raw))
      if Int(n) != raw { failed.store(true, ordering: .relaxed) }
    }
    return !failed.load(ordering: .relaxed)
  }
}

/// A pointer used from the threads of one `concurrentPerform` while its owner waits, each
/// thread on its own bytes.
struct UncheckedPointer: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer
  init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}
