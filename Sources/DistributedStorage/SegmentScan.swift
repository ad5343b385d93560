import Dispatch
import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// A query's partial aggregates computed straight from a mapped segment, its columns read a
/// window of rows at a time (each LZ4 block expanded into a small buffer that stays in the
/// processor's cache), never decoded whole: for `first max min last ... group by SecurityID`
/// over a day of bars, decoding the two columns into fresh arrays cost more in page faults
/// and memory traffic than the aggregation. The windows are split among the processors, each
/// with its own accumulator, combined in row order.
///
/// Only what `AggregatePlan.scannedColumns` names is scanned: one DOUBLE column and at most
/// one SYMBOL key; anything else is `unsuitable` and the caller decodes the rows as before.
enum SegmentScan {
  enum Outcome {
    /// Not a columnar segment, a column missing (added after it was written) or of another
    /// type: decode the rows instead.
    case unsuitable
    /// The header or a column does not match its checksum.
    case damaged
    /// A column matches its checksum but does not decode (why).
    case undecodable(String)
    case partial(Table)
  }

  /// A column's elements, window by window.
  struct Source: @unchecked Sendable {
    // @unchecked: `raw` is the mapped file, valid and unchanged while the scan runs.
    let layout: ColumnLayout
    /// The elements as they are stored, or their LZ4 blocks.
    let raw: UnsafeRawBufferPointer?
    let blocks: BlockCompression.Blocks?

    /// The elements of rows `rows` (inside one block), copied or expanded into `buffer`
    /// (which holds a block); nil when a block does not expand.
    func elements(_ rows: Range<Int>, into buffer: UnsafeMutableRawPointer, expanded: inout Int)
      -> UnsafeRawPointer?
    {
      let (start, bytes) = (rows.lowerBound * layout.width, rows.count * layout.width)
      guard let blocks else {
        guard let base = raw?.baseAddress else { return nil }
        // Copied rather than read in place: the file's bytes need not be aligned.
        buffer.copyMemory(from: base + start, byteCount: bytes)
        return UnsafeRawPointer(buffer)
      }
      let k = start / BlockCompression.blockSize
      if expanded != k {
        expanded = -1
        guard blocks.expand(k, into: buffer) else { return nil }
        expanded = k
      }
      return UnsafeRawPointer(buffer + (start - k * BlockCompression.blockSize))
    }
  }

  static func aggregate(_ file: UnsafeRawBufferPointer, expected: String, plan: AggregatePlan) -> Outcome {
    guard let (key, value) = plan.scannedColumns, file.count >= 8,
      SegmentFormat.isColumnar(Array(file.prefix(8)))
    else { return .unsuitable }
    guard let size = SegmentFormat.headerSize(Array(file.prefix(8))), file.count >= size,
      let h = SegmentFormat.header(Array(file.prefix(size)), fileSize: file.count), h.checksum == expected
    else { return .damaged }
    func find(_ name: String) -> SegmentFormat.Column? { h.columns.first { $0.name.lowercased() == name.lowercased() } }
    guard let valueColumn = find(value) else { return .unsuitable }
    let keyColumn = key.flatMap(find)
    if key != nil && keyColumn == nil { return .unsuitable }
    var sources: [Source] = []
    for c in [valueColumn] + (keyColumn.map { [$0] } ?? []) {
      let start = h.dataStart + c.offset
      let bytes = UnsafeRawBufferPointer(rebasing: file[start..<start + c.length])
      guard Checksum.of(bytes) == c.checksum else { return .damaged }
      do throws(WireError) {
        let head = UnsafeRawBufferPointer(rebasing: bytes[0..<c.headLength])
        guard let layout = try ValueCodec.columnLayout(unsafeRaw: head) else { return .unsuitable }
        let elementBytes = layout.count * layout.width
        if c.bulkLength > 0 {
          guard layout.elementsAt == c.headLength, c.bulkLength == elementBytes,
            let blocks = BlockCompression.Blocks(
              UnsafeRawBufferPointer(rebasing: bytes[c.headLength...]), rawCount: elementBytes)
          else { return .undecodable("column \(c.name)'s compressed bytes do not hold its \(layout.count) rows") }
          sources.append(Source(layout: layout, raw: nil, blocks: blocks))
        } else {
          guard layout.elementsAt + elementBytes == bytes.count else {
            return .undecodable("column \(c.name) does not hold its \(layout.count) rows")
          }
          sources.append(
            Source(layout: layout, raw: UnsafeRawBufferPointer(rebasing: bytes[layout.elementsAt...]), blocks: nil))
        }
      } catch {
        return .undecodable(error.message)
      }
    }
    let values = sources[0].layout
    guard values.type == .double, values.width == 8, values.symbols == nil else { return .unsuitable }
    let symbols = sources.count > 1 ? sources[1].layout.symbols : nil
    if sources.count > 1 {
      guard symbols != nil else { return .unsuitable }
      guard sources[1].layout.count == values.count else {
        return .undecodable("columns \(valueColumn.name) and \(key ?? "") differ in length")
      }
    }
    guard let accumulated = scan(sources, groups: symbols?.count ?? 1) else {
      return .undecodable("a block of column \(valueColumn.name) or \(key ?? "") does not expand to its rows")
    }
    do {
      return .partial(try plan.partials(of: accumulated, symbols: symbols))
    } catch {
      return .undecodable(error.message)
    }
  }

  /// The value column (`sources[0]`) accumulated by the codes of `sources[1]` when there is
  /// one; nil when a block does not expand or a code is outside the dictionary.
  static func scan(_ sources: [Source], groups: Int) -> FusedAccumulator? {
    let rows = sources[0].layout.count
    // A window lies inside one block of every column: a block of the widest (8-byte) values.
    let window = BlockCompression.blockSize / 8
    let windows = (rows + window - 1) / window
    let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, windows))
    let slots = Mutex<[FusedAccumulator?]>(Array(repeating: nil, count: threads))
    let failed = Atomic<Bool>(false)
    DispatchQueue.concurrentPerform(iterations: threads) { t in
      var accumulator = FusedAccumulator(groups: groups)
      // A block's worth of each column, bound to its element type.
      let doubles = UnsafeMutablePointer<Double>.allocate(capacity: BlockCompression.blockSize / 8)
      let codes = UnsafeMutablePointer<Int32>.allocate(capacity: BlockCompression.blockSize / 4)
      defer {
        doubles.deallocate()
        codes.deallocate()
      }
      let buffers = [UnsafeMutableRawPointer(doubles), UnsafeMutableRawPointer(codes)]
      var expanded = [Int](repeating: -1, count: sources.count)
      for w in (windows * t / threads)..<(windows * (t + 1) / threads) {
        let range = w * window..<min(rows, (w + 1) * window)
        guard let v = sources[0].elements(range, into: buffers[0], expanded: &expanded[0]) else {
          failed.store(true, ordering: .relaxed)
          return
        }
        let values = UnsafeBufferPointer(start: v.assumingMemoryBound(to: Double.self), count: range.count)
        if sources.count == 1 {
          accumulator.add(values: values)
          continue
        }
        guard let k = sources[1].elements(range, into: buffers[1], expanded: &expanded[1]),
          accumulator.add(
            codes: UnsafeBufferPointer(start: k.assumingMemoryBound(to: Int32.self), count: range.count),
            values: values)
        else {
          failed.store(true, ordering: .relaxed)
          return
        }
      }
      slots.withLock { $0[t] = accumulator }
    }
    guard !failed.load(ordering: .relaxed) else { return nil }
    let parts = slots.withLock { $0 }
    guard var total = parts.first ?? nil else { return nil }
    for part in parts.dropFirst() {
      guard let part else { return nil }
      total.append(part)
    }
    return total
  }
}
