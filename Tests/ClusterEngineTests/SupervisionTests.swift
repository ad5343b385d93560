import ClusterConfig
import Coordination
import Foundation
import TestSupport
import Testing

@testable import ClusterEngine

#if canImport(Glibc)
  import Glibc
#endif

/// How an agent restarts crashed nodes: backoff, giving up, a fresh start on a new request,
/// the hang watchdog and stop escalation, on a manual clock and fake processes.
@Suite struct SupervisionTests {
  struct Fixture {
    let clock = ManualClock()
    let launcher = FakeLauncher()
    let log = LogLines()
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-sup-\(UUID().uuidString)").path
    let supervisor: Supervisor

    init(maxDelayMillis: Int = 30_000) {
      try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
      supervisor = Supervisor(
        agent: "agent1", home: home, zkConnect: "127.0.0.1:2181", sessionTimeoutMillis: 3000,
        policy: RestartPolicy(maxDelayMillis: maxDelayMillis, stopTimeoutMillis: 10_000), logger: log.logger("agent1"),
        executable: "/usr/bin/porpoise", launcher: launcher, clock: clock.source, onChange: {})
    }

    /// dn1 wanted running (generation 1), and the first pass that starts it.
    func startDataNode() async {
      await supervisor.setMembers(members(datanodes: ["dn1"]))
      await supervisor.setDesired("dn1", DesiredState(state: .running, generation: 1, by: "ctl1"))
      await supervisor.reconcile(registered: [])
    }

    func state(_ alias: String) async -> NodeStatus.State? { await supervisor.nodes[alias]?.state }
    func cleanUp() { try? FileManager.default.removeItem(atPath: home) }
  }

  @Test func crashesAreRestartedWithDoublingDelaysThenMarkedFailed() async throws {
    let f = Fixture()
    defer { f.cleanUp() }
    await f.startDataNode()
    #expect(f.launcher.runs(of: "dn1").count == 1)
    #expect(await f.state("dn1") == .starting)
    var delays: [Int] = []
    for crash in 1...4 {
      await f.supervisor.exited("dn1", "exit 1")
      #expect(await f.state("dn1") == .backoff)
      let due = try #require(await f.supervisor.nextDueMillis)
      delays.append(due)
      // Not a moment early ...
      f.clock.advance(Int64(due - 1))
      await f.supervisor.reconcile(registered: [])
      #expect(f.launcher.runs(of: "dn1").count == crash)
      // ... and at once when due.
      f.clock.advance(1)
      await f.supervisor.reconcile(registered: [])
      #expect(f.launcher.runs(of: "dn1").count == crash + 1)
    }
    #expect(delays == [100, 200, 400, 800])
    // The fifth crash within the minute: failed, and no more starts until asked again.
    await f.supervisor.exited("dn1", "exit 1")
    #expect(await f.state("dn1") == .failed)
    #expect(
      f.log.contains("dn1 failed 5 times within 60 s (last: exit 1); not restarting it until it is started again"))
    f.clock.advance(120_000)
    await f.supervisor.reconcile(registered: [])
    #expect(f.launcher.runs(of: "dn1").count == 5)
    let status = try #require(await f.supervisor.changedStatuses(agentSession: "0x1").first { $0.0 == "dn1" }?.1)
    #expect(status.state == .failed)
    #expect(status.restarts == 5)
    #expect(status.lastExit == "exit 1")
    // A new request (startDataNode) is a fresh start.
    await f.supervisor.setDesired("dn1", DesiredState(state: .running, generation: 2, by: "ctl1"))
    await f.supervisor.reconcile(registered: [])
    #expect(f.launcher.runs(of: "dn1").count == 6)
    #expect(await f.state("dn1") == .starting)
  }

  @Test func aLongHealthyRunClearsTheCrashCountAndDelaysAreCapped() async throws {
    let f = Fixture(maxDelayMillis: 300)
    defer { f.cleanUp() }
    await f.startDataNode()
    for _ in 0..<3 {
      await f.supervisor.exited("dn1", "signal 9")
      f.clock.advance(Int64(try #require(await f.supervisor.nextDueMillis)))
      await f.supervisor.reconcile(registered: ["dn1"])
    }
    await f.supervisor.exited("dn1", "signal 9")
    // 100, 200, then the cap.
    #expect(await f.supervisor.nextDueMillis == 300)
    f.clock.advance(300)
    await f.supervisor.reconcile(registered: ["dn1"])
    #expect(await f.state("dn1") == .starting)
    // Seen registered on the next pass: running.
    await f.supervisor.reconcile(registered: ["dn1"])
    #expect(await f.state("dn1") == .running)
    // Up for longer than the healthy time: the next crash counts as the first.
    f.clock.advance(31_000)
    await f.supervisor.exited("dn1", "signal 9")
    #expect(await f.supervisor.nextDueMillis == 100)
  }

  @Test func aLiveNodeThatNeverRegistersIsKilledAsHung() async throws {
    let f = Fixture()
    defer { f.cleanUp() }
    await f.startDataNode()
    let process = try #require(f.launcher.runs(of: "dn1").first)
    // Session timeout 3 s, plus as long again but at least 5 s: 8 s.
    f.clock.advance(8000)
    await f.supervisor.reconcile(registered: [])
    #expect(process.signals.isEmpty)
    // With the registry unreadable the watchdog waits: the node may be fine.
    f.clock.advance(5000)
    await f.supervisor.reconcile(registered: nil)
    #expect(process.signals.isEmpty)
    await f.supervisor.reconcile(registered: [])
    #expect(process.signals == [SIGKILL])
    #expect(f.log.contains("dn1 (pid \(process.pid)) is alive but not registered"))
  }

  @Test func aStopIsSigtermThenSigkillAfterTheStopTimeout() async throws {
    let f = Fixture()
    defer { f.cleanUp() }
    await f.startDataNode()
    let process = try #require(f.launcher.runs(of: "dn1").first)
    await f.supervisor.setDesired("dn1", DesiredState(state: .stopped, generation: 2, by: "ctl1"))
    await f.supervisor.reconcile(registered: ["dn1"])
    #expect(process.signals == [SIGTERM])
    #expect(await f.state("dn1") == .stopping)
    f.clock.advance(10_001)
    await f.supervisor.reconcile(registered: ["dn1"])
    #expect(process.signals == [SIGTERM, SIGKILL])
    // Its exit is a stop, not a crash: no restart, no count.
    await f.supervisor.exited("dn1", "signal 9")
    await f.supervisor.reconcile(registered: [])
    #expect(await f.state("dn1") == .stopped)
    #expect(await f.supervisor.nodes["dn1"]?.restarts == 0)
    #expect(f.launcher.runs(of: "dn1").count == 1)
  }

  @Test func aSpawnThatFailsCountsAsACrash() async throws {
    let f = Fixture()
    defer { f.cleanUp() }
    f.launcher.failure.withLock { $0 = "no such file" }
    await f.startDataNode()
    #expect(await f.state("dn1") == .backoff)
    #expect(f.log.contains("Cannot start dn1: no such file"))
  }
}
