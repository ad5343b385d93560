import PorpoiseSupport
import Testing

@testable import ScriptSyntax

@Suite struct LexerTests {
  func kinds(_ text: String) -> [TokenKind] {
    let (tokens, errors) = Lexer.tokenize(SourceFile(name: "t", text: text))
    #expect(errors.isEmpty, "unexpected lexer errors for \(text)")
    return tokens.map(\.kind).filter { $0 != .eof }
  }

  @Test func rangeOfIntegersIsNotTwoDecimals() {
    #expect(kinds("5..9") == [.integer(5, .none), .punct(".."), .integer(9, .none)])
  }

  @Test func rangeOfDates() {
    let days2021 = Int64(CivilCalendar.days(year: 2021, month: 1, day: 1))
    let last = Int64(CivilCalendar.days(year: 2021, month: 12, day: 31))
    #expect(kinds("2021.01.01..2021.12.31") == [.temporal(.date, days2021), .punct(".."), .temporal(.date, last)])
  }

  @Test func pairIsThreeTokens() {
    #expect(kinds("1:0") == [.integer(1, .none), .punct(":"), .integer(0, .none)])
  }

  @Test func timeOfDayLiterals() {
    let second: Int64 = 9 * 3600 + 30 * 60
    let minute: Int64 = 9 * 60 + 30
    #expect(kinds("09:30:00") == [.temporal(.second, second)])
    #expect(kinds("09:30m") == [.temporal(.minute, minute)])
    let ms: Int64 = (13 * 3600 + 30 * 60 + 10) * 1000 + 8
    #expect(kinds("13:30:10.008") == [.temporal(.time, ms)])
  }

  @Test func dateAndTimeWithSpaceIsOneDatetime() {
    let day = Int64(CivilCalendar.days(year: 2023, month: 1, day: 8))
    let raw: Int64 = day * 86400 + 9 * 3600 + 30 * 60
    let expected: [TokenKind] = [.temporal(.datetime, raw)]
    #expect(kinds("2023.01.08 09:30:00") == expected)
    #expect(kinds("2023.01.08T09:30:00") == expected)
  }

  @Test func suffixesAndTypedNulls() {
    #expect(
      kinds("22l 122h 97c 1b 2.5f 3F") == [
        .integer(22, .long), .integer(122, .short), .integer(97, .char), .integer(1, .bool),
        .real(2.5, isFloat: true), .real(3, isFloat: false),
      ])
    #expect(kinds("00i 00F 00d") == [.typedNull("i"), .typedNull("F"), .typedNull("d")])
    let spans: [TokenKind] = [.duration(1, "s"), .duration(3, "M"), .duration(200, "ms")]
    #expect(kinds("1s 3M 200ms") == spans)
  }

  @Test func backtickWords() {
    #expect(kinds("`a`b`c") == [.symbols(["a", "b", "c"])])
    #expect(kinds("`0") == [.symbols(["0"])])
  }

  @Test func inPlaceNamesKeepTheirBang() {
    #expect(kinds("append!(x)") == [.identifier("append!"), .punct("("), .identifier("x"), .punct(")")])
    #expect(kinds("a!=b") == [.identifier("a"), .punct("!="), .identifier("b")])
  }

  @Test func newlinesInsideParenthesesAreDropped() {
    #expect(
      kinds("f(1,\n2)") == [
        .identifier("f"), .punct("("), .integer(1, .none), .punct(","), .integer(2, .none), .punct(")"),
      ])
    #expect(kinds("{\n}") == [.punct("{"), .newline, .punct("}")])
  }

  @Test func invalidDateIsAnError() {
    let (_, errors) = Lexer.tokenize(SourceFile(name: "t", text: "2021.02.30"))
    #expect(errors.first?.message == "invalid DATE literal '2021.02.30'")
  }

  @Test func unterminatedStringIsIncomplete() {
    let (_, errors) = Lexer.tokenize(SourceFile(name: "t", text: "\"abc"))
    #expect(errors.first?.isIncomplete == true)
  }
}
