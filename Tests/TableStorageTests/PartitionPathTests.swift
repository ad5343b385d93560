import Testing

@testable import TableStorage

/// DolphinDB's spelling of partition folders, and matching a path a user wrote against one a
/// table holds.
@Suite struct PartitionPathTests {
  @Test func datesMonthsAndHashOrListLevelsTakeDolphinDBsSpelling() {
    #expect(PartitionPath.dolphinForm("2017.08.07/0_50") == "20170807/0_50")
    #expect(PartitionPath.dolphinForm("2017.08M") == "201708M")
    #expect(PartitionPath.dolphinForm("2017.08.07_2017.08.10/key3") == "20170807_20170810/Key3")
    #expect(PartitionPath.dolphinForm("list12") == "List12")
    // What only looks alike stays as it is: a symbol, a time, a key with letters after it.
    for kept in ["AAPL", "keyboard", "key", "2017.08.07T10", "13:30:10", "1.5_2.5", "", "a_b_c", "日本"] {
      #expect(PartitionPath.dolphinForm(kept) == kept, "\(kept)")
    }
  }

  @Test func eitherSpellingNamesTheSamePartition() {
    #expect(PartitionPath.same("/20170807/Key1", "2017.08.07/key1"))
    #expect(!PartitionPath.same("20170807", "20170807/Key1"))
  }

  @Test func patternsMatchEitherSpellingRelativeOrFromTheDatabase() {
    let p = "2017.08.10/0_50"
    for pattern in [
      "%", "%20170810%", "%2017.08.10%", "/20170810/0_50", "20170810/0_50", "/compoDB/20170810/0_50",
      "%/2017081?/0_50", "/2017.08.10/%",
    ] {
      #expect(PartitionPath.matches(p, database: "dfs://compoDB", pattern), "\(pattern)")
    }
    for pattern in ["%20170811%", "/20170810", "/other/20170810/0_50", "2017081?/0_50/x"] {
      #expect(!PartitionPath.matches(p, database: "dfs://compoDB", pattern), "\(pattern)")
    }
  }
}
