import PorpoiseSupport
import ScriptRuntime

/// The folder of trading calendar files (`marketHolidayDir`, `<home>/marketHoliday` by default):
/// one `NAME.csv` per calendar, a header line (`holidayDate` or `tradingDate`) over one date a
/// line (`2026.12.25`), as DolphinDB's calendar files are, so a folder of those can be copied in.
public struct MarketHolidayFolder: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  /// The most dates one calendar file may hold (a century of days).
  static let maxDates = 40_000

  /// A folder that does not exist yet is made with a copy of the calendars `bundled` holds
  /// (Porpoise's `Stdlib/marketHoliday`, DolphinDB's published exchange calendars), as
  /// DolphinDB's server ships its own in its `marketHolidayDir`: from then on the node's
  /// folder is the one that counts (`updateMarketHoliday` and `deleteMarketHoliday` change it,
  /// and a folder the user emptied stays empty). Returns why it could not be made, if so.
  public func seed(from bundled: String) -> String? {
    guard !FileAccess.isDirectory(path), let files = FileAccess.list(bundled) else { return nil }
    guard FileAccess.makeDirectory(path) else {
      return ClusterMessages.calendarFolderUnwritable(path, FileAccess.lastError())
    }
    for file in files.sorted() where file.hasSuffix(".csv") {
      guard let bytes = FileAccess.readBytes(bundled + "/" + file) else { continue }
      do throws(FileError) {
        try DurableFile.replace(path + "/" + file, with: bytes, sync: false)
      } catch {
        return error.message
      }
    }
    return nil
  }

  /// Every calendar file of the folder, into `calendars`; the files that could not be read, with
  /// why (a missing folder holds none).
  @discardableResult
  public func load(into calendars: TradingCalendars) -> [String] {
    var problems: [String] = []
    for file in (FileAccess.list(path) ?? []).sorted() where file.hasSuffix(".csv") {
      let name = String(file.dropLast(4))
      guard let text = FileAccess.read(path + "/" + file) else { continue }
      do throws(ScriptError) {
        calendars.set(name, try MarketHolidayFolder.parse(text, file: path + "/" + file))
      } catch {
        problems.append(error.message)
      }
    }
    return problems
  }

  /// A calendar file's text as a calendar; an unreadable line is named by file and line.
  static func parse(_ text: String, file: String) throws(ScriptError) -> TradingCalendar {
    var kind = TradingCalendar.Kind.holidayDate
    var dates: [Int64] = []
    // Lines end in LF or CRLF (DolphinDB's own calendar files are written with CRLF).
    for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let line = String(raw.filter { $0 != " " && $0 != "\t" })
      if line.isEmpty { continue }
      if n == 0, let header = TradingCalendar.Kind(rawValue: line) {
        kind = header
        continue
      }
      guard let day = MarketHolidayFolder.day(line) else {
        throw ScriptError(ClusterMessages.calendarLineInvalid(file, n + 1, String(line.prefix(40))))
      }
      guard dates.count < maxDates else { throw ScriptError(ClusterMessages.calendarTooLong(file, maxDates)) }
      dates.append(day)
    }
    return TradingCalendar(kind: kind, dates: dates)
  }

  /// `2026.12.25` (or `2026-12-25`) as days since 1970.01.01.
  static func day(_ text: String) -> Int64? {
    let parts = text.split(whereSeparator: { $0 == "." || $0 == "-" })
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...9999).contains(y), CivilCalendar.isValid(year: y, month: m, day: d)
    else { return nil }
    return Int64(CivilCalendar.days(year: y, month: m, day: d))
  }

  static func text(_ calendar: TradingCalendar) -> String {
    func padded(_ n: Int, _ width: Int) -> String {
      let digits = String(n)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    var out = calendar.kind.rawValue + "\n"
    for day in calendar.dates {
      let c = CivilCalendar.civil(days: Int(day))
      out += padded(c.year, 4) + "." + padded(c.month, 2) + "." + padded(c.day, 2) + "\n"
    }
    return out
  }

  /// Removes the calendar's file.
  func remove(_ name: String) throws(ScriptError) {
    let file = path + "/" + name + ".csv"
    guard !FileAccess.isFile(file) || FileAccess.removeFile(file) else {
      throw ScriptError(ClusterMessages.calendarUnremovable(file, FileAccess.lastError()))
    }
  }

  /// Writes the calendar's file (replacing it whole).
  func write(_ name: String, _ calendar: TradingCalendar) throws(ScriptError) {
    guard FileAccess.isDirectory(path) || FileAccess.makeDirectory(path) else {
      throw ScriptError(ClusterMessages.calendarFolderUnwritable(path, FileAccess.lastError()))
    }
    do throws(FileError) {
      try DurableFile.replace(
        path + "/" + name + ".csv", with: Array(MarketHolidayFolder.text(calendar).utf8), sync: true)
    } catch {
      throw ScriptError(error.message)
    }
  }
}
