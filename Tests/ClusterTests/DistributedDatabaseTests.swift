import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One `dfs://` namespace across the cluster: the seed's topology (three data nodes, a compute
/// node, `dfsReplicationFactor=2`), real processes and a real ZooKeeper.
extension ClusterTests {
  /// Seed 001 steps 5 and 6 as the tutorial runs them: step 5 on P1-datanode, step 6 on
  /// P3-computenode, which stores nothing itself.
  @Test func theSeedTutorialRunsAcrossTheCluster() async throws {
    let cluster = try await startSeedCluster()
    defer { cluster.stop() }
    let golden = try String(contentsOfFile: goldenSeedScript, encoding: .utf8)
    // Step 5 is the golden script up to its step-6 comment; it ends by printing what it wrote.
    let step5 = golden.components(separatedBy: "// 加载分区表对象")[0] + "print(exec sum(Volume) from t)\n"
    let wrote = try cluster.run(on: "P1-datanode", step5)
    #expect(wrote.status == 0, "\(wrote.stderr)")
    let volume = wrote.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(Int(volume) ?? 0 > 1_210_000 * 100, "\(wrote.stdout)")

    let step6 = """
      pt = loadTable("dfs://testDB", "testTB")
      select count(*) from pt group by date(DateTime) as Date
      result = select first(LastPx) as Open, max(LastPx) as High, min(LastPx) as Low, last(LastPx) as Close from pt group by date(DateTime) as Date, SecurityID
      print(size(result))
      print(exec count(*) from result where High >= Low, Open between Low and High, Close between Low and High)
      print(exec sum(Volume) from pt)
      """
    let read = try cluster.run(on: "P3-computenode", step6)
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout.contains("2023.01.08 1210000"), "\(read.stdout)")
    #expect(read.stdout.hasSuffix("5000\n5000\n\(volume)\n"), "\(read.stdout)")

    // One namespace: every data and compute node sees the database and its one chunk,
    // replicated on two data nodes, complete.
    for node in TestCluster.seedWorkers {
      #expect(try cluster.value(on: node, "existsDatabase(\"dfs://testDB\")") == "true", "\(node)")
      #expect(try cluster.value(on: node, "getDFSDatabases()") == "[\"dfs://testDB\"]", "\(node)")
    }
    #expect(
      try cluster.value(on: "P2-datanode", "exec state, replicaCount from getClusterChunksStatus()")
        .contains("COMPLETE"))
    #expect(try cluster.value(on: "P2-datanode", "exec sum(replicaCount) from getClusterChunksStatus()") == "2")
    // The controller answers the chunk functions too (DolphinDB runs them there), but makes no
    // databases.
    let controller = cluster.controllerAliases[0]
    #expect(try cluster.value(on: controller, "exec sum(replicaCount) from getClusterChunksStatus()") == "2")
    #expect(try cluster.value(on: controller, "getClusterDFSTables()") == "[\"dfs://testDB/testTB\"]")
    // A support bundle from a data node: the published files, the nodes, the schema, and no
    // chunk out of order; the controller does not make one.
    let bundlePath = try cluster.value(on: "P1-datanode", "getSupportBundle(\"\(cluster.dir)/bundles\")")
    #expect(bundlePath.hasPrefix("\(cluster.dir)/bundles/getSupportBundle."), "\(bundlePath)")
    let bundle = (try? String(contentsOfFile: bundlePath, encoding: .utf8)) ?? ""
    #expect(bundle.contains("--- cluster.nodes (published by the leading controller)\nlocalSite,mode\n"))
    #expect(bundle.contains("==== CLUSTER NODES ====\n> getClusterPerf(true)\nname "))
    #expect(bundle.contains("> schema(loadTable(\"dfs://testDB\", \"testTB\"))\ncolDefs->name "))
    #expect(bundle.contains("SecurityID SYMBOL"))
    #expect(bundle.contains("where state != \"COMPLETE\"\nchunkId file size version state"))
    let secret = String((cluster.digest ?? "x:x").split(separator: ":").last ?? "x")
    #expect(!bundle.contains(secret), "the bundle shows the cluster's ZooKeeper secret")
    #expect(
      try cluster.run(on: controller, "getSupportBundle()").stderr.contains(
        "getSupportBundle runs on data, compute and standalone nodes"))
    // The compute node holds no chunk files; exactly two data nodes hold the chunk.
    let homes = TestCluster.seedWorkers.map { (alias: $0, dir: cluster.home($0) + "/storage/CHUNKS") }
    let holding = homes.filter { !(((try? FileManager.default.contentsOfDirectory(atPath: $0.dir)) ?? []).isEmpty) }
    #expect(holding.count == 2, "\(holding.map(\.alias))")
    #expect(!holding.contains { $0.alias == "P3-computenode" })
    // A corrupt copy is never served: the node holding it reads the other replica instead,
    // and its copy is replaced by a good one.
    if let holder = holding.first,
      let chunk = try FileManager.default.contentsOfDirectory(atPath: holder.dir).first,
      let segment = try FileManager.default.contentsOfDirectory(atPath: holder.dir + "/" + chunk).first
    {
      let file = holder.dir + "/" + chunk + "/" + segment
      let good = try Data(contentsOf: URL(fileURLWithPath: file))
      var bad = good
      // A byte of the header, which holds every column's checksum: any read checks it.
      bad[12] ^= 0xFF
      try bad.write(to: URL(fileURLWithPath: file))
      let counted = try cluster.run(on: holder.alias, "exec count(*) from loadTable(\"dfs://testDB\", \"testTB\")")
      #expect(counted.stdout == "1210000\n", "\(counted.stderr)")
      let repaired = await eventually(30) { (try? Data(contentsOf: URL(fileURLWithPath: file))) == good }
      #expect(repaired, "the corrupt copy on \(holder.alias) was not replaced")
    }
    // The same scheme opens it from another node; a different one is refused there too.
    #expect(
      try cluster.run(on: "P2-datanode", "db = database(\"dfs://testDB\", VALUE, 2021.01.01..2021.12.31)").status == 0)
    let other = try cluster.run(on: "P3-computenode", "db = database(\"dfs://testDB\", RANGE, 0 5 10)")
    #expect(other.status == 70)
    #expect(other.stderr.contains("dfs://testDB"), "\(other.stderr)")
    // Dropped on one node: gone on every node.
    #expect(try cluster.run(on: "P3-computenode", "dropDatabase(\"dfs://testDB\")").status == 0)
    for node in TestCluster.seedWorkers {
      #expect(try cluster.value(on: node, "existsDatabase(\"dfs://testDB\")") == "false", "\(node)")
    }
  }

  /// A writer appends batches (each touching four partitions) while a data node holding
  /// replicas is killed with SIGKILL and restarted by its agent: every batch whose append
  /// returned is there in full on every node, none is there in part, and the restarted node's
  /// replicas catch up until every chunk is COMPLETE.
  @Test func appendsSurviveADataNodeKilledMidwayAndItsReplicasCatchUp() async throws {
    let cluster = try await startSeedCluster()
    defer { cluster.stop() }
    let made = try cluster.run(
      on: "P1-datanode",
      """
      db = database("dfs://loop", VALUE, 0..3)
      db.createPartitionedTable(table(1:0, `b`k`v, [INT, INT, DOUBLE]), "t", `k)
      """)
    #expect(made.status == 0, "\(made.stderr)")
    var landed: [Int] = []
    var failed: [String] = []
    for b in 0..<16 {
      if b == 5 {
        // Its agent stopped first, P2-datanode stays down until the agent is back.
        cluster.processes["P2-agent"]?.stop()
        if let pid = cluster.pid("P2-datanode") { kill(pid, SIGKILL) }
      }
      if b == 12 {
        let lagging = try cluster.value(
          on: "P1-datanode", "exec count(*) from getClusterChunksStatus() where state = \"RECOVERING\"")
        #expect(lagging != "0", "no chunk recorded P2-datanode's replica as stale")
        // Recovery held back on the controller: P2-datanode comes back and waits.
        let held = try cluster.run(on: cluster.controllerAliases[0], "suspendRecovery()")
        #expect(held.status == 0, "\(held.stderr)")
        try cluster.startAgent("P2-agent")
      }
      let r = try cluster.run(
        on: "P3-computenode",
        "loadTable(\"dfs://loop\", \"t\").append!(table(take(\(b), 100) as b, take(0..3, 100) as k, rand(1.0, 100) as v))"
      )
      if r.status == 0 { landed.append(b) } else { failed.append(r.stderr) }
    }
    // With two replicas per chunk and one node down, appends land on the live replica.
    #expect(landed.count == 16, "\(failed)")
    // Each append was one transaction on the node that made it.
    #expect(
      try cluster.value(
        on: "P3-computenode", "exec count(*) from getTransactionStatus() where type = \"APPEND\", status = \"COMPLETE\""
      )
        == "16")
    #expect(
      await eventually(20) { cluster.nodeLog("P2-datanode").contains("recovery is suspended (suspendRecovery)") },
      "\(cluster.nodeLog("P2-datanode").suffix(2000))")
    #expect(
      try cluster.value(on: "P1-datanode", "exec count(*) from getClusterChunksStatus() where state != \"COMPLETE\"")
        != "0")
    #expect(!cluster.nodeLog("P2-datanode").contains("Recovered chunk"))
    let resumed = try cluster.run(on: cluster.controllerAliases[0], "resumeRecovery()")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    // The data nodes' volumes, asked of every data node at once.
    #expect(
      try cluster.value(
        on: cluster.controllerAliases[0], "exec node from getClusterVolumeUsage() where capacity >= usage")
        == "[\"P1-datanode\",\"P2-datanode\",\"P3-datanode\"]")
    let expected = "\(landed.count * 100)"
    let allComplete = await eventually(60) {
      (try? cluster.value(on: "P1-datanode", "exec count(*) from getClusterChunksStatus() where state != \"COMPLETE\""))
        == "0"
    }
    let status = (try? cluster.value(on: "P1-datanode", "getClusterChunksStatus()")) ?? ""
    #expect(allComplete, "\(status)")
    for node in TestCluster.seedWorkers {
      let count = try cluster.run(on: node, "exec count(*) from loadTable(\"dfs://loop\", \"t\")")
      #expect(count.stdout == expected + "\n", "\(node): \(count.stderr)")
      // No batch half there: each has all its 100 rows.
      #expect(
        try cluster.value(
          on: node,
          "exec count(*) from (select count(*) as n from loadTable(\"dfs://loop\", \"t\") group by b) where n != 100"
        ) == "0", "\(node)")
    }
    #expect(
      cluster.nodeLog("P2-datanode").contains("Recovered chunk"), "\(cluster.nodeLog("P2-datanode").suffix(2000))")
    // Every replica now reads the same rows: each data node answers from its own copies.
    var sums: Set<String> = []
    for node in ["P1-datanode", "P2-datanode", "P3-datanode"] {
      sums.insert(try cluster.value(on: node, "exec sum(v) from loadTable(\"dfs://loop\", \"t\") where k = 2"))
    }
    #expect(sums.count == 1, "\(sums)")

    // A query whose `where` prunes to one partition sends one sub-query, to one node holding
    // it, and that node ships only its count of the rows that match (one partial row).
    let dataNodes = ["P1-datanode", "P2-datanode", "P3-datanode"]
    func served() throws -> [String: [Int]] {
      var out: [String: [Int]] = [:]
      for node in dataNodes {
        out[node] = try ["calls", "rows"].map { column in
          let text = try cluster.value(
            on: node, "exec \(column) from getChunkServiceStats() where request = \"dfsReadChunks\"")
          return Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) ?? -1
        }
      }
      return out
    }
    let before = try served()
    #expect(
      try cluster.value(on: "P3-computenode", "exec count(*) from loadTable(\"dfs://loop\", \"t\") where k = 2, b = 3")
        == "25")
    let after = try served()
    let asked = dataNodes.filter { before[$0] != after[$0] }
    #expect(asked.count == 1, "\(before) -> \(after)")
    if let node = asked.first, let b = before[node], let a = after[node], a.count == 2, b.count == 2 {
      #expect(a[0] - b[0] == 1 && a[1] - b[1] == 1, "\(b) -> \(a)")
      let holders = try cluster.value(
        on: "P1-datanode", "exec replicas from getClusterChunksStatus() where file like \"%/2/t\"")
      #expect(holders.contains(node), "\(node) read the chunk but holds \(holders)")
    }
  }

  /// Two nodes append to the same partition at once, many times: every append lands.
  @Test func concurrentAppendsFromTwoNodesToOnePartitionAllLand() async throws {
    let cluster = try await startSeedCluster()
    defer { cluster.stop() }
    let made = try cluster.run(
      on: "P2-datanode",
      """
      db = database("dfs://race", VALUE, 1..2)
      db.createPartitionedTable(table(1:0, `k`who, [INT, SYMBOL]), "t", `k)
      """)
    #expect(made.status == 0, "\(made.stderr)")
    let script: @Sendable (String) -> String = { who in
      "t = loadTable(\"dfs://race\", \"t\"); for (i in 0..39) { t.append!(table(take(1, 10) as k, take(\"\(who)\", 10) as who)) }"
    }
    let results = Mutex<[String: (Int32, String)]>([:])
    let group = DispatchGroup()
    for node in ["P1-datanode", "P3-computenode"] {
      group.enter()
      DispatchQueue.global().async {
        let r = try? cluster.run(on: node, script(node))
        results.withLock { $0[node] = (r?.status ?? -1, r?.stderr ?? "did not run") }
        group.leave()
      }
    }
    group.wait()
    for (node, r) in results.withLock({ $0 }) { #expect(r.0 == 0, "\(node): \(r.1)") }
    #expect(
      try cluster.value(
        on: "P3-datanode", "exec n from (select count(*) as n from loadTable(\"dfs://race\", \"t\") group by who)")
        == "[400,400]")
    // 80 appends made 80 segments: the chunk's first current replica merges them, and every
    // row is still there, once.
    let compacted = await eventually(40) {
      ["P1-datanode", "P2-datanode", "P3-datanode"].contains {
        cluster.nodeLog($0).contains("Compacted the segments of partition")
      }
    }
    #expect(compacted, "no data node compacted the partition appended to 80 times")
    #expect(
      try cluster.value(
        on: "P1-datanode", "exec n from (select count(*) as n from loadTable(\"dfs://race\", \"t\") group by who)")
        == "[400,400]")
    // tableInsert and insert into write through the cluster as append! does.
    let inserted = try cluster.run(
      on: "P3-computenode",
      """
      pt = loadTable("dfs://race", "t")
      tableInsert(pt, table(take(2, 5) as k, take(`x, 5) as who))
      insert into pt values(2, `y)
      """)
    #expect(inserted.status == 0, "\(inserted.stderr)")
    #expect(
      try cluster.value(on: "P1-datanode", "exec count(*) from loadTable(\"dfs://race\", \"t\") where k = 2") == "6")
  }
}

extension ClusterTests {
  /// A data node that joins after the chunks were placed gets its share when the administrator
  /// rebalances: first the plan, then the moves, after which every node reads the same rows.
  @Test func rebalancingMovesReplicasToADataNodeThatJoinedLate() async throws {
    let cluster = try await startSeedCluster()
    defer { cluster.stop() }
    let c = cluster.controllerAliases[0]
    #expect(try cluster.run(on: c, "stopDataNode(\"P3-datanode\")").status == 0)
    #expect(await eventually(20) { !(await cluster.registered().contains("P3-datanode")) })
    let made = try cluster.run(
      on: "P1-datanode",
      """
      db = database("dfs://spread", VALUE, 1..6)
      pt = db.createPartitionedTable(table(1:0, `k`v, [INT, DOUBLE]), "t", `k)
      pt.append!(table(take(1..6, 600) as k, rand(1.0, 600) as v))
      """)
    #expect(made.status == 0, "\(made.stderr)")
    let sum = try cluster.value(on: "P2-datanode", "exec sum(v) from loadTable(\"dfs://spread\", \"t\")")
    #expect(try cluster.run(on: c, "startDataNode(\"P3-datanode\")").status == 0)
    #expect(await eventually(30) { await cluster.registered().contains("P3-datanode") })
    let holds = "exec count(*) from getClusterChunksStatus() where replicas like \"%P3-datanode%\""
    #expect(try cluster.value(on: "P1-datanode", holds) == "0")
    // Six chunks, two copies each, on P1 and P2: four copies move to P3, four per node.
    // (Nodes read the running data nodes at most once a second: the newcomer counts soon.)
    let planned = await eventually(10) {
      (try? cluster.value(on: c, "exec status from rebalanceChunksAmongDataNodes()"))
        == "[\"planned\",\"planned\",\"planned\",\"planned\"]"
    }
    #expect(planned)
    #expect(try cluster.value(on: "P1-datanode", holds) == "0")
    // On the controller, as DolphinDB's documentation runs it.
    let moved = try cluster.run(on: c, "exec status from rebalanceChunksAmongDataNodes(true)")
    #expect(moved.stdout == "[\"moved\",\"moved\",\"moved\",\"moved\"]\n", "\(moved.stderr)")
    #expect(try cluster.value(on: "P1-datanode", holds) == "4")
    // The controller lists its moves as finished LoadRebalance tasks, with their times
    // (the data move tutorial's `max(FinishTime - StartTime)`).
    let tasks = try cluster.value(
      on: c,
      "exec count(*) from getRecoveryTaskStatus() where TaskType = \"LoadRebalance\", Status = \"Finished\", Dest = \"P3-datanode\", FinishTime >= StartTime"
    )
    #expect(tasks == "4")
    #expect(try cluster.value(on: "P2-datanode", "exec count(*) from rebalanceChunksAmongDataNodes()") == "0")
    for node in ["P3-datanode", "P3-computenode", "P1-datanode"] {
      #expect(try cluster.value(on: node, "exec sum(v) from loadTable(\"dfs://spread\", \"t\")") == sum, "\(node)")
    }
    #expect(
      try cluster.value(on: "P3-datanode", "exec count(*) from getClusterChunksStatus() where state != \"COMPLETE\"")
        == "0")
    // Only administrators move data.
    let carol = try cluster.run(on: "P1-datanode", "rebalanceChunksAmongDataNodes(true)", user: nil)
    #expect(carol.status != 0)
  }
}

/// The seed's distributed topology, started, with each chunk on two data nodes.
func startSeedCluster() async throws -> TestCluster {
  // As the seed's controller.cfg, but with two replicas per chunk.
  let cluster = try TestCluster(
    workers: TestCluster.seedWorkers, controllerCfg: "dfsReplicationFactor=2\ndfsReplicaReliabilityLevel=2\n")
  do {
    try await cluster.start()
  } catch {
    cluster.stop()
    throw error
  }
  return cluster
}

/// The seed tutorial's steps 5 and 6 as the golden tests run them on the embedded node.
let goldenSeedScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Scripts/databases/seed_tutorial_steps_5_and_6.dos").path
