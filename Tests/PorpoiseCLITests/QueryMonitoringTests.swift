import Foundation
import RemoteNode
import TestSupport
import Testing
import WireProtocol

/// `getCompletedQueries` and `getRunningQueries` on a node: each query of a database table with
/// the user, session and address of the connection that ran it.
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
}
