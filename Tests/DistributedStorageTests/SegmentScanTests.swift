import Foundation
import PorpoiseSupport
import ScriptRuntime
import Testing
import WireProtocol

@testable import DistributedStorage

/// Partial aggregates scanned from a segment's columns window by window give exactly what
/// decoding the rows and aggregating them gives, across windows and threads, compressed or
/// not; a plan or a column the scan does not handle is left to the decoder; damage is an
/// error, never a wrong answer.
extension ChunkStoreTests {
  /// 300,000 rows (three windows, split between threads), symbols in runs that cross window
  /// edges and then interleaved, prices from a few values with nulls (they compress), noise
  /// (it does not), an INT column (it compresses too).
  func scanned() throws -> (ChunkStore, SegmentRecord, Table, [UInt8]) {
    let n = 300_000
    var random = SystemRandomNumberGenerator()
    let names: [String] = (0..<n).map { (i: Int) -> String in
      i < 200_000 ? "S" + String(1_000 + i / 1_700) : "T" + String(i % 37)
    }
    let symbols = Vector(strings: names, type: .symbol)
    let prices = Vector(doubles: (0..<n).map { (i: Int) -> Double in i % 13 == 0 ? .nan : Double(10 + i % 7) + 0.25 })
    let noise = Vector(doubles: (0..<n).map { _ in Double.random(in: -1e6...1e6, using: &random) })
    let qty = Vector(type: .int, ints: (0..<n).map { Int64($0 % 100) })
    let columns = ["sym", "price", "noise", "qty"]
    let table = try Table(names: columns, columns: [symbols, prices, noise, qty])
    let bytes = try SegmentCodec.encode(names: columns, columns: table.columns)
    let header = try #require(SegmentFormat.header(bytes, fileSize: bytes.count))
    #expect(header.columns.map { $0.bulkLength > 0 } == [true, true, false, true])
    let store = try ChunkStore(volumes: [root + "/v"])
    let segment = SegmentRecord(id: "s1", rows: n, bytes: bytes.count, checksum: SegmentFormat.checksum(bytes))
    try store.stage(StagedSegment(chunkId: "c1", segment: segment, payload: bytes))
    return (store, segment, table, bytes)
  }

  func plan(_ key: String?, _ functions: [(AggregatePlan.Function, String?)]) -> AggregatePlan {
    AggregatePlan(
      keys: key.map { [AggregatePlan.Key(column: $0)] } ?? [],
      aggregates: functions.map { AggregatePlan.Aggregate($0.0, $0.1.map { [$0] } ?? []) })
  }

  @Test func aScanGivesTheDecodedRowsPartialsExactly() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (store, segment, table, _) = try scanned()
    let all: [(AggregatePlan.Function, String?)] = [
      (.first, "price"), (.max, "price"), (.min, "price"), (.last, "price"), (.sum, "price"), (.count, "price"),
      (.countStar, nil),
    ]
    for p in [
      plan("sym", all), plan(nil, all), plan("SYM", [(.last, "noise"), (.first, "NOISE"), (.min, "noise")]),
      plan(nil, [(.sum, "noise"), (.countStar, nil)]),
    ] {
      let scan = try #require(try store.scanAggregate("c1", segment, p), "\(p)")
      let decoded = try p.partials(of: table)
      #expect(scan.names == decoded.names)
      #expect(scan.rowCount == decoded.rowCount && scan.rowCount > 0)
      for (a, b) in zip(scan.columns, decoded.columns) {
        #expect(a.type == b.type)
        if a.type == .double {
          // Sums add in another order across threads: equal to the last few bits.
          for (x, y) in zip(a.doubles, b.doubles) {
            #expect(x.isNaN == y.isNaN && (x.isNaN || abs(x - y) <= 1e-9 * max(1, abs(y))), "\(x) \(y)")
          }
        } else {
          #expect(a.strings == b.strings)
        }
      }
    }
    // What a scan does not compute is left to decoding: a key that is not a symbol, a value
    // that is not DOUBLE, an aggregate it does not keep, two value columns, a converted key,
    // a column the segment lacks (added later).
    for p in [
      plan("qty", [(.max, "price")]), plan("sym", [(.max, "qty")]), plan("sym", [(.avg, "price")]),
      plan("sym", [(.max, "price"), (.min, "noise")]), plan(nil, [(.countStar, nil)]), plan("sym", [(.max, "added")]),
      AggregatePlan(keys: [AggregatePlan.Key(column: "sym", function: "date")], aggregates: [.init(.max, ["price"])]),
    ] {
      #expect(try store.scanAggregate("c1", segment, p) == nil, "\(p)")
    }
  }

  @Test func aDamagedColumnIsAnErrorOfTheScan() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (store, segment, _, bytes) = try scanned()
    let header = try #require(SegmentFormat.header(bytes, fileSize: bytes.count))
    let price = header.columns[1]
    let p = plan("sym", [(.max, "price"), (.last, "price")])
    let path = try #require(store.locate("c1", "s1") as String?)
    // A changed byte is found by the column's checksum.
    var bad = bytes
    bad[header.dataStart + price.offset + price.length - 10] ^= 0x5A
    try Data(bad).write(to: URL(fileURLWithPath: path))
    #expect { _ = try store.scanAggregate("c1", segment, p) } throws: { ($0 as? CatalogError)?.kind == .damaged }
    // Blocks that do not expand, under checksums that match them (written so on purpose),
    // are an error naming the column: never a crash, never a partial answer.
    var garbled = bytes
    let blocks = header.dataStart + price.offset + price.headLength + 4 + 4 * 3
    for i in blocks + 100..<blocks + 400 { garbled[i] = 0xFF }
    let column = header.dataStart + price.offset..<header.dataStart + price.offset + price.length
    let sum = garbled.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[column])) }
    // The price column's checksum follows magic, length, count, the sym column's fields and
    // its own name, offset and length.
    let at = 8 + 4 + (4 + 3 + 40) + 4 + "price".utf8.count + 16
    for i in 0..<8 { garbled[at + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    try Data(garbled).write(to: URL(fileURLWithPath: path))
    let relabeled = SegmentRecord(
      id: "s1", rows: segment.rows, bytes: garbled.count, checksum: SegmentFormat.checksum(garbled))
    #expect(SegmentFormat.verify(garbled, relabeled.checksum))
    #expect { _ = try store.scanAggregate("c1", relabeled, p) } throws: { error in
      guard let e = error as? CatalogError else { return false }
      return e.kind == .unavailable && e.message.contains("price")
    }
    // Decoding the same bytes refuses them too.
    #expect(throws: CatalogError.self) { _ = try store.readColumns("c1", relabeled, ["price"]) }
  }
}
