import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Cluster schedules on a real cluster: the slot fires on the first allowed node, is retried
/// once on the other when that node is killed mid-run, and a controller killed afterwards
/// hands over without firing the slot again.
extension ClusterTests {
  /// The next whole minute at least `margin` seconds away, local time: (minutes since
  /// midnight, the job id suffix `yyyyMMddHHmm`).
  func nextSlot(margin: Int) -> (minute: Int, stamp: String) {
    let now = Date()
    let local = Int(now.timeIntervalSince1970) + TimeZone.current.secondsFromGMT(for: now)
    var slot = local / 60 + 1
    if slot * 60 - local < margin { slot += 1 }
    let date = Date(timeIntervalSince1970: TimeInterval(slot * 60 - TimeZone.current.secondsFromGMT(for: now)))
    let f = DateFormatter()
    f.dateFormat = "yyyyMMddHHmm"
    return (slot % 1440, f.string(from: date))
  }

  @Test func aClusterScheduleIsRetriedElsewhereWhenItsNodeDiesAndAFailoverDoesNotFireItTwice() async throws {
    let cluster = try TestCluster(controllers: 2)
    defer { cluster.stop() }
    try await cluster.start()
    let a = cluster.controllerAliases[0]
    let leader = try cluster.value(on: a, "getActiveMaster()")
    let standby = cluster.controllerAliases.first { $0 != leader } ?? a
    let (minute, stamp) = nextSlot(margin: 8)
    let time = String(format: "%02d:%02dm", minute / 60, minute % 60)
    let made = try cluster.run(
      on: "P2-datanode",
      """
      def nightly(n) { print("building " + string(n)); sleep(20000); return n * 2 }
      scheduleClusterJob("nightly", "nightly build", nightly{21}, \(time), today() - 1, today() + 1, 'D', , ["P1-datanode", "P2-datanode"])
      """)
    #expect(made.status == 0, "\(made.stderr)")
    #expect(made.stdout.contains("nightly"))
    let bad = try cluster.run(
      on: leader, "def f() { return 1 }\nscheduleClusterJob(\"x\", \"\", f, 10:00m, today(), today(), 'D', , [\"P9\"])")
    #expect(
      bad.stderr.contains(
        "scheduleClusterJob: 'P9' is not a data or compute node of this cluster (they are: P1-datanode, P2-datanode, P3-computenode)"
      ), "\(bad.stderr)")
    // Visible from any node, with the nodes it may run on.
    #expect(
      try cluster.value(on: leader, "exec nodes from getClusterScheduledJobs()") == "[\"P1-datanode P2-datanode\"]")
    func last(_ column: String, on node: String) -> String {
      (try? cluster.value(on: node, "exec \(column) from getClusterScheduledJobs() where jobId = \"nightly\"")) ?? ""
    }
    // The slot fires on P1, the first allowed node.
    #expect(await eventually(100) { last("lastNode", on: leader) == "[\"P1-datanode\"]" })
    #expect(await eventually(10) { last("lastStatus", on: leader) == "[\"running\"]" })
    #expect(cluster.log(leader).contains("cluster job 'nightly': fired nightly-\(stamp) on P1-datanode"))
    // Killed mid-run: once its session is gone, the slot is retried on P2, once.
    if let pid = cluster.pid("P1-datanode") { kill(pid, SIGKILL) }
    #expect(await eventually(40) { last("lastNode", on: leader) == "[\"P2-datanode\"]" })
    #expect(last("runs", on: leader) == "[2]")
    #expect(last("lastJobId", on: leader) == "[\"nightly-\(stamp)-2\"]")
    // The leading controller dies too; the standby takes over and follows the retry to its end.
    cluster.processes[leader]?.signal(SIGKILL)
    #expect(await eventually(30) { (try? cluster.value(on: standby, "getActiveMaster()")) == standby })
    #expect(await eventually(40) { last("lastStatus", on: standby) == "[\"done\"]" })
    #expect(last("runs", on: standby) == "[2]")
    #expect(!cluster.log(standby).contains("fired nightly"))
    // One run of the retry in the whole cluster, with its result and its reason.
    let retried = "jobId = \"nightly-\(stamp)-2\""
    #expect(try cluster.value(on: standby, "exec count(*) from getClusterRecentJobs() where \(retried)") == "1")
    #expect(try cluster.value(on: "P2-datanode", "getJobReturn(\"nightly-\(stamp)-2\")") == "42")
    #expect(
      try cluster.value(on: standby, "exec jobDesc from getClusterRecentJobs() where \(retried)")
        == "[\"nightly build (retry of nightly-\(stamp): P1-datanode went down before it ended)\"]")
    #expect(try cluster.value(on: "P2-datanode", "getJobMessage(\"nightly-\(stamp)-2\")").contains("building 21"))
    // The command line finds the node through ZooKeeper.
    let shown = try Spawned.runToEnd([
      porpoiseBinary, "job", "nightly-\(stamp)-2", "--zk", cluster.connect, "--node", "P2-datanode", "-uid", "admin",
      "-pwd", "123456",
    ])
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("building 21") && shown.stdout.hasSuffix("\n42\n"), "\(shown.stdout)")
    // Another user neither sees nor deletes it.
    let user = try cluster.run(on: standby, "createUser(\"ops1\", \"Ops1pass\")")
    #expect(user.status == 0, "\(user.stderr)")
    let other = try cluster.run(
      on: "P2-datanode", "exec count(*) from getClusterScheduledJobs()\ndeleteClusterScheduledJob(\"nightly\")",
      user: ("ops1", "Ops1pass"))
    #expect(other.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    #expect(other.stderr.contains("there is no cluster job 'nightly' scheduled"))
    #expect(last("runs", on: standby) == "[2]")
    // Deleted, it is gone for everyone.
    let gone = try cluster.run(
      on: standby, "deleteClusterScheduledJob(\"nightly\")\nexec count(*) from getClusterScheduledJobs()")
    #expect(gone.status == 0, "\(gone.stderr)")
    #expect(gone.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
  }
}
