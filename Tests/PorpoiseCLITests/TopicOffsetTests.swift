import Foundation
import TestSupport
import Testing

/// `subscribeTable(..., persistOffset=true)`: the last row a subscription processed outlives
/// the node, so a subscription made after a restart goes on from there.
@Suite struct TopicOffsetTests {
  func run(home: String, _ script: String) throws -> String { try runPiped(home: home, script) }

  /// The same stream each run: `n` rows numbered from 1.
  func stream(_ n: Int) -> String {
    """
    login("admin", "123456")
    share streamTable(100:0, `id`qty, [INT, INT]) as ticks
    insert into ticks values(1..\(n), take(10, \(n)))
    seen = table(100:0, `id`qty, [INT, INT])

    """
  }

  @Test func aSubscriptionAfterARestartGoesOnFromTheKeptOffset() throws {
    let home = temporaryDirectory("porpoise-offsets")
    let first = try run(
      home: home,
      stream(4) + """
        topic = subscribeTable(tableName="ticks", actionName="keep", offset=0, handler=append!{seen}, msgAsTable=true, persistOffset=true)
        sleep(300)
        exec id from seen
        getTopicProcessedOffset(topic)

        """)
    #expect(first.contains("[1,2,3,4]\n3\n"), "\(first)")
    // The next run's table has two rows more; offset -1 takes up after row 3 (the fourth).
    let second = try run(
      home: home,
      stream(6) + """
        getTopicProcessedOffset("local8848/ticks/keep")
        topic = subscribeTable(tableName="ticks", actionName="keep", handler=append!{seen}, msgAsTable=true, persistOffset=true)
        sleep(300)
        exec id from seen
        removeTopicOffset(topic)
        unsubscribeTable(tableName="ticks", actionName="keep")

        """)
    #expect(second.contains("3\n"), "\(second)")
    #expect(second.contains("[5,6]\n"), "\(second)")
    // Forgotten: a new subscription with offset -1 starts at the end.
    let third = try run(
      home: home,
      stream(2) + """
        getTopicProcessedOffset("local8848/ticks/keep")
        subscribeTable(tableName="ticks", actionName="keep", handler=append!{seen}, msgAsTable=true)
        insert into ticks values(9, 10)
        sleep(300)
        exec id from seen

        """)
    #expect(third.contains("-1\n"), "\(third)")
    #expect(third.contains("[9]\n"), "\(third)")
  }
}
