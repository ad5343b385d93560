import Foundation
import PorpoiseSupport
import ScriptRuntime

/// The two CSV logs of resource tracking: how lines are written, rolled, expired and read back.
enum ResourceLogs {
  enum Kind: String, CaseIterable {
    case hardware, access

    var header: String {
      switch self {
      case .hardware: return "timestamp,userId,cpu,memory,send,recv"
      case .access: return "timestamp,rootQueryId,userId,database,table,type,value,script"
      }
    }
    var fileName: String { rawValue + ".log" }
  }

  /// A NANOTIMESTAMP as the logs write it.
  static func time(_ nanos: Int64) -> String { Temporal.format(nanos, .nanotimestamp) }

  /// Fields as one CSV line: text with a comma, a quote or a line break is quoted.
  static func line(_ fields: [String]) -> String {
    fields.map { f in
      guard f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return f }
      return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }.joined(separator: ",")
  }

  /// Appends lines to a log, rolling it first when they would take it past the size limit.
  static func append(_ lines: [String], to kind: Kind, _ settings: ResourceTracker.Settings, at: Int64) {
    guard !lines.isEmpty else { return }
    let path = settings.directory + "/" + kind.fileName
    let text = lines.joined(separator: "\n") + "\n"
    let size = FileAccess.info(path).map { Int($0.size) }
    if let size, size + text.utf8.count > settings.maxLogBytes, size > kind.header.utf8.count + 1 {
      let rolled = settings.directory + "/" + stamp(at) + "_" + kind.fileName
      if !FileAccess.isFile(rolled) { try? DurableFile.install(path, as: rolled, sync: false) }
    }
    let fresh = !FileAccess.isFile(path)
    try? DurableFile.append(Array(((fresh ? kind.header + "\n" : "") + text).utf8), to: path, sync: false)
  }

  /// `20231101162302`: the local time a log rolled, as its archive's name begins.
  static func stamp(_ nanos: Int64) -> String { String(time(nanos).filter(\.isNumber).prefix(14)) }

  /// The rolled logs and when each rolled (nil for the current ones).
  static func files(_ kind: Kind, _ settings: ResourceTracker.Settings) -> [(path: String, rolled: Int64?)]? {
    guard let names = FileAccess.list(settings.directory) else { return nil }
    var out: [(String, Int64?)] = []
    for name in names {
      if name == kind.fileName {
        out.append((settings.directory + "/" + name, nil))
      } else if name.hasSuffix("_" + kind.fileName), let at = rolledTime(String(name.prefix(14))),
        name.count == 15 + kind.fileName.count
      {
        out.append((settings.directory + "/" + name, at))
      }
    }
    // The current log holds the latest lines: read last.
    return out.sorted { ($0.1 ?? .max) < ($1.1 ?? .max) }
  }

  static func rolledTime(_ digits: String) -> Int64? {
    guard digits.count == 14, digits.allSatisfy(\.isNumber) else { return nil }
    let d = Array(digits)
    let text =
      "\(String(d[0..<4])).\(String(d[4..<6])).\(String(d[6..<8]))T\(String(d[8..<10])):\(String(d[10..<12])):\(String(d[12..<14]))"
    return Temporal.parse(text, as: .nanotimestamp)
  }

  /// Removes rolled logs older than the retention time.
  static func removeExpired(_ settings: ResourceTracker.Settings, at: Int64) {
    guard let days = settings.retentionDays else { return }
    let oldest = at - Int64(days * 86_400_000_000_000)
    for kind in Kind.allCases {
      for file in files(kind, settings) ?? [] {
        if let rolled = file.rolled, rolled < oldest { _ = FileAccess.removeFile(file.path) }
      }
    }
  }

  /// The records of every log of `kind` (rolled and current), header lines left out.
  static func records(_ kind: Kind, _ settings: ResourceTracker.Settings) -> [[String]]? {
    guard let files = files(kind, settings) else { return nil }
    var out: [[String]] = []
    for file in files {
      guard let text = FileAccess.read(file.path) else { continue }
      for record in parse(text) where record.first != "timestamp" { out.append(record) }
    }
    return out
  }

  /// CSV text as records: quoted fields may hold commas, doubled quotes and line breaks.
  static func parse(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? chars.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          let next = chars.next()
          if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
        } else {
          field.append(c)
        }
        continue
      }
      switch c {
      case "\"": quoted = true
      case ",":
        record.append(field)
        field = ""
      case "\n", "\r\n":
        record.append(field)
        field = ""
        records.append(record)
        record = []
      default: field.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty {
      record.append(field)
      records.append(record)
    }
    return records
  }
}
