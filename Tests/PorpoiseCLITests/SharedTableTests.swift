import Foundation
import TestSupport
import Testing

/// `share t as name` on a real node: the table is seen and changed by every session of the node,
/// sessions appending at once lose no rows, and `undef(name, SHARED)` takes it away.
@Suite struct SharedTableTests {
  func run(_ port: Int, _ script: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let file = temporaryDirectory("porpoise-shared") + "/in.dos"
    try ("login(\"admin\", \"123456\")\n" + script).write(toFile: file, atomically: true, encoding: .utf8)
    return try Spawned.runToEnd(["/bin/sh", "-c", "'\(porpoiseBinary)' connect 127.0.0.1:\(port) < '\(file)'"])
  }

  @Test func aSharedTableIsSeenAndChangedByEverySessionOfTheNode() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let first = try run(
      port,
      "t = table(1 2 as id, 10.0 20.0 as v)\nshare t as trades\nt.append!(table(3 as id, 30.0 as v))\nsize(trades)\n")
    #expect(first.stdout == "3\n", "\(first.stderr)")
    let second = try run(
      port,
      """
      exec count(*) from trades
      insert into trades values(4, 40.0)
      update trades set v = v * 2 where id = 1
      delete from trades where id = 2
      exec id from trades

      """)
    #expect(second.stdout == "3\n[1,3,4]\n", "\(second.stderr)")
    let third = try run(port, "def total() { return exec sum(v) from trades }\ntotal()\nundef(\"trades\", SHARED)\n")
    #expect(third.stdout == "90\n", "\(third.stderr)")
    let gone = try run(port, "select * from trades\n")
    #expect(gone.status == 70)
    #expect(gone.stderr.contains("undefined variable 'trades'"))
  }

  @Test func aSubscriptionGetsTheRowsAnotherSessionAppends() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let made = try run(
      port, "share streamTable(1:0, `id`v, [INT, DOUBLE]) as ticks\nshare table(1:0, `id`v, [INT, DOUBLE]) as seen\n")
    #expect(made.status == 0, "\(made.stderr)")
    // The subscriber waits; its sleep runs the messages the writer's appends bring.
    let subscriber = ResultBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      subscriber.add(
        try? run(
          port,
          "subscribeTable(tableName=\"ticks\", actionName=\"a\", handler=append!{seen}, msgAsTable=true)\n"
            + "sleep(3000)\nexec count(*) from seen\nexec sum(id) from seen\n"))
      group.leave()
    }
    var subscribed = false
    for _ in 0..<50 where !subscribed {
      subscribed = try run(port, "existsSubscriptionTopic(, \"ticks\", \"a\")\n").stdout == "true\n"
      if !subscribed { Thread.sleep(forTimeInterval: 0.1) }
    }
    #expect(subscribed)
    let writer = try run(port, "for (i in 0:100) { ticks.append!(table(i as id, 1.0 as v)) }\n")
    #expect(writer.status == 0, "\(writer.stderr)")
    group.wait()
    let got = subscriber.all.first ?? nil
    #expect(got?.stdout.hasSuffix("100\n4950\n") == true, "\(got?.stdout ?? "")\(got?.stderr ?? "")")
    // The subscription ended with the session that made it.
    let after = try run(port, "existsSubscriptionTopic(, \"ticks\", \"a\")\nsize(getStreamingStat().pubTables)\n")
    #expect(after.stdout == "false\n0\n", "\(after.stderr)")
  }

  @Test func sessionsAppendingAtOnceLoseNoRows() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let made = try run(port, "share table(1:0, `id`v, [INT, DOUBLE]) as ticks\n")
    #expect(made.status == 0, "\(made.stderr)")
    let writer =
      "for (i in 0:500) { ticks.append!(table(i as id, 1.0 as v)) }\nexec count(*) from ticks where v = 1.0\n"
    let results = ResultBox()
    let group = DispatchGroup()
    for _ in 0..<3 {
      group.enter()
      DispatchQueue.global().async {
        results.add(try? run(port, writer))
        group.leave()
      }
    }
    group.wait()
    #expect(results.all.count == 3)
    for r in results.all { #expect(r?.status == 0, "\(r?.stderr ?? "")") }
    let count = try run(port, "exec count(*) from ticks\nexec sum(id) from ticks\n")
    #expect(count.stdout == "1500\n\(3 * (499 * 500 / 2))\n", "\(count.stderr)")
    // A second share under a taken name is refused, naming it.
    let again = try run(port, "share table(1 as id) as ticks\n")
    #expect(again.status == 70)
    #expect(again.stderr.contains("a table is already shared as 'ticks'"))
  }
}

/// Results gathered from several threads.
private final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [(status: Int32, stdout: String, stderr: String)?] = []
  func add(_ r: (status: Int32, stdout: String, stderr: String)?) { lock.withLock { items.append(r) } }
  var all: [(status: Int32, stdout: String, stderr: String)?] { lock.withLock { items } }
}
