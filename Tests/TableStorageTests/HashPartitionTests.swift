import Foundation
import Testing

@testable import ScriptRuntime
@testable import TableStorage

/// HASH partitions: keys spread over every bucket, and databases written by the old hash
/// function (which put every INT in bucket 0 with 4 buckets) still read back right.
@Suite struct HashPartitionTests {
  let home: String
  let engine: StorageEngine

  init() {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-hash-\(UUID().uuidString)").path
    engine = StorageEngine(home: home)
  }

  func table(hashVersion: Int?, buckets: Int, keys: [Int64]) throws -> TableHandle {
    let spec = DatabaseSpec(
      partition: PartitionSpec(
        kind: .hash, hashType: DataType.int.rawValue, buckets: buckets, hashVersion: hashVersion),
      engine: "OLAP", atomic: "TRANS")
    let db = try engine.database("dfs://h\(hashVersion ?? 1)", spec: spec)
    let template = try Table(names: ["id", "v"], columns: [Vector.empty(.int), Vector.empty(.int)])
    let t = try engine.createTable(db, "t", template, partitionColumns: ["id"])
    _ = try engine.append(
      t, columns: [Vector(type: .int, ints: keys), Vector(type: .int, ints: keys.map { $0 * 10 })], from: "test")
    return t
  }

  func partitionRows(_ t: TableHandle) throws -> [Int] {
    try engine.manifest(t).partitions.map { $0.segments.reduce(0) { $0 + $1.rows } }
  }

  @Test func randomKeysFillEveryBucket() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    var generator = SystemRandomNumberGenerator()
    for buckets in [4, 10, 16] {
      let keys = (0..<4000).map { _ in Int64(Int32.random(in: Int32.min + 1...Int32.max, using: &generator)) }
      let stored = PartitionSpec(
        kind: .hash, hashType: DataType.int.rawValue, buckets: buckets, hashVersion: Partitioner.currentHashVersion)
      let placed = try Partitioner.keys(Vector(type: .int, ints: keys), stored).compactMap { $0?.int }
      var counts = [Int](repeating: 0, count: buckets)
      for b in placed { counts[Int(b)] += 1 }
      // Every bucket fills, none with more than twice its share or less than half.
      let share = 4000 / buckets
      #expect(counts.allSatisfy { $0 > share / 2 && $0 < share * 2 }, "\(buckets) buckets: \(counts)")
    }
  }

  @Test func integerKeysGoWhereDolphinDBsHashBucketPutsThem() throws {
    let spec = PartitionSpec(kind: .hash, hashType: DataType.int.rawValue, buckets: 10, hashVersion: 2)
    let placed = try Partitioner.keys(Vector(type: .int, ints: [34, 45, 67, -3]), spec).map { $0?.int }
    #expect(placed == [4, 5, 7, 7])
  }

  @Test func anOldDatabaseKeepsItsPlacementAndAnswersRight() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let keys = Array(Int64(1)...40)
    // Written as before the fix (no hashVersion): the old function's buckets, all in one.
    let old = try table(hashVersion: nil, buckets: 4, keys: keys)
    #expect(try partitionRows(old) == [40])
    // A point query prunes with the same old function: it keeps the one partition that holds
    // key 7 (pruning with the new function would look in key3, which does not exist, and
    // find nothing).
    let seven = ColumnPredicate(column: "id", kind: .equal, values: [.int(7, .int)])
    #expect(try engine.scan(old, columns: ["v"], predicates: [seven]).rowCount == 40)
    #expect(try engine.scan(old, columns: nil, predicates: []).rowCount == 40)
    // Opening it again with the same scheme is not a conflict, and it keeps its old function.
    let reopened = try engine.database(
      "dfs://h1",
      spec: DatabaseSpec(
        partition: PartitionSpec(kind: .hash, hashType: DataType.int.rawValue, buckets: 4, hashVersion: 2),
        engine: "OLAP", atomic: "TRANS"))
    #expect(reopened.spec.partition.hashVersion == nil)
    // New databases spread the same keys over every bucket.
    let new = try table(hashVersion: 2, buckets: 4, keys: keys)
    #expect(try partitionRows(new) == [10, 10, 10, 10])
    // The point query reads only key 7's bucket: 3, 7, 11, ... 39.
    #expect(try engine.scan(new, columns: ["v"], predicates: [seven]).rowCount == 10)
  }

  @Test func stringKeysGoWhereDolphinDBsHashBucketPutsThem() throws {
    // The buckets DolphinDB's manual shows for hashBucket(`AAPL`TSLA`GS`MS`GE`BA`UAL`WMT, 10).
    let spec = PartitionSpec(
      kind: .hash, hashType: DataType.symbol.rawValue, buckets: 10, hashVersion: Partitioner.currentHashVersion)
    let keys = Vector(strings: ["AAPL", "TSLA", "GS", "MS", "GE", "BA", "UAL", "WMT"])
    #expect(try Partitioner.keys(keys, spec).map { $0?.int } == [9, 4, 1, 8, 3, 7, 5, 2])
  }

  @Test func aDatabaseOfStringKeysHashedTheOldWayStillAnswersRight() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let names = (0..<60).map { "S\($0)" }
    for version in [2, Partitioner.currentHashVersion] {
      let spec = DatabaseSpec(
        partition: PartitionSpec(kind: .hash, hashType: DataType.string.rawValue, buckets: 5, hashVersion: version),
        engine: "OLAP", atomic: "TRANS")
      let db = try engine.database("dfs://s\(version)", spec: spec)
      let template = try Table(names: ["k", "v"], columns: [Vector.empty(.string), Vector.empty(.int)])
      let t = try engine.createTable(db, "t", template, partitionColumns: ["k"])
      _ = try engine.append(
        t, columns: [Vector(strings: names), Vector(type: .int, ints: (0..<60).map { Int64($0) })], from: "test")
      // A point query prunes with the function the database was written with, so every key is
      // found in its own bucket.
      for name in ["S0", "S17", "S59"] {
        let equal = ColumnPredicate(column: "k", kind: .equal, values: [.string(name, .string)])
        let found = try engine.scan(t, columns: ["k"], predicates: [equal])
        #expect(found.columns[0].strings.contains(name), "v\(version) \(name)")
      }
    }
  }
}
