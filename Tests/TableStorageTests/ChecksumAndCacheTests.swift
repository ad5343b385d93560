import Foundation
import PorpoiseSupport
import Testing

@testable import ScriptRuntime
@testable import TableStorage

/// The one-pass copy and checksum, and the cache of decoded columns.
@Suite struct ChecksumAndCacheTests {
  @Test func copyingGivesTheSameChecksumAndBytesForEveryLength() {
    for length in [0, 1, 31, 32, 33, 64, 1000, 4099] {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
      var copy = [UInt8](repeating: 0, count: length)
      let sum = bytes.withUnsafeBytes { src in
        copy.withUnsafeMutableBytes { dst in
          Checksum.copying(src, to: dst.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 8)!)
        }
      }
      #expect(copy == bytes, "length \(length)")
      #expect(sum == bytes.withUnsafeBytes { Checksum.of($0) }, "length \(length)")
    }
  }

  @Test func aColumnReadJustAsTheUseLogIsRebuiltIsStillEvictedInItsTurn() throws {
    let cache = ColumnCache(budget: 4 * 8 * 1000)
    var loads: [String: Int] = [:]
    func column(_ key: String) throws -> Vector {
      try cache.column(key) { () throws(ScriptError) -> Vector in
        loads[key, default: 0] += 1
        return Vector(doubles: [Double](repeating: 1, count: 1000))
      }
    }
    // One put and 4,096 reads make 4,097 records: the last read rebuilds the log.
    for _ in 0...4_096 { _ = try column("/h/a/s1/c0#x") }
    for k in 0..<4 { _ = try column("/h/b/s\(k)/c0#z") }
    #expect(cache.cachedBytes <= 4 * 8 * 1000)
    // The oldest, the column read over and over, went; the newer ones stayed.
    _ = try column("/h/b/s0/c0#z")
    #expect(loads["/h/b/s0/c0#z"] == 1)
    _ = try column("/h/a/s1/c0#x")
    #expect(loads["/h/a/s1/c0#x"] == 2)
  }

  @Test func theCacheReadsOnceKeepsWithinItsBudgetAndForgetsDroppedFolders() throws {
    let cache = ColumnCache(budget: 4 * 8 * 1000)
    var loads = 0
    func column(_ key: String) throws -> Vector {
      try cache.column(key) { () throws(ScriptError) -> Vector in
        loads += 1
        return Vector(doubles: [Double](repeating: 1, count: 1000))
      }
    }
    _ = try column("/h/a/s1/c0#x")
    _ = try column("/h/a/s1/c0#x")
    #expect(loads == 1)
    // A new checksum is another column (a segment written again).
    _ = try column("/h/a/s1/c0#y")
    #expect(loads == 2)
    // Over budget, the least recently used goes.
    for k in 0..<4 { _ = try column("/h/b/s\(k)/c0#z") }
    #expect(cache.cachedBytes <= 4 * 8 * 1000)
    _ = try column("/h/a/s1/c0#x")
    #expect(loads == 7)
    cache.forget(under: "/h/b/")
    #expect(cache.cachedBytes == 8000)
    // After thousands of reads (the use log compacted on the way), the least recently used
    // column is still the one that goes.
    for _ in 0..<10_000 { _ = try column("/h/a/s1/c0#x") }
    for k in 0..<3 { _ = try column("/h/c/s\(k)/c0#z") }
    _ = try column("/h/a/s1/c0#x")
    _ = try column("/h/c/s3/c0#z")  // over budget: s0, the oldest, goes
    let before = loads
    _ = try column("/h/a/s1/c0#x")
    _ = try column("/h/c/s2/c0#z")
    #expect(loads == before)
    _ = try column("/h/c/s0/c0#z")
    #expect(loads == before + 1)
  }
}

/// A table recreated behind this process's back (another process sharing the home) is read
/// afresh, even where its SYMBOL codes are the same as before.
@Suite struct CacheAcrossProcessesTests {
  @Test func aRecreatedTableWithTheSameCodesShowsItsNewSymbols() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-cache-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    func make(_ engine: StorageEngine, _ symbols: [String]) throws -> TableHandle {
      let spec = DatabaseSpec(
        partition: PartitionSpec(kind: .value, scheme: StoredVector(Vector(type: .int, ints: [1]))), engine: "OLAP",
        atomic: "TRANS")
      let db = try engine.database("dfs://c", spec: spec)
      let template = try Table(names: ["p", "s"], columns: [Vector.empty(.int), Vector.empty(.symbol)])
      let t = try engine.createTable(db, "t", template, partitionColumns: ["p"])
      _ = try engine.append(
        t, columns: [Vector(type: .int, ints: [1, 1]), Vector(strings: symbols, type: .symbol)], from: "test")
      return t
    }
    let first = StorageEngine(home: home)
    let t = try make(first, ["a", "b"])
    #expect(try first.scan(t, columns: nil, predicates: []).columns[1].strings == ["a", "b"])
    // "Another process" removes the database folder and builds it again with other symbols.
    try FileManager.default.removeItem(atPath: home + "/dfs/c")
    let other = StorageEngine(home: home)
    _ = try make(other, ["x", "y"])
    let again = try first.loadTable(try first.database("dfs://c", spec: nil), "t")
    #expect(try first.scan(again, columns: nil, predicates: []).columns[1].strings == ["x", "y"])
  }
}
