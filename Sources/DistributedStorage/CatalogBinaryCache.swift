import Foundation
import PorpoiseSupport
import WireProtocol

extension FileCatalog {
  /// A database file's document in a binary form beside it (`<file>.bin`), named by the JSON's
  /// checksum and length: a new process decodes 10,000 chunk records from it in milliseconds
  /// where `JSONDecoder` takes a hundred and fifty. The JSON stays the record; the binary form
  /// is only believed for the exact bytes it was made from, and anything wrong with it (a
  /// stale, torn or damaged file) sends the reader back to the JSON.
  enum BinaryCache {
    static let magic: [UInt8] = Array("PCB1".utf8)
    /// Bounds on what a cache file may claim.
    static let maxCount = 10_000_000

    static func path(_ file: String) -> String { file + ".bin" }

    /// The document of `json` (the file's bytes) from the cache, or nil.
    static func read(_ file: String, json: [UInt8]) -> Document? {
      guard let bytes = FileAccess.readBytes(path(file)), bytes.starts(with: magic) else { return nil }
      var r = ByteReader(bytes, offset: magic.count)
      do throws(WireError) {
        guard try r.u64("a checksum") == json.withUnsafeBytes({ Checksum.of($0) }),
          try r.u64("a length") == UInt64(json.count)
        else { return nil }
        // The database and table records are small: JSON, as in the file.
        let head = try r.string("the records")
        guard let records = try? JSONDecoder().decode(Records.self, from: Data(head.utf8)) else { return nil }
        var d = Document(database: records.database, tables: records.tables)
        let tables = try count(&r)
        for _ in 0..<tables {
          let table = try r.string("a table")
          let n = try count(&r)
          var chunks: [String: StoredChunk] = [:]
          chunks.reserveCapacity(n)
          for _ in 0..<n {
            let key = try r.string("a partition")
            let version = Int32(truncatingIfNeeded: try r.i64())
            chunks[key] = StoredChunk(record: try chunk(&r), version: version)
          }
          d.chunks[table] = chunks
        }
        return r.isAtEnd ? d : nil
      } catch {
        return nil
      }
    }

    /// Writes the cache of `d`, whose JSON is `json` (a hint: a failure leaves no cache).
    static func write(_ file: String, json: [UInt8], _ d: Document) {
      guard let head = try? JSONEncoder().encode(Records(database: d.database, tables: d.tables)) else { return }
      var w = ByteWriter(capacity: 64 + json.count / 2)
      w.append(magic)
      w.u64(json.withUnsafeBytes { Checksum.of($0) })
      w.u64(UInt64(json.count))
      w.string(String(decoding: head, as: UTF8.self))
      w.u32(UInt32(d.chunks.count))
      for (table, chunks) in d.chunks {
        w.string(table)
        w.u32(UInt32(chunks.count))
        for (key, stored) in chunks {
          w.string(key)
          w.i64(Int64(stored.version))
          put(stored.record, &w)
        }
      }
      try? DurableFile.replace(path(file), with: w.bytes, sync: false)
    }

    struct Records: Codable {
      var database: DatabaseRecord
      var tables: [TableRecord]
    }

    static func count(_ r: inout ByteReader) throws(WireError) -> Int {
      let n = Int(try r.u32("a count"))
      guard n <= maxCount else { throw WireError("a count of \(n)") }
      return n
    }

    static func put(_ c: ChunkRecord, _ w: inout ByteWriter) {
      for s in [c.chunkId, c.database, c.table, c.partition, c.keys] { w.string(s) }
      w.i64(Int64(c.version))
      w.i64(c.lastUpdated)
      w.u32(UInt32(c.segments.count))
      for s in c.segments {
        w.string(s.id)
        w.i64(Int64(s.rows))
        w.i64(Int64(s.bytes))
        w.string(s.checksum)
      }
      w.u32(UInt32(c.replicas.count))
      for r in c.replicas {
        w.string(r.alias)
        w.i64(Int64(r.version))
      }
    }

    static func chunk(_ r: inout ByteReader) throws(WireError) -> ChunkRecord {
      let (id, database, table, partition, keys) = (
        try r.string(), try r.string(), try r.string(), try r.string(), try r.string()
      )
      let version = Int(try r.i64())
      let lastUpdated = try r.i64()
      var segments: [SegmentRecord] = []
      for _ in 0..<(try count(&r)) {
        let (sid, rows, bytes) = (try r.string(), Int(try r.i64()), Int(try r.i64()))
        segments.append(SegmentRecord(id: sid, rows: rows, bytes: bytes, checksum: try r.string()))
      }
      var replicas: [ReplicaRecord] = []
      for _ in 0..<(try count(&r)) {
        replicas.append(ReplicaRecord(alias: try r.string(), version: Int(try r.i64())))
      }
      return ChunkRecord(
        chunkId: id, database: database, table: table, partition: partition, keys: keys, version: version,
        segments: segments, replicas: replicas, lastUpdated: lastUpdated)
    }
  }
}
