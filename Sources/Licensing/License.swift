import Foundation
import PorpoiseSupport

/// A license: who may run how many nodes of what size until when, signed by its issuer.
///
/// The file (`porpoise.lic`; `dolphindb.lic` is read too) is `name=value` lines, `#` comments,
/// the fields below and a `signature` line: Ed25519 over the other fields in this fixed order,
/// one `name=value\n` each, so the signature does not depend on how the file was laid out.
public struct License: Sendable, Equatable {
  public var clientName: String
  /// `trial`, `free`, `commercial` or `site`.
  public var authorization: String
  public var maxNodes: Int
  public var maxCoresPerNode: Int
  /// Gigabytes.
  public var maxMemoryPerNode: Int
  public var expiration: LicenseDate
  /// The highest server version allowed; empty means any.
  public var version: String
  public var modules: String
  /// Base64 of the Ed25519 signature; empty when unsigned.
  public var signature: String

  public static let authorizations = ["trial", "free", "commercial", "site"]
  static let fieldOrder = [
    "clientName", "authorization", "maxNodes", "maxCoresPerNode", "maxMemoryPerNode", "expiration", "version",
    "modules",
  ]

  public init(
    clientName: String, authorization: String, maxNodes: Int, maxCoresPerNode: Int, maxMemoryPerNode: Int,
    expiration: LicenseDate,
    version: String = "", modules: String = "", signature: String = ""
  ) {
    self.clientName = clientName
    self.authorization = authorization
    self.maxNodes = maxNodes
    self.maxCoresPerNode = maxCoresPerNode
    self.maxMemoryPerNode = maxMemoryPerNode
    self.expiration = expiration
    self.version = version
    self.modules = modules
    self.signature = signature
  }

  /// What a node runs under when it has no license file: modest, unsigned, never expiring.
  public static let free = License(
    clientName: "Porpoise Free", authorization: "free", maxNodes: 3, maxCoresPerNode: 2, maxMemoryPerNode: 8,
    expiration: LicenseDate(year: 2099, month: 12, day: 31))

  /// The fields as `(name, value)`, in signing order.
  public var fields: [(String, String)] {
    [
      ("clientName", clientName), ("authorization", authorization), ("maxNodes", String(maxNodes)),
      ("maxCoresPerNode", String(maxCoresPerNode)), ("maxMemoryPerNode", String(maxMemoryPerNode)),
      ("expiration", expiration.description), ("version", version), ("modules", modules),
    ]
  }

  /// The bytes the signature covers.
  public var signedBytes: [UInt8] { Array(fields.map { "\($0.0)=\($0.1)\n" }.joined().utf8) }

  /// The file's text.
  public var fileText: String {
    "# Porpoise license: change nothing, or the signature no longer matches\n"
      + fields.map { "\($0.0)=\($0.1)\n" }.joined() + "signature=\(signature)\n"
  }

  /// Parses a license file; the error names the file, the line and what is wrong.
  public static func parse(_ text: String, path: String) -> Result<License, LicenseError> {
    var values: [String: (String, Int)] = [:]
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let eq = line.firstIndex(of: "=") else {
        return .failure(LicenseError("\(path):\(i + 1): error: '\(line)' is not name=value"))
      }
      let name = line[..<eq].trimmingCharacters(in: .whitespaces)
      guard fieldOrder.contains(name) || name == "signature" else {
        return .failure(LicenseError("\(path):\(i + 1): error: unknown license field '\(name)'"))
      }
      values[name] = (line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces), i + 1)
    }
    func need(_ name: String) -> Result<(String, Int), LicenseError> {
      guard let v = values[name] else { return .failure(LicenseError("\(path): error: the license has no '\(name)'")) }
      return .success(v)
    }
    func number(_ name: String) -> Result<Int, LicenseError> {
      need(name).flatMap { v, line in
        guard let n = Int(v), n > 0 else {
          return .failure(LicenseError("\(path):\(line): error: \(name) must be a positive whole number, not '\(v)'"))
        }
        return .success(n)
      }
    }
    do throws(LicenseError) {
      let client = try need("clientName").get().0
      let (auth, authLine) = try need("authorization").get()
      guard authorizations.contains(auth) else {
        return .failure(
          LicenseError(
            "\(path):\(authLine): error: authorization must be one of \(authorizations.joined(separator: ", ")), not '\(auth)'"
          ))
      }
      let maxNodes = try number("maxNodes").get()
      let maxCores = try number("maxCoresPerNode").get()
      let maxMemory = try number("maxMemoryPerNode").get()
      let (exp, expLine) = try need("expiration").get()
      guard let date = LicenseDate(exp) else {
        return .failure(
          LicenseError("\(path):\(expLine): error: expiration must be a date like 2027.12.31, not '\(exp)'"))
      }
      return .success(
        License(
          clientName: client, authorization: auth, maxNodes: maxNodes, maxCoresPerNode: maxCores,
          maxMemoryPerNode: maxMemory,
          expiration: date, version: values["version"]?.0 ?? "", modules: values["modules"]?.0 ?? "",
          signature: values["signature"]?.0 ?? ""))
    } catch {
      return .failure(error)
    }
  }
}

/// A calendar date as licenses write it: `2027.12.31`.
public struct LicenseDate: Sendable, Equatable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  public init?(_ text: String) {
    let parts = text.split(separator: ".").map { Int($0) }
    guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2], (1970...9999).contains(y),
      CivilCalendar.isValid(year: y, month: m, day: d)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Days since 1970-01-01, as DolphinDB's DATE counts them.
  public var daysSinceEpoch: Int { CivilCalendar.days(year: year, month: month, day: day) }

  /// Today in UTC.
  public static func today() -> LicenseDate {
    LicenseDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86_400))
  }

  public init(daysSinceEpoch: Int) {
    let c = CivilCalendar.civil(days: daysSinceEpoch)
    self.init(year: c.year, month: c.month, day: c.day)
  }

  public static func < (a: LicenseDate, b: LicenseDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

  public var description: String {
    String(format: "%04d.%02d.%02d", year, month, day)
  }
}

/// A license that could not be read, signed or accepted; the message says which and why.
public struct LicenseError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
