import Foundation
import RemoteNode
import TestSupport
import Testing
import WireProtocol

/// User-level resource tracking as an administrator uses it: a node started with
/// `resourceSamplingInterval` logs each user's samples and every read of a database table, and
/// `getUserHardwareUsage` / `getUserTableAccessRecords` read the logs back.
@Suite struct ResourceTrackingTests {
  /// Runs a script through the embedded shell, statements' values printed.
  func shell(home: String, _ flags: [String], _ script: String) throws -> String {
    let file = temporaryDirectory("porpoise-stdin") + "/in.dos"
    try script.write(toFile: file, atomically: true, encoding: .utf8)
    let argv = [porpoiseBinary, "--keep-going", "-home", home] + flags
    let r = try Spawned.runToEnd(["/bin/sh", "-c", argv.map { "'\($0)'" }.joined(separator: " ") + " < '\(file)'"])
    return r.stdout + r.stderr
  }

  static let setup = """
    login("admin", "123456")
    db = database("dfs://tracked", VALUE, 1..3)
    t = table(1..3 as id, 1.0 2.0 3.0 as v)
    pt = db.createPartitionedTable(t, "pt", "id")
    pt.append!(t)

    """

  @Test func queriesOfDatabaseTablesAreRecordedWithTheirRowsAndText() throws {
    let home = temporaryDirectory("porpoise-tracking")
    let out = try shell(
      home: home, ["-resourceSamplingInterval", "1"],
      ResourceTrackingTests.setup + """
        all = select * from pt
        some = select id from pt where id >= 2
        memTable = table(1 2 as x)
        local = select * from memTable
        r = getUserTableAccessRecords()
        types = exec type from r
        print("types " + concat(types, ","))
        rows = exec value from r where type = "rowCount"
        print("rows " + concat(string(rows), ","))
        scripts = exec script from r where type = "sql"
        print("scripts " + concat(scripts, "|"))
        tables = exec distinct database + "/" + table from r
        print("tables " + concat(tables, ","))
        users = exec distinct userId from r
        print("users " + concat(users, ","))
        ids = exec rootQueryId from r
        print("ids " + string(size(distinct(ids))))
        print("grouped " + string(ids[0] == ids[2] and ids[3] == ids[5] and ids[0] != ids[3]))
        bytes = exec value from r where type = "memUsage"
        print("bytes " + string(bytes[0]))
        later = getUserTableAccessRecords(now(true) + 60000000000)
        print("later " + string(size(later)))

        """)
    #expect(out.contains("types sql,rowCount,memUsage,sql,rowCount,memUsage\n"), "\(out)")
    // The rows the storage returned: all three, then the two with id >= 2.
    #expect(out.contains("rows 3,2\n"), "\(out)")
    #expect(out.contains("scripts select * from pt|select id from pt where id >= 2\n"), "\(out)")
    // An in-memory table is not a database table: its query is not recorded.
    #expect(out.contains("tables dfs://tracked/pt\n"), "\(out)")
    #expect(out.contains("users admin\n"), "\(out)")
    // One root id per query, shared by its three lines.
    #expect(out.contains("ids 2\n"), "\(out)")
    #expect(out.contains("grouped true\n"), "\(out)")
    #expect(out.contains("bytes 36\n"), "\(out)")
    #expect(out.contains("later 0\n"), "\(out)")
    let log = try String(contentsOfFile: home + "/resource/access.log", encoding: .utf8)
    #expect(log.hasPrefix("timestamp,rootQueryId,userId,database,table,type,value,script\n"), "\(log)")
    #expect(log.contains(",admin,dfs://tracked,pt,sql,1,select * from pt\n"), "\(log)")
  }

  @Test func samplesNameEachUserWithTheMemoryOfTheirVariables() throws {
    let home = temporaryDirectory("porpoise-tracking")
    let out = try shell(
      home: home, ["-resourceSamplingInterval", "1"],
      """
      login("admin", "123456")
      big = 1..200000
      sleep(1200)
      sleep(1500)
      h = getUserHardwareUsage()
      // A sample taken before the login names the session's guest (a loaded machine starts late).
      users = exec distinct userId from h where userId != "guest"
      print("users " + concat(users, ","))
      mine = select * from h where userId = "admin"
      print("big " + string(max(mine.memory) >= 800000))
      print("running " + string(max(h.cpu)))
      print("columns " + concat(h.columnNames(), ","))
      none = getUserHardwareUsage(2001.01.01, 2001.01.02)
      print("none " + string(size(none)))

      """)
    #expect(out.contains("users admin\n"), "\(out)")
    #expect(out.contains("big true\n"), "\(out)")
    // The shell's session was running a script at every sample.
    #expect(out.contains("running 1\n"), "\(out)")
    #expect(out.contains("columns timestamp,userId,cpu,memory,send,recv\n"), "\(out)")
    #expect(out.contains("none 0\n"), "\(out)")
  }

  @Test func disablingStopsRecordingAndDropsWhatWasNotWritten() throws {
    let home = temporaryDirectory("porpoise-tracking")
    let out = try shell(
      home: home, ["-resourceSamplingInterval", "1"],
      ResourceTrackingTests.setup + """
        first = select * from pt
        disableResourceTracking()
        unseen = select * from pt where id = 1
        sleep(1300)
        enableResourceTracking()
        seen = select * from pt where id = 3
        print("scripts " + concat(exec script from getUserTableAccessRecords() where type = "sql", "|"))
        createUser("ann", "Ann-pw-1")
        login("ann", "Ann-pw-1")
        getUserTableAccessRecords()

        """)
    // Nothing is recorded while tracking is off; recording resumes once it is on again.
    #expect(!out.contains("id = 1"), "\(out)")
    #expect(out.contains("scripts ") && out.contains("select * from pt where id = 3\n"), "\(out)")
    #expect(out.contains("only an administrator may use getUserTableAccessRecords"), "\(out)")
  }

  @Test func logsRollAtTheirSizeAndOldRolledLogsAreRemoved() throws {
    let home = temporaryDirectory("porpoise-tracking")
    try FileManager.default.createDirectory(atPath: home + "/resource", withIntermediateDirectories: true)
    let old = home + "/resource/20200101000000_access.log"
    try "timestamp,rootQueryId,userId,database,table,type,value,script\n".write(
      toFile: old, atomically: true, encoding: .utf8)
    let out = try shell(
      home: home,
      [
        "-resourceSamplingInterval", "1", "-resourceSamplingMaxLogSize", "0.0003", "-resourceSamplingLogRetentionTime",
        "30",
      ],
      ResourceTrackingTests.setup + """
        a = select * from pt
        sleep(1100)
        b = select * from pt where id = 1
        sleep(1100)
        c = select * from pt where id = 2
        sleep(1100)
        r = getUserTableAccessRecords()
        print("queries " + string(sum(r.type == "sql")))

        """)
    let files = try FileManager.default.contentsOfDirectory(atPath: home + "/resource")
    let rolled = files.filter { $0.hasSuffix("_access.log") }
    #expect(!files.contains("20200101000000_access.log"), "\(files)")
    #expect(!rolled.isEmpty, "\(files)")
    #expect(rolled.allSatisfy { $0.count == "20261205101010_access.log".count }, "\(files)")
    // Every query is still read back, from the rolled logs and the current one.
    #expect(out.contains("queries 3\n"), "\(out)")
  }

  @Test func aNodeWithoutTheParameterSaysHowToTurnItOn() throws {
    let out = try shell(
      home: temporaryDirectory("porpoise-tracking"), [],
      "login(\"admin\", \"123456\")\nenableResourceTracking()\ngetUserHardwareUsage()\n")
    #expect(
      out.contains(
        "resource tracking is not configured: set resourceSamplingInterval to a positive number of seconds"),
      "\(out)")
  }

  @Test func aServingNodeCountsEachUsersTraffic() throws {
    let (node, port, _) = try RemoteNodeTests.startNode(extra: ["-resourceSamplingInterval", "1"])
    defer { node.stop() }
    let admin = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { admin.close() }
    let other = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { other.close() }
    func ask(_ c: NodeConnection, _ script: String) throws -> String {
      var text = ""
      _ = try c.perform(
        .run(name: "<test>", text: script, options: RunOptions(printResults: true)), output: { text += $0 },
        errors: { text += $0 })
      return text
    }
    _ = try ask(admin, "login(\"admin\", \"123456\"); createUser(\"ann\", \"Ann-pw-1\")")
    _ = try ask(other, "login(\"ann\", \"Ann-pw-1\"); big = 1..100000; concat(string(1..20000), \",\")")
    let seen = waitUntil(10) {
      let said =
        (try? ask(
          admin,
          "exec sum(send) > 80000 and sum(recv) > 0 and max(memory) >= 400000 from getUserHardwareUsage() where userId = `ann"
        )) ?? ""
      return said.contains("true")
    }
    #expect(seen, "\((try? ask(admin, "getUserHardwareUsage()")) ?? "")")
  }
}
