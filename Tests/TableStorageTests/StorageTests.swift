import Foundation
import Testing

@testable import ScriptRuntime
@testable import TableStorage

/// The storage engine against a real temporary folder: pruning, checksums, crash leftovers.
@Suite struct StorageTests {
  let home: String
  let engine: StorageEngine

  init() {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-storage-\(UUID().uuidString)").path
    engine = StorageEngine(home: home)
  }

  func days(_ y: Int, _ m: Int, _ d: Int) -> Int64 {
    Int64(ScriptSyntaxCalendar.days(y, m, d))
  }

  /// A VALUE-on-DATE table with one row on each of three days.
  func threeDayTable() throws -> TableHandle {
    let scheme = Vector(type: .date, ints: [days(2024, 1, 1), days(2024, 1, 2), days(2024, 1, 3)])
    let spec = DatabaseSpec(
      partition: PartitionSpec(kind: .value, scheme: StoredVector(scheme)), engine: "OLAP", atomic: "TRANS")
    let db = try engine.database("dfs://t", spec: spec)
    let template = try Table(names: ["time", "v"], columns: [Vector.empty(.datetime), Vector.empty(.int)])
    let t = try engine.createTable(db, "t", template, partitionColumns: ["time"])
    let times = (0..<3).map { (days(2024, 1, 1) + Int64($0)) * 86400 + 3600 }
    _ = try engine.append(
      t, columns: [Vector(type: .datetime, ints: times), Vector(type: .int, ints: [1, 2, 3])], from: "test")
    return t
  }

  @Test func scanSkipsPartitionsThePredicateExcludes() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    let all = try engine.scan(t, columns: nil, predicates: [])
    #expect(all.rowCount == 3)
    let from2 = ColumnPredicate(
      column: "time", kind: .greaterOrEqual, values: [.int(days(2024, 1, 2) * 86400, .datetime)])
    #expect(try engine.scan(t, columns: nil, predicates: [from2]).rowCount == 2)
    let on1 = ColumnPredicate(column: "TIME", kind: .equal, values: [.int(days(2024, 1, 1) * 86400 + 3600, .datetime)])
    #expect(try engine.scan(t, columns: ["v"], predicates: [on1]).rowCount == 1)
    let before = ColumnPredicate(column: "time", kind: .less, values: [.int(days(2023, 12, 31) * 86400, .datetime)])
    #expect(try engine.scan(t, columns: nil, predicates: [before]).rowCount == 0)
  }

  @Test func corruptColumnFileIsReportedNotRead() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    let file = home + "/dfs/t/tables/t/2024.01.02/s2/c1.col"
    var bytes = try #require(FileManager.default.contents(atPath: file))
    bytes[0] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: file))
    #expect {
      _ = try engine.scan(t, columns: nil, predicates: [])
    } throws: { error in
      (error as? ScriptError)?.message.contains("corrupt column file") == true
    }
  }

  @Test func everySingleByteFlipInTheMetadataIsReportedNeverRead() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    let expected = try engine.scan(t, columns: nil, predicates: []).rowCount
    for name in ["tables/t/manifest.json", "tables/t/schema.json", "database.json"] {
      let file = home + "/dfs/t/" + name
      let original = try #require(FileManager.default.contents(atPath: file))
      for offset in 0..<original.count {
        var bytes = original
        bytes[offset] ^= 0x04
        try bytes.write(to: URL(fileURLWithPath: file))
        // A fresh engine: nothing remembered from before the flip.
        let fresh = StorageEngine(home: home)
        do {
          let db = try fresh.database("dfs://t", spec: nil)
          let rows = try fresh.scan(try fresh.loadTable(db, "t"), columns: nil, predicates: []).rowCount
          Issue.record("\(name) byte \(offset) flipped was read as \(rows) rows (of \(expected))")
        } catch {
          #expect(error.message.contains("corrupt metadata file"), "\(name) byte \(offset): \(error.message)")
        }
      }
      try original.write(to: URL(fileURLWithPath: file))
    }
    #expect(try engine.scan(t, columns: nil, predicates: []).rowCount == expected)
  }

  @Test func truncatedColumnFileIsReported() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    let file = home + "/dfs/t/tables/t/2024.01.03/s3/c0.col"
    try Data().write(to: URL(fileURLWithPath: file))
    #expect {
      _ = try engine.scan(t, columns: nil, predicates: [])
    } throws: { error in
      (error as? ScriptError)?.message.contains("c0.col") == true
    }
  }

  @Test func segmentsTheManifestDoesNotListAreRemovedOnOpen() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    // What a crash between writing a segment and committing the manifest leaves behind.
    let orphan = home + "/dfs/t/tables/t/2024.01.02/s99"
    try FileManager.default.createDirectory(atPath: orphan, withIntermediateDirectories: true)
    try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: orphan + "/c1.col"))
    _ = try engine.loadTable(t.database, "t")
    #expect(!FileManager.default.fileExists(atPath: orphan))
    #expect(try engine.scan(t, columns: nil, predicates: []).rowCount == 3)
  }

  @Test func failedAppendWritesNothing() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let t = try threeDayTable()
    let badTypes = [Vector(type: .datetime, ints: [0]), Vector(strings: ["x"])]
    #expect(throws: ScriptError.self) { _ = try engine.append(t, columns: badTypes, from: "test") }
    let manifestBefore = try engine.manifest(t)
    #expect(manifestBefore.rowCount == 3)
    #expect(manifestBefore.nextSegment == 4)
  }
}

/// Day numbers without importing the syntax module's name into every test.
enum ScriptSyntaxCalendar {
  static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
    let yy = m <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }
}
