import ClusterConfig
import ClusterEngine
import DistributedStorage
import Foundation
import Licensing
import PorpoiseSupport
import ScriptSession
import TableStorage
import Testing

/// The embedded node's `dfs://` databases go through the catalog in files and the chunk store,
/// as a cluster's do; a database its engine made before opens and grows as it was.
@Suite struct EmbeddedStorageTests {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-embedded-\(UUID().uuidString)")
    .path

  /// What a script prints in a session of the embedded node (or of the engine alone).
  func run(_ script: String, engineOnly: Bool = false) async throws -> String {
    let home = self.home
    return try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        let sink = StringSink()
        let session: Session
        if engineOnly {
          session = Session(output: sink, errors: sink, libraries: [StorageEngine(home: home).library])
        } else {
          let node = ClusterContext(
            launch: NodeLaunch(
              mode: .single, site: Site(host: "localhost", port: 8848, alias: "local8848"), parameters: [:],
              home: home, version: "test"),
            coordination: nil)
          session = NodeSessionBuilder(context: node, license: LicenseState(.free, publicKey: nil, searching: [home]))
            .makeSession(output: sink, errors: sink)
        }
        LargeStack.run(stackBytes: LargeStack.sessionStackBytes) { _ = session.run(text: script, name: "test") }
        continuation.resume(returning: sink.text)
      }
    }
  }

  @Test func anOldDatabaseOpensAsItWasAndANewOneGoesThroughTheCatalog() async throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    // Made by the engine alone, as the embedded node did before.
    let made = try await run(
      """
      db = database("dfs://old", VALUE, 1..3)
      db.createPartitionedTable(table(1..3 as id, 1.5 2.5 3.5 as x), "t", "id").append!(table(1..3 as id, 1.5 2.5 3.5 as x))
      """, engineOnly: true)
    #expect(!made.contains("error"), "\(made)")
    #expect(FileManager.default.fileExists(atPath: home + "/dfs/old/database.json"))
    let out = try await run(
      """
      login("admin", "123456")
      t = loadTable("dfs://old", "t")
      t.append!(table(4 5 as id, 4.5 5.5 as x))
      print(exec count(*) from t)
      print(exec sum(x) from loadTable("dfs://old", "t"))
      db = database("dfs://new", VALUE, 2024.01.01..2024.01.03)
      db.createPartitionedTable(table(2024.01.01 2024.01.02 as d, 1 2 as v), "t", "d").append!(table(2024.01.01 2024.01.02 2024.01.02 as d, 1 2 3 as v))
      print(exec sum(v) from loadTable("dfs://new", "t") group by d)
      print(getDFSDatabases())
      print(existsDatabase("dfs://old"), existsDatabase("dfs://new"))
      """)
    #expect(out.contains("5\n17.5\n"), "\(out)")
    #expect(out.contains("2024.01.01 1\n2024.01.02 5\n"), "\(out)")
    #expect(out.contains("[\"dfs://new\",\"dfs://old\"]"), "\(out)")
    #expect(out.hasSuffix("true\ntrue\n"), "\(out)")
    // The old one stayed the engine's; the new one is in the catalog and the chunk store.
    #expect(!FileManager.default.fileExists(atPath: home + "/dfs/new"))
    #expect(FileManager.default.fileExists(atPath: home + "/catalog/" + "dfs%3A%2F%2Fnew.json"))
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: home + "/storage/CHUNKS")).isEmpty)
  }

  @Test func aPartitionAppendedToManyTimesIsCompactedByTheAppends() async throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let out = try await run(
      """
      login("admin", "123456")
      db = database("dfs://many", VALUE, 1..2)
      pt = db.createPartitionedTable(table(1:0, `k`v, [INT, DOUBLE]), "t", "k")
      for (i in 0..69) { pt.append!(table([1] as k, [double(i)] as v)) }
      print(exec count(*) from pt)
      print(exec sum(v) from pt)
      print(exec last(v) from pt)
      """)
    #expect(out.hasSuffix("70\n2415\n69\n"), "\(out)")
    // The chunk's record lists a merged segment and the appends since, not 70 segments.
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: home + "/catalog/dfs%3A%2F%2Fmany.json")))
    let chunks = ((json as? [String: Any])?["chunks"] as? [String: [String: [String: Any]]])?["t"] ?? [:]
    let segments = chunks.values.compactMap { ($0["record"] as? [String: Any])?["segments"] as? [Any] }.map(\.count)
    #expect(segments.count == 1 && segments[0] < 10, "\(segments)")
  }

  @Test func segmentsACrashedAppendStagedAreRemovedWhenTheStoreOpens() async throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let made = try await run(
      """
      login("admin", "123456")
      db = database("dfs://crash", VALUE, 1..2)
      db.createPartitionedTable(table(1 2 as k, 1.5 2.5 as v), "t", "k").append!(table(1 2 as k, 1.5 2.5 as v))
      """)
    #expect(!made.contains("error"), "\(made)")
    let chunks = home + "/storage/CHUNKS"
    let chunk = try #require(try FileManager.default.contentsOfDirectory(atPath: chunks).sorted().first)
    let committed = try FileManager.default.contentsOfDirectory(atPath: chunks + "/" + chunk)
    // An append that died after staging: one old leftover, one too recent to tell from an
    // append in flight.
    let old = chunks + "/" + chunk + "/OLD-LEFTOVER.seg"
    let recent = chunks + "/" + chunk + "/RECENT-LEFTOVER.seg"
    for path in [old, recent] { _ = FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])) }
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: old)
    // A new process (the sweep runs once per process): here, the first session that reads,
    // an hour after the last sweep (a sweep a moment ago makes the next process skip its own).
    StandaloneNode.forgetCleanUp()
    #expect(FileManager.default.fileExists(atPath: home + "/storage/.swept"))
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: home + "/storage/.swept")
    let out = try await run("login(\"admin\", \"123456\")\nprint(exec sum(v) from loadTable(\"dfs://crash\", \"t\"))")
    #expect(out.hasSuffix("4\n"), "\(out)")
    #expect(!FileManager.default.fileExists(atPath: old))
    #expect(FileManager.default.fileExists(atPath: recent))
    for file in committed { #expect(FileManager.default.fileExists(atPath: chunks + "/" + chunk + "/" + file)) }
    // The next process, a moment later, skips the sweep: a leftover waits for a later one.
    _ = FileManager.default.createFile(atPath: old, contents: Data([1, 2, 3]))
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: old)
    StandaloneNode.forgetCleanUp()
    let again = try await run("login(\"admin\", \"123456\")\nprint(exec sum(v) from loadTable(\"dfs://crash\", \"t\"))")
    #expect(again.hasSuffix("4\n"), "\(again)")
    #expect(FileManager.default.fileExists(atPath: old))
  }
}
