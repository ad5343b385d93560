import Foundation
import PorpoiseSupport
import ScriptRuntime
import Testing
import WireProtocol

@testable import DistributedStorage

/// A data node's chunk files: durable, checksummed on the way in and out, spread over volumes,
/// and uncommitted leftovers cleaned once they are old.
@Suite struct ChunkStoreTests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-chunks-\(UUID().uuidString)").path

  func segment(_ id: String, _ bytes: [UInt8]) -> StagedSegment {
    StagedSegment(
      chunkId: "c-\(id)",
      segment: SegmentRecord(id: id, rows: 1, bytes: bytes.count, checksum: Checksum.hex(of: bytes)),
      payload: bytes)
  }

  @Test func aSegmentIsReadBackAsWrittenAndCorruptionIsReported() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v1"])
    let s = segment("s1", Array("rows of one append".utf8))
    try store.stage(s)
    #expect(try store.read(s.chunkId, s.segment) == s.payload)
    #expect(store.inventory() == [s.chunkId: ["s1": s.payload.count]])
    // Bytes damaged in flight are refused before they are stored.
    var bad = segment("s2", Array("abc".utf8))
    bad.bytes = SegmentBytes([0] + Array("bc".utf8))
    #expect(throws: CatalogError.self) { try store.stage(bad) }
    #expect(!store.has(bad.chunkId, "s2"))
    // A byte flipped on disk: reported, never served.
    let path = root + "/v1/CHUNKS/\(s.chunkId)/s1.seg"
    var onDisk = try Data(contentsOf: URL(fileURLWithPath: path))
    onDisk[3] ^= 0xFF
    try onDisk.write(to: URL(fileURLWithPath: path))
    #expect {
      try store.read(s.chunkId, s.segment)
    } throws: { error in
      (error as? CatalogError)?.kind == .damaged && "\(error)".contains("is corrupt (checksum mismatch)")
    }
  }

  @Test func idsFromTheNetworkNeverReachOutsideTheVolume() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v1"])
    let outside = root + "/escaped.seg"
    for (chunk, id) in [
      ("../..", "escaped"), ("c", "../../../escaped"), ("", "s"), ("c", String(repeating: "a", count: 65)),
    ] {
      var s = segment("s", Array("x".utf8))
      s.chunkId = chunk
      s.segment.id = id
      #expect(throws: CatalogError.self) { try store.stage(s) }
      #expect(throws: CatalogError.self) { try store.read(chunk, s.segment) }
      store.discard(chunk, id)
    }
    #expect(!FileManager.default.fileExists(atPath: outside))
    #expect(ChunkStore.isValidID("7B1B66BE-F345-4929-9502-3AA8FD0E9A61"))
  }

  @Test func theSegmentCacheKeepsTheMostRecentlyUsedColumnsWithinItsBudget() throws {
    // Five doubles cost 40 bytes: two such columns fit in 100.
    let cache = SegmentCache(budget: 100)
    let x = try Table(names: ["x"], columns: [Vector(doubles: [1, 2, 3, 4, 5])])
    let all: Set<String> = ["x"]
    cache.put("c", "1", names: ["x", "y"], x)
    cache.put("c", "2", names: ["x"], x)
    _ = cache.get("c", "1", columns: all)  // 1 is used again: 2 is now the least recently used
    cache.put("c", "3", names: ["x"], x)
    #expect(cache.get("c", "1", columns: all)?.names == ["x"])
    #expect(cache.get("c", "2", columns: all) == nil)
    #expect(cache.get("c", "3", columns: all) != nil)
    // A column not cached (y of segment 1) means the segment must be read; a name the segment
    // does not have is no column to read.
    #expect(cache.get("c", "1", columns: ["x", "y"]) == nil)
    #expect(cache.get("c", "1", columns: nil) == nil)
    #expect(cache.get("c", "3", columns: ["x", "nosuch"])?.names == ["x"])
    let big = try Table(names: ["x"], columns: [Vector(doubles: Array(repeating: 0, count: 13))])
    cache.put("c", "4", names: ["x"], big)  // larger than the budget: not kept, nothing evicted
    #expect(cache.get("c", "4", columns: all) == nil && cache.get("c", "3", columns: all) != nil)
    cache.evict("c", "3")
    #expect(cache.get("c", "3", columns: all) == nil)
  }

  @Test func theSegmentCacheStillEvictsTheLeastRecentlyUsedAfterManyReads() throws {
    // Ten columns of 40 bytes fill 400. Reading one of them thousands of times (its use log
    // is compacted on the way) keeps it; the next put evicts the oldest of the others.
    let cache = SegmentCache(budget: 400)
    let x = try Table(names: ["x"], columns: [Vector(doubles: [1, 2, 3, 4, 5])])
    let all: Set<String> = ["x"]
    for i in 0..<10 { cache.put("c", "\(i)", names: ["x"], x) }
    for _ in 0..<10_000 { _ = cache.get("c", "0", columns: all) }
    _ = cache.get("c", "1", columns: all)
    cache.put("c", "10", names: ["x"], x)
    cache.put("c", "11", names: ["x"], x)
    #expect(cache.get("c", "0", columns: all) != nil)
    #expect(cache.get("c", "1", columns: all) != nil)
    #expect(cache.get("c", "2", columns: all) == nil && cache.get("c", "3", columns: all) == nil)
    #expect((4..<12).allSatisfy { cache.get("c", "\($0)", columns: all) != nil })
    cache.removeAll()
    #expect(cache.get("c", "0", columns: all) == nil)
  }

  @Test func aSegmentDecodesOnlyTheColumnsAsked() throws {
    let names = ["s", "t", "v"]
    let columns = [
      Vector(strings: ["a", "", "ccc"]), Vector(strings: ["x", "y", "x"], type: .symbol), Vector(doubles: [1, 2, 3]),
    ]
    let bytes = try SegmentCodec.encode(names: names, columns: columns)
    let (some, all) = try SegmentCodec.decode(bytes, columns: ["v"])
    #expect(all == names && some.names == ["v"] && some.columns[0].doubles == [1, 2, 3])
    let (t, _) = try SegmentCodec.decode(bytes, columns: ["t"])
    #expect(t.names == ["t"] && t.rowCount == 3)
    #expect(try SegmentCodec.decode(bytes, columns: nil).table.names == names)
    // A truncated segment is an error, whichever columns are asked.
    #expect(throws: ScriptError.self) { try SegmentCodec.decode(Array(bytes.dropLast(3)), columns: ["s"]) }
  }

  @Test func aColumnIsReadAloneAndCheckedAndCorruptionAnywhereIsFound() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v"])
    let bytes = try SegmentCodec.encode(
      names: ["a", "b"], columns: [Vector(doubles: [1, 2, 3]), Vector(type: .int, ints: [4, 5, 6])])
    let segment = SegmentRecord(id: "s1", rows: 3, bytes: bytes.count, checksum: SegmentFormat.checksum(bytes))
    try store.stage(StagedSegment(chunkId: "c1", segment: segment, payload: bytes))
    let found = try #require(try store.readColumns("c1", segment, ["b"]))
    #expect(found.names == ["a", "b"] && found.table.names == ["b"])
    #expect(found.table.columns[0].int64s == [4, 5, 6])
    // The last byte is column b's: reading a alone still works (it is checked on its own);
    // reading b, or the whole segment, finds the damage.
    let file = try #require(store.locate("c1", "s1") as String?)
    var bad = bytes
    bad[bad.count - 1] ^= 0xFF
    try Data(bad).write(to: URL(fileURLWithPath: file))
    #expect(try store.readColumns("c1", segment, ["a"]) != nil)
    for read in [{ _ = try store.readColumns("c1", segment, ["b"]) }, { _ = try store.read("c1", segment) }] {
      #expect { try read() } throws: { ($0 as? CatalogError)?.kind == .damaged }
    }
    #expect(!SegmentFormat.verify(bad, segment.checksum) && SegmentFormat.verify(bytes, segment.checksum))
    // A header that claims columns beyond the file is damage, not a crash.
    var lying = bytes
    lying[lying.count / 3] ^= 0x7F
    for i in 8..<min(40, lying.count) { lying[i] = 0xFF }
    #expect(SegmentFormat.header(lying, fileSize: lying.count) == nil)
    #expect(!SegmentFormat.verify(lying, segment.checksum))
  }

  @Test func columnsThatCompressAreStoredSmallerAndReadBackExactly() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v"])
    // Prices from a few values, symbols in runs (both compress), random longs (do not), text.
    let n = 50_000
    var random = SystemRandomNumberGenerator()
    let prices = Vector(doubles: (0..<n).map { Double(10 + $0 % 7) + 0.25 })
    let symbols = Vector(strings: (0..<n).map { "S\($0 / 1000)" }, type: .symbol)
    let noise = Vector(
      type: .long, ints: (0..<n).map { _ in Int64.random(in: Int64.min + 1...Int64.max, using: &random) })
    let text = Vector(strings: (0..<n).map { "row \($0)" })
    let names = ["price", "sym", "noise", "note"]
    let bytes = try SegmentCodec.encode(names: names, columns: [prices, symbols, noise, text])
    // Against every column encoded as it is: the prices and symbol codes take a fraction.
    let plain = zip(names, [prices, symbols, noise, text]).reduce(0) { total, c in
      let (head, bulk) = ValueCodec.encodeColumn(name: c.0, c.1)
      return total + head.count + (bulk?.byteCount ?? 0)
    }
    #expect(bytes.count < plain - n * 8, "\(bytes.count) bytes for \(plain) plain")
    let header = try #require(SegmentFormat.header(bytes, fileSize: bytes.count))
    #expect(header.columns.map { $0.bulkLength > 0 } == [true, true, false, false])
    let segment = SegmentRecord(id: "s1", rows: n, bytes: bytes.count, checksum: SegmentFormat.checksum(bytes))
    try store.stage(StagedSegment(chunkId: "c1", segment: segment, payload: bytes))
    let found = try #require(try store.readColumns("c1", segment, nil))
    #expect(found.table.columns[0].doubles == prices.doubles)
    #expect(found.table.columns[1].strings == symbols.strings)
    #expect(found.table.columns[2].int64s == noise.int64s)
    #expect(found.table.columns[3].strings == text.strings)
    #expect(try SegmentCodec.decode(bytes).columns[0].doubles == prices.doubles)
    // A damaged byte inside a compressed column is found by its checksum, not expanded.
    let price = header.columns[0]
    var bad = bytes
    bad[header.dataStart + price.offset + price.length - 10] ^= 0x5A
    try Data(bad).write(to: URL(fileURLWithPath: try #require(store.locate("c1", "s1") as String?)))
    #expect { _ = try store.readColumns("c1", segment, ["price"]) } throws: { ($0 as? CatalogError)?.kind == .damaged }
    // A bulk that claims more than its bytes can expand to is a damaged header, not an
    // allocation: the price column's bulk length sits after magic, length, count, its name
    // and four u64 fields.
    var lying = bytes
    let at = 8 + 4 + 4 + "price".utf8.count + 32
    for i in 0..<8 { lying[at + i] = i < 6 ? 0xFF : 0 }
    #expect(SegmentFormat.header(bytes, fileSize: bytes.count) != nil)
    #expect(SegmentFormat.header(lying, fileSize: lying.count) == nil)
  }

  @Test func columnsOfSeveralBlocksCompressSideBySideAndReadBackExactly() throws {
    // 400,000 rows: the prices take four blocks (the last one short), the symbol codes two,
    // the noise four that do not compress; their blocks are compressed together.
    let n = 400_000
    var random = SystemRandomNumberGenerator()
    let prices = Vector(doubles: (0..<n).map { Double(10 + ($0 * 7919) % 13) + 0.5 })
    let symbols = Vector(strings: (0..<n).map { "S\($0 / 7000)" }, type: .symbol)
    let noise = Vector(
      type: .long, ints: (0..<n).map { _ in Int64.random(in: Int64.min + 1...Int64.max, using: &random) })
    let bytes = try SegmentCodec.encode(names: ["price", "sym", "noise"], columns: [prices, symbols, noise])
    let header = try #require(SegmentFormat.header(bytes, fileSize: bytes.count))
    #expect(header.columns.map { $0.bulkLength } == [n * 8, n * 4, 0])
    #expect(SegmentFormat.verify(bytes, SegmentFormat.checksum(bytes)))
    let table = try SegmentCodec.decode(bytes)
    #expect(table.columns[0].doubles == prices.doubles)
    #expect(table.columns[1].strings == symbols.strings)
    #expect(table.columns[2].int64s == noise.int64s)
  }

  @Test func blocksCompressedSideBySideLieInTheirOrderOrAreRefusedWhenTheyDoNotSave() throws {
    // Three blocks (the last one short), compressed on several threads, after a prefix.
    let raw = (0..<(2 * BlockCompression.blockSize + 1000)).map { UInt8(truncatingIfNeeded: $0 / 3 % 251) }
    let packed = try #require(
      raw.withUnsafeBytes { BlockCompression.compressed($0, after: [9, 8, 7], smallerThan: raw.count) })
    #expect(Array(packed.prefix(3)) == [9, 8, 7])
    var back = [UInt8](repeating: 0, count: raw.count)
    let expanded = packed.withUnsafeBytes { p in
      back.withUnsafeMutableBytes { BlockCompression.expand(UnsafeRawBufferPointer(rebasing: p[3...]), into: $0) }
    }
    #expect(expanded && back == raw)
    // Not fewer bytes than the limit: stored as it is instead.
    #expect(raw.withUnsafeBytes { BlockCompression.compressed($0, after: [], smallerThan: 10) } == nil)
    // Bytes that do not compress (random doubles' bits) are refused, however many blocks.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let noise = (0..<(40 * BlockCompression.blockSize)).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 33)
    }
    #expect(
      noise.withUnsafeBytes { BlockCompression.compressed($0, after: [], smallerThan: noise.count * 9 / 10) } == nil)
  }

  @Test func aSegmentMadeInPartsIsCheckedPartByPartAndStoredWhole() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v"])
    let columns = [
      Vector(doubles: (0..<20_000).map { Double($0 % 9) }),
      Vector(strings: ["a", "b"] + Array(repeating: "c", count: 19_998)),
    ]
    let parts = try SegmentCodec.encodeParts(names: ["x", "s"], columns: columns)
    // The header, then one part per column; together they are the segment's bytes.
    let whole = try SegmentCodec.encode(names: ["x", "s"], columns: columns)
    #expect(parts.parts.count == 3 && parts.joined == whole)
    #expect(parts.bytes(5..<40) == Array(parts.joined[5..<40]))
    #expect(
      parts.bytes(parts.parts[0].count - 3..<parts.parts[0].count + 3)
        == Array(parts.joined[parts.parts[0].count - 3..<parts.parts[0].count + 3]))
    let checksum = SegmentFormat.checksum(parts.parts[0])
    #expect(SegmentFormat.verify(parts, checksum))
    // Damage in a column's part is found without putting the parts together.
    var damaged = parts.parts
    damaged[2][damaged[2].count / 2] ^= 0x40
    #expect(!SegmentFormat.verify(SegmentBytes(parts: damaged), checksum))
    let segment = SegmentRecord(id: "s1", rows: 20_000, bytes: parts.count, checksum: checksum)
    #expect(throws: CatalogError.self) {
      try store.stage(StagedSegment(chunkId: "c1", segment: segment, bytes: SegmentBytes(parts: damaged)))
    }
    try store.stage(StagedSegment(chunkId: "c1", segment: segment, bytes: parts))
    #expect(try store.read("c1", segment) == parts.joined)
  }

  @Test func aSegmentSentInPiecesIsStoredOnlyWholeAndChecked() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v"])
    let bytes = try SegmentCodec.encode(
      names: ["a", "b"],
      columns: [Vector(doubles: (0..<1000).map(Double.init)), Vector(type: .int, ints: Array(0..<1000))])
    let segment = SegmentRecord(id: "s1", rows: 1000, bytes: bytes.count, checksum: SegmentFormat.checksum(bytes))
    func piece(_ range: Range<Int>, of source: [UInt8] = bytes, as record: SegmentRecord = segment) throws {
      try source[range].withUnsafeBytes {
        try store.stagePiece(chunkId: "c1", segment: record, offset: range.lowerBound, bytes: $0)
      }
    }
    try piece(0..<5000)
    // Not there until the last piece: no reader or inventory sees half a segment.
    #expect(!store.has("c1", "s1") && store.inventory().isEmpty)
    // A piece that would leave a hole, or reach past the segment's end, is refused.
    #expect { try piece(6000..<7000) } throws: { "\($0)".contains("a piece is missing") }
    #expect { try piece(5000..<bytes.count + 1, of: bytes + [0]) } throws: {
      ($0 as? CatalogError)?.kind == .damaged && "\($0)".contains("lies outside its \(bytes.count) bytes")
    }
    // A piece sent again (a retried call) is harmless.
    try piece(0..<5000)
    try piece(5000..<bytes.count)
    #expect(try store.read("c1", segment) == bytes)
    #expect(store.inventory() == ["c1": ["s1": bytes.count]])
    // Damage anywhere is found when the last piece lands, and nothing is stored.
    var bad = bytes
    bad[100] ^= 0xFF
    let other = SegmentRecord(id: "s2", rows: 1000, bytes: bytes.count, checksum: segment.checksum)
    try piece(0..<4000, of: bad, as: other)
    #expect { try piece(4000..<bytes.count, of: bad, as: other) } throws: {
      ($0 as? CatalogError)?.kind == .damaged && "\($0)".contains("arrived damaged")
    }
    #expect(!store.has("c1", "s2"))
    #expect(FileAccess.list(root + "/v/CHUNKS/c1") == ["s1.seg"])
  }

  @Test func chunksSpreadOverTheVolumesAndAreFoundAfterTheListChanges() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let volumes = (1...3).map { root + "/v\($0)" }
    let store = try ChunkStore(volumes: volumes)
    let segments = (0..<30).map { segment("s\($0)", [UInt8($0)]) }
    for s in segments { try store.stage(s) }
    let used = volumes.map {
      (FileManager.default.subpaths(atPath: $0 + "/CHUNKS") ?? []).filter { $0.hasSuffix(".seg") }.count
    }
    #expect(used.allSatisfy { $0 > 0 }, "\(used)")
    #expect(used.reduce(0, +) == 30)
    // The same folders listed in another order: every segment is still found.
    let reordered = try ChunkStore(volumes: volumes.reversed())
    for s in segments { #expect(try reordered.read(s.chunkId, s.segment) == s.payload) }
    #expect(ChunkStore.volumes(parameter: " /a, /b ,", home: "/h") == ["/a", "/b"])
    #expect(ChunkStore.volumes(parameter: nil, home: "/h") == ["/h/storage"])
  }

  @Test func uncommittedSegmentsAreRemovedOnlyOnceTheyAreOld() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try ChunkStore(volumes: [root + "/v1"])
    let committed = segment("kept", [1, 2])
    let orphan = StagedSegment(chunkId: committed.chunkId, segment: segment("orphan", [3]).segment, payload: [3])
    try store.stage(committed)
    try store.stage(orphan)
    let listing = [committed.chunkId: Set(["kept"])]
    // Young: it may be a commit in flight.
    #expect(store.removeUncommitted(committed: listing, graceMillis: 60_000).isEmpty)
    let later = Date().addingTimeInterval(120)
    #expect(
      store.removeUncommitted(committed: listing, graceMillis: 60_000, now: later) == ["\(committed.chunkId)/orphan"])
    #expect(store.has(committed.chunkId, "kept"))
    #expect(!store.has(committed.chunkId, "orphan"))
    // A chunk folder a stage just made, before its segment is written: a sweep running then
    // leaves it (it once removed it, and the stage failed); an old empty one goes.
    let fresh = root + "/v1/CHUNKS/c-fresh"
    try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
    _ = store.removeUncommitted(committed: listing, graceMillis: 60_000)
    #expect(FileManager.default.fileExists(atPath: fresh))
    _ = store.removeUncommitted(committed: listing, graceMillis: 60_000, now: later)
    #expect(!FileManager.default.fileExists(atPath: fresh))
  }
}
