import Foundation
import RemoteNode
import TestSupport
import Testing
import WireProtocol

/// `getCompletedQueries`, `getRunningQueries` and `getQueryStatus` on a node: each query of a
/// database table with the user, session and address of the connection that ran it, and how far
/// a running one is.
@Suite struct QueryMonitoringTests {
  @Test func aConnectionsQueriesAreListedWithItsSessionAndAddress() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let admin = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { admin.close() }
    let ann = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { ann.close() }
    let (made, madeSaid) = try runPrinted(
      admin,
      """
      login("admin", "123456")
      createUser("ann", "Ann-pw-1")
      db = database("dfs://monitored", VALUE, 1..3)
      db.createPartitionedTable(table(1 2 3 as id, 1.0 2.0 3.0 as x), "pt", "id").append!(table(1 2 3 as id, 1.0 2.0 3.0 as x))
      grant("ann", TABLE_READ, "dfs://monitored/pt")
      """)
    #expect(made == .ok, "\(madeSaid)")
    let (ran, ranSaid) = try runPrinted(
      ann,
      """
      login("ann", "Ann-pw-1")
      mine = getCurrentSessionAndUser()[0]
      select sum(x) from loadTable("dfs://monitored", "pt") where id > 1
      local = table(1 2 as k)
      select * from local
      mine
      """)
    #expect(ran == .ok, "\(ranSaid)")
    let session = ranSaid.split(separator: "\n").last.map(String.init) ?? ""
    #expect(Int(session).map { $0 > 0 } == true, "\(ranSaid)")
    // Only the query of the database table is listed, with Ann's session and address.
    let (_, listed) = try runPrinted(
      admin,
      "select userID, sessionID, remoteIP, level, endTime >= startTime as ordered from getCompletedQueries() where userID = `ann"
    )
    #expect(listed.contains("ann    \(session)") || listed.contains("ann \(session)"), "\(listed)")
    #expect(listed.contains("127.0.0.1") && listed.contains("true"), "\(listed)")
    let (_, count) = try runPrinted(admin, "exec count(*) from getCompletedQueries(100) where userID = `ann")
    #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(count)")
    // Ann may not list the node's completed queries; her own running ones she may.
    let (refused, said) = try runPrinted(ann, "getCompletedQueries()")
    #expect(refused != .ok && said.contains("list completed queries"), "\(said)")
    let (_, running) = try runPrinted(ann, "exec count(*) from getRunningQueries()")
    #expect(running.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(running)")
  }

  @Test func aRunningQueryShowsItsPartitionsReadToAnAdministratorAndToItsUser() async throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let admin = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { admin.close() }
    let (made, madeSaid) = try runPrinted(
      admin,
      """
      login("admin", "123456")
      createUser("bob", "Bob-pw-1")
      db = database("dfs://progress", VALUE, 1..4)
      t = table(take(1..4, 400) as id, rand(1.0, 400) as x)
      db.createPartitionedTable(t, "pt", "id").append!(t)
      grant("bob", TABLE_READ, "dfs://progress/pt")
      """)
    #expect(made == .ok, "\(madeSaid)")
    // Bob's query reads its three partitions, then spends seconds in its `where`.
    let slow = Task.detached { () -> String in
      guard let bob = try? NodeConnection.connect(host: "127.0.0.1", port: port) else { return "no connection" }
      defer { bob.close() }
      let (_, said) =
        (try? runPrinted(
          bob,
          """
          login("bob", "Bob-pw-1")
          def slowly(x) { sleep(4000); return x > 0 }
          select count(*) from loadTable("dfs://progress", "pt") where id >= 2, slowly(x)
          """)) ?? (.runtimeError, "failed")
      return said
    }
    var seen = ""
    let listed = await eventually(10) {
      seen =
        (try? runPrinted(
          admin,
          """
          exec string(totalTaskCount) + "/" + string(completedTaskCount) + "/" + string(percentComplete) + "/" + string(memoryUsage > 0) + "/" + string(elapsedTimeInMs >= 0) + "/" + string(query like "%slowly%") from getQueryStatus() where userId = "bob"
          """
        ).1) ?? ""
      // Listed as soon as it starts (0/0/0): wait until it has read its partitions.
      return seen.contains("3/3/1/true/true/true")
    }
    #expect(listed, "\(seen)")
    // Three partitions chosen by `id >= 2`, all read: the query is in its `where` now.
    #expect(seen.contains("3/3/1/true/true/true"), "\(seen)")
    // Another user sees none of it; Bob his own.
    let (_, other) = try runPrinted(admin, "login(\"admin\", \"123456\")\ncreateUser(\"eve\", \"Eve-pw-1\")")
    let eve = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { eve.close() }
    let (_, eveSaw) = try runPrinted(eve, "login(\"eve\", \"Eve-pw-1\")\nexec count(*) from getQueryStatus()")
    #expect(eveSaw.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("0"), "\(eveSaw) \(other)")
    let answer = await slow.value
    #expect(answer.contains("300"), "\(answer)")
    // Ended, it is no longer listed.
    let (_, after) = try runPrinted(admin, "exec count(*) from getQueryStatus()")
    #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(after)")
  }
}
