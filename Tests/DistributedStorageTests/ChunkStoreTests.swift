import DistributedStorage
import Foundation
import PorpoiseSupport
import ScriptRuntime
import Testing

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
    bad.payload[0] = 0
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

  @Test func theSegmentCacheKeepsTheMostRecentlyUsedWithinItsBudget() throws {
    let cache = SegmentCache(budget: 100)
    let rows = ChunkRows(try Table(names: ["x"], columns: [Vector(doubles: [1, 2])]))
    cache.put("c", "1", rows, cost: 40)
    cache.put("c", "2", rows, cost: 40)
    _ = cache.get("c", "1")  // 1 is used again: 2 is now the least recently used
    cache.put("c", "3", rows, cost: 40)
    #expect(cache.get("c", "1") != nil)
    #expect(cache.get("c", "2") == nil)
    #expect(cache.get("c", "3") != nil)
    cache.put("c", "4", rows, cost: 101)  // larger than the budget: not kept, nothing evicted
    #expect(cache.get("c", "4") == nil && cache.get("c", "3") != nil)
    cache.evict("c", "3")
    #expect(cache.get("c", "3") == nil)
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
  }
}
