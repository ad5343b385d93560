import Foundation
import PorpoiseSupport
import Synchronization
import WireProtocol

/// The file behind the schedule (`<home>/sysmgmt/jobSchedule.log`): records appended and
/// fsynced one by one, each framed by its length and checksum so a torn last one is known.
final class ScheduleLog: Sendable {
  let path: String
  private let lock = Mutex(())

  init(folder: String) { path = folder + "/jobSchedule.log" }

  /// The records as written, up to the first that is torn or damaged.
  func load() -> [ScheduleRecord] {
    guard let bytes = FileAccess.readBytes(path) else { return [] }
    var out: [ScheduleRecord] = []
    var r = ByteReader(bytes)
    while !r.isAtEnd {
      guard let sum = try? r.u64("a checksum"), let body = try? r.array(UInt8.self, "a record"),
        body.withUnsafeBytes({ Checksum.of($0) }) == sum, let record = ScheduleRecord.decode(body)
      else { break }
      out.append(record)
    }
    return out
  }

  func append(_ record: ScheduleRecord) throws(FileError) {
    let body = record.encode()
    var w = ByteWriter()
    w.u64(body.withUnsafeBytes { Checksum.of($0) })
    w.array(body)
    let bytes = w.bytes
    try lock.withLock { _ throws(FileError) in
      try DurableFile.makeDirectory(FileAccess.directory(of: path))
      try DurableFile.append(bytes, to: path, sync: true)
    }
  }
}
