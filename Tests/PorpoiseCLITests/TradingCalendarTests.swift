import Foundation
import TestSupport
import Testing

/// Trading calendars live in the node's `marketHolidayDir`: a new home starts with the
/// exchange calendars of `Stdlib/marketHoliday`, one `addMarketHoliday` made or
/// `deleteMarketHoliday` removed stays so after a restart, a DolphinDB calendar file (CRLF
/// lines) copied in is read, and a broken file is named, line and all, without stopping the node.
@Suite struct TradingCalendarTests {
  func run(home: String, _ script: String) throws -> String { try runPiped(home: home, script) }

  @Test func aCalendarOutlivesTheNodeAndFilesDroppedInAreRead() throws {
    let home = temporaryDirectory("porpoise-calendars")
    let first = try run(
      home: home,
      """
      login("admin", "123456")
      addMarketHoliday("MYFX", 2022.01.03 2022.01.05)
      temporalAdd(2022.01.01, 1, "MYFX")

      """)
    #expect(first.contains("2022.01.04\n"), "\(first)")
    // A file as DolphinDB ships them, and one with a line that is not a date.
    try "holidayDate\r\n2023.01.02\r\n2022.12.26\r\n".write(
      toFile: home + "/marketHoliday/XNYS.csv", atomically: true, encoding: .utf8)
    try "holidayDate\n2024.13.01\n".write(toFile: home + "/marketHoliday/BADX.csv", atomically: true, encoding: .utf8)
    let second = try run(
      home: home,
      """
      getMarketCalendar("MYFX", 2022.01.01, 2022.01.07)
      temporalAdd(2023.01.01, 2, "XNYS")
      try { getMarketCalendar("BADX") } catch (e) { print(e) }

      """)
    #expect(second.contains("[2022.01.04,2022.01.06,2022.01.07]\n"), "\(second)")
    #expect(second.contains("2023.01.04\n"), "\(second)")
    #expect(second.contains("BADX.csv:2: '2024.13.01' is not a date"), "\(second)")
    #expect(second.contains("no trading calendar 'BADX'"), "\(second)")
  }

  @Test func aNewHomeHasTheExchangeCalendarsAndADeletedOneStaysDeleted() throws {
    let home = temporaryDirectory("porpoise-calendars")
    let first = try run(
      home: home,
      """
      login("admin", "123456")
      getMarketCalendar("XNYS", 2022.01.01, 2022.01.10)
      deleteMarketHoliday("XTSE")

      """)
    #expect(first.contains("[2022.01.03,2022.01.04,2022.01.05,2022.01.06,2022.01.07,2022.01.10]\n"), "\(first)")
    #expect(FileManager.default.fileExists(atPath: home + "/marketHoliday/SSE.csv"))
    #expect(!FileManager.default.fileExists(atPath: home + "/marketHoliday/XTSE.csv"))
    let second = try run(
      home: home,
      """
      "XTSE" in listAllMarkets()
      "XNYS" in listAllMarkets()

      """)
    #expect(second.contains("false\ntrue\n"), "\(second)")
  }
}
