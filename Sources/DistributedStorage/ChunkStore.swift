import Foundation
import PorpoiseSupport
import ScriptRuntime

/// The chunk replicas a data node holds, under its `volumes`: one file per segment,
/// `<volume>/CHUNKS/<chunkId>/<segmentId>.seg`, written durably and checked against its
/// checksum when written and when read. A chunk lives in one volume, chosen by its id (so
/// chunks spread over the volumes); reads look in the others too, so changing `volumes`
/// loses nothing.
///
/// The store does not decide what is visible: a reader asks for the segments the catalog's
/// record of the chunk lists, so a staged segment no commit listed is never read, and the
/// janitor (`removeUncommitted`) deletes it once it is old enough not to be a commit in flight.
public final class ChunkStore: Sendable {
  public let volumes: [String]
  /// Whether a segment is forced to disk before it counts as staged (the node's `dataSync`).
  /// Without it a staged segment survives the process's death (kill -9), not the machine's.
  public let sync: Bool

  /// `volumes` as the node's parameter gives them (comma-separated), or `<home>/storage`.
  public init(volumes: [String], sync: Bool = true) throws(CatalogError) {
    guard !volumes.isEmpty else { throw CatalogError(.unavailable, DFSMessages.noVolume()) }
    self.volumes = volumes
    self.sync = sync
    for v in volumes {
      do { try DurableFile.makeDirectory(v + "/CHUNKS") } catch {
        throw CatalogError(.unavailable, DFSMessages.volumeUnusable(v, error.message))
      }
    }
  }

  /// The volumes of a `volumes` parameter: comma-separated folders, blanks dropped.
  public static func volumes(parameter: String?, home: String) -> [String] {
    let listed = (parameter ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    return listed.isEmpty ? [home + "/storage"] : listed
  }

  func folder(_ chunkId: String, volume: String) -> String { volume + "/CHUNKS/" + chunkId }

  /// Whether a chunk or segment id (they come over the network) is one this store makes a
  /// file name of: 1 to 64 letters, digits and dashes, so no id reaches outside the volume.
  public static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 64
      && id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }
  }

  static func checkIDs(_ chunkId: String, _ segmentId: String) throws(CatalogError) {
    guard isValidID(chunkId), isValidID(segmentId) else {
      throw CatalogError(.damaged, DFSMessages.invalidChunkID(isValidID(chunkId) ? segmentId : chunkId))
    }
  }

  /// The volume a new chunk goes to.
  func home(of chunkId: String) -> String {
    let h = Array(chunkId.utf8).withUnsafeBytes { Checksum.of($0) }
    return volumes[Int(h % UInt64(volumes.count))]
  }

  /// Where a segment's file is, if this node has it.
  func locate(_ chunkId: String, _ segmentId: String) -> String? {
    guard ChunkStore.isValidID(chunkId), ChunkStore.isValidID(segmentId) else { return nil }
    for v in [home(of: chunkId)] + volumes {
      let path = folder(chunkId, volume: v) + "/" + segmentId + ".seg"
      if FileAccess.isFile(path) { return path }
    }
    return nil
  }

  /// Writes a segment durably after checking the bytes against its checksum.
  public func stage(_ s: StagedSegment) throws(CatalogError) {
    try ChunkStore.checkIDs(s.chunkId, s.segment.id)
    guard s.bytes.count == s.segment.bytes, SegmentFormat.verify(s.bytes, s.segment.checksum) else {
      throw CatalogError(.damaged, DFSMessages.segmentArrivedDamaged(s.segment.id, chunk: s.chunkId))
    }
    if locate(s.chunkId, s.segment.id) != nil { return }
    let dir = folder(s.chunkId, volume: home(of: s.chunkId))
    do {
      try DurableFile.makeDirectory(dir)
      try DurableFile.replace(dir + "/" + s.segment.id + ".seg", parts: s.bytes.parts, sync: sync)
    } catch {
      throw CatalogError(.unavailable, DFSMessages.cannotStoreSegment(s.segment.id, chunk: s.chunkId, error.message))
    }
  }

  /// Writes one piece of a segment too large for one message, at `offset` of the segment (0
  /// starts it afresh; a piece sent again is written again). The piece that completes it
  /// forces the file to disk, checks all of it against the checksum and moves it into place,
  /// so a segment becomes stageable only whole and checked, as `stage` makes it. Until then
  /// it is a `.tmp` file the janitor removes when it is abandoned.
  public func stagePiece(
    chunkId: String, segment: SegmentRecord, offset: Int, bytes: UnsafeRawBufferPointer
  ) throws(CatalogError) {
    try ChunkStore.checkIDs(chunkId, segment.id)
    guard offset >= 0, segment.bytes >= 0, offset <= segment.bytes, bytes.count <= segment.bytes - offset else {
      throw CatalogError(
        .damaged,
        DFSMessages.segmentPieceOutOfRange(
          segment.id, chunk: chunkId, offset: offset, count: bytes.count, total: segment.bytes))
    }
    if locate(chunkId, segment.id) != nil { return }
    let dir = folder(chunkId, volume: home(of: chunkId))
    let (part, path) = (dir + "/" + segment.id + ".part.tmp", dir + "/" + segment.id + ".seg")
    do {
      if offset == 0 { try DurableFile.makeDirectory(dir) }
      let size = try DurableFile.writePiece(bytes, to: part, at: offset)
      guard offset + bytes.count == segment.bytes else { return }
      guard size == segment.bytes, FileAccess.mapped(part, { SegmentFormat.verify($0, segment.checksum) }) == true
      else {
        unlink(part)
        throw CatalogError(.damaged, DFSMessages.segmentArrivedDamaged(segment.id, chunk: chunkId))
      }
      try DurableFile.install(part, as: path, sync: sync)
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError(.unavailable, DFSMessages.cannotStoreSegment(segment.id, chunk: chunkId, "\(error)"))
    }
  }

  /// A segment's bytes, checked against the catalog's checksum: a corrupt replica is reported,
  /// never served.
  public func read(_ chunkId: String, _ segment: SegmentRecord) throws(CatalogError) -> [UInt8] {
    try ChunkStore.checkIDs(chunkId, segment.id)
    guard let path = locate(chunkId, segment.id) else {
      throw CatalogError(.notFound, DFSMessages.noSegmentHere(segment.id, chunk: chunkId))
    }
    guard let bytes = FileAccess.readBytes(path) else {
      throw CatalogError(.unavailable, DFSMessages.cannotReadFile(path))
    }
    guard SegmentFormat.verify(bytes, segment.checksum) else {
      throw CatalogError(.damaged, DFSMessages.corruptSegmentFile(path))
    }
    return bytes
  }

  /// Some columns of a segment (lower-cased names; nil: all), each checked, and the names of
  /// all its columns; nil for a version 1 segment, which is read whole (`read`).
  public func readColumns(_ chunkId: String, _ segment: SegmentRecord, _ wanted: Set<String>?) throws(CatalogError)
    -> (table: Table, names: [String])?
  {
    try ChunkStore.checkIDs(chunkId, segment.id)
    guard let path = locate(chunkId, segment.id) else {
      throw CatalogError(.notFound, DFSMessages.noSegmentHere(segment.id, chunk: chunkId))
    }
    let found = FileAccess.mapped(path) { raw in
      SegmentFormat.readColumns(raw, expected: segment.checksum, wanted: wanted)
    }
    switch found {
    case nil: throw CatalogError(.unavailable, DFSMessages.cannotReadFile(path))
    case .version1?: return nil
    case .damaged?: throw CatalogError(.damaged, DFSMessages.corruptSegmentFile(path))
    case .undecodable(let why)?: throw CatalogError(.unavailable, DFSMessages.segmentDoesNotDecode(why))
    case .columns(let table, let names)?: return (table, names)
    }
  }

  /// A segment's partial aggregates of `plan` computed by scanning its columns in place
  /// (`SegmentScan`); nil when the plan or the segment does not suit a scan.
  public func scanAggregate(_ chunkId: String, _ segment: SegmentRecord, _ plan: AggregatePlan) throws(CatalogError)
    -> Table?
  {
    try ChunkStore.checkIDs(chunkId, segment.id)
    guard let path = locate(chunkId, segment.id) else {
      throw CatalogError(.notFound, DFSMessages.noSegmentHere(segment.id, chunk: chunkId))
    }
    let found = FileAccess.mapped(path) { raw in SegmentScan.aggregate(raw, expected: segment.checksum, plan: plan) }
    switch found {
    case nil: throw CatalogError(.unavailable, DFSMessages.cannotReadFile(path))
    case .unsuitable?: return nil
    case .damaged?: throw CatalogError(.damaged, DFSMessages.corruptSegmentFile(path))
    case .undecodable(let why)?: throw CatalogError(.unavailable, DFSMessages.segmentDoesNotDecode(why))
    case .partial(let table)?: return table
    }
  }

  public func has(_ chunkId: String, _ segmentId: String) -> Bool { locate(chunkId, segmentId) != nil }

  /// Deletes this node's copy of a segment (a corrupt one, before it is copied again).
  public func discard(_ chunkId: String, _ segmentId: String) {
    // Once per volume at most: a file that cannot be removed must not loop forever.
    for _ in volumes {
      guard let path = locate(chunkId, segmentId) else { return }
      try? FileManager.default.removeItem(atPath: path)
    }
  }

  /// Every chunk this node holds, with its segment ids and their sizes in bytes.
  public func inventory() -> [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    for v in volumes {
      for chunk in FileAccess.list(v + "/CHUNKS") ?? [] {
        for file in FileAccess.list(folder(chunk, volume: v)) ?? [] where file.hasSuffix(".seg") {
          let size = (try? FileManager.default.attributesOfItem(atPath: folder(chunk, volume: v) + "/" + file))?[.size]
          out[chunk, default: [:]][String(file.dropLast(4))] = (size as? NSNumber)?.intValue ?? 0
        }
      }
    }
    return out
  }

  /// Whether `path` was last changed more than `graceMillis` before `now`.
  func isOld(_ path: String, graceMillis: Int64, now: Date) -> Bool {
    let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    guard let modified else { return false }
    return now.timeIntervalSince(modified) * 1000 > Double(graceMillis)
  }

  /// Deletes segments no committed chunk lists (`committed`: chunk id to segment ids) once
  /// they are older than `graceMillis` (younger ones may belong to a commit in flight), and
  /// chunks left empty. Returns what it removed, as `chunk/segment`.
  @discardableResult
  public func removeUncommitted(committed: [String: Set<String>], graceMillis: Int64, now: Date = Date()) -> [String] {
    var removed: [String] = []
    for v in volumes {
      for chunk in FileAccess.list(v + "/CHUNKS") ?? [] {
        let dir = folder(chunk, volume: v)
        for file in FileAccess.list(dir) ?? [] where file.hasSuffix(".seg") || file.hasSuffix(".tmp") {
          // A `.tmp` is a write a crash interrupted: never committed, whatever its name.
          let id = file.hasSuffix(".seg") ? String(file.dropLast(4)) : file
          if committed[chunk]?.contains(id) == true { continue }
          guard isOld(dir + "/" + file, graceMillis: graceMillis, now: now) else { continue }
          try? FileManager.default.removeItem(atPath: dir + "/" + file)
          removed.append(chunk + "/" + id)
        }
        // An empty chunk folder goes too, once old: a young one may be a stage about to write
        // its first segment there.
        if (FileAccess.list(dir) ?? []).isEmpty, isOld(dir, graceMillis: graceMillis, now: now) {
          try? FileManager.default.removeItem(atPath: dir)
        }
      }
    }
    return removed.sorted()
  }
}
