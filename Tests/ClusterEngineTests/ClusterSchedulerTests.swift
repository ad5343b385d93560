import ClusterConfig
import Coordination
import Foundation
import JobRunner
import PorpoiseSupport
import Synchronization
import TestSupport
import Testing

@testable import ClusterEngine

/// Cluster schedules as the leading controller fires them, on the in-memory coordination
/// service with an injected clock and a dispatcher that records what it is asked to send: a
/// slot fires once, is followed to its outcome, is retried once when its node goes down, and is
/// not fired again by a new leader. (The real thing, with ZooKeeper and processes, is in
/// ClusterTests.)
@Suite struct ClusterSchedulerTests {
  /// What the scheduler sent, and nodes it cannot reach.
  final class Recorder: ClusterJobDispatch {
    let sent = Mutex<[(node: String, jobId: String, note: String)]>([])
    let unreachable = Mutex<Set<String>>([])
    func submit(_ launch: ClusterJobLaunch, to node: Registration) async throws(ClusterError) {
      if unreachable.withLock({ $0.contains(node.alias) }) { throw ClusterError("\(node.alias): connection refused") }
      sent.withLock { $0.append((node.alias, launch.run.jobId, launch.run.note)) }
    }
    var jobs: [String] { sent.withLock { $0.map { "\($0.node):\($0.jobId)" } } }
  }

  final class Clock: Sendable {
    let millis = Mutex<Int64>(0)
    func set(_ day: (Int, Int, Int), _ hour: Int, _ minute: Int, _ second: Int = 0) {
      let d = Int64(CivilCalendar.days(year: day.0, month: day.1, day: day.2))
      millis.withLock { $0 = ((d * 1440 + Int64(hour * 60 + minute)) * 60 + Int64(second)) * 1000 }
    }
    var minute: Int64 { millis.withLock { $0 } / 60_000 }
  }

  final class Notes: Sendable {
    let lines = Mutex<[String]>([])
    func contains(_ s: String) -> Bool { lines.withLock { $0.contains { $0.contains(s) } } }
  }

  struct Fixture {
    let zk = InMemoryCoordination()
    let clock = Clock()
    let sent = Recorder()
    let notes = Notes()
    let leader: InMemoryClient
    let fence: Fence
    let scheduler: ClusterScheduler

    init() async throws {
      leader = try zk.connect()
      fence = try #require(
        try await ControllerElection(client: leader).campaign(alias: "ctl1", host: "127.0.0.1", port: 8900))
      let (clock, notes) = (clock, notes)
      scheduler = ClusterScheduler(
        dispatch: sent, now: { clock.millis.withLock { $0 } }, note: { s in notes.lines.withLock { $0.append(s) } })
      clock.set((2026, 12, 1), 8, 0)
    }

    /// A data node's registration under its own session (closed: the node is gone).
    func register(_ alias: String, incarnation: String = UUID().uuidString) async throws -> InMemoryClient {
      let node = try zk.connect()
      try await node.createPath(ClusterPaths.nodes(.datanode))
      let r = Registration(
        alias: alias, mode: .datanode, host: "127.0.0.1", port: 8910, pid: 1, startedAt: 0, incarnation: incarnation,
        version: "test")
      try await node.create(ClusterPaths.node(.datanode, alias), data: ZNodeJSON.encode(r), mode: .ephemeral)
      return node
    }

    /// `scheduleClusterJob("nightly", "build", f, 09:30m, 2026.12.01, 2027.12.31, 'D', , nodes)`
    /// made now, as the built-in writes it.
    func schedule(
      _ id: String = "nightly", times: [Int] = [9 * 60 + 30], frequency: String = "D", days: [Int] = [],
      nodes: [String] = ["dn1", "dn2"]
    ) async throws {
      let s = ClusterJobSchedule(
        jobId: id, jobDesc: "build", user: "admin", times: times, days: days, frequency: frequency,
        startDay: CivilCalendar.days(year: 2026, month: 12, day: 1),
        endDay: CivilCalendar.days(year: 2027, month: 12, day: 31), nodes: nodes, function: "f", source: "",
        arguments: "", created: clock.minute)
      try await leader.put(s, at: ClusterPaths.jobSchedule(id))
      try await leader.put(ClusterJobSlot(slot: s.created), at: ClusterPaths.jobSlot(id))
    }

    func slot(_ id: String = "nightly") -> ClusterJobSlot? {
      ZNodeJSON.decode(ClusterJobSlot.self, zk.data(ClusterPaths.jobSlot(id)) ?? [])
    }

    /// What the node that ran `jobId` writes when it ends.
    func finish(_ jobId: String, on node: String, error: String = "") async throws {
      try await leader.put(
        ClusterJobOutcome(node: node, ok: error.isEmpty, error: error, endedAt: 1), at: ClusterPaths.jobOutcome(jobId))
    }

    func step() async { await scheduler.step(leader, fence) }
  }

  @Test func aSlotFiresOnceOnTheFirstLiveNodeAndIsFollowedToItsOutcome() async throws {
    let f = try await Fixture()
    let dn1 = try await f.register("dn1")
    let dn2 = try await f.register("dn2")
    defer { [dn1, dn2].forEach { $0.close() } }
    try await f.schedule()
    await f.step()
    #expect(f.sent.jobs.isEmpty)
    f.clock.set((2026, 12, 1), 9, 30, 4)
    await f.step()
    await f.step()
    #expect(f.sent.jobs == ["dn1:nightly-202612010930"])
    #expect(f.slot()?.runs.map(\.state) == [.running])
    #expect(f.notes.contains("cluster job 'nightly': fired nightly-202612010930 on dn1"))
    try await f.finish("nightly-202612010930", on: "dn1", error: "boom")
    await f.step()
    #expect(f.slot()?.runs.map(\.state) == [.failed])
    #expect(f.slot()?.runs.first?.error == "boom")
    // The next day's slot, and the last one's outcome is cleared away.
    f.clock.set((2026, 12, 2), 9, 30)
    await f.step()
    #expect(f.sent.jobs == ["dn1:nightly-202612010930", "dn1:nightly-202612020930"])
    #expect(f.zk.data(ClusterPaths.jobOutcome("nightly-202612010930")) == nil)
  }

  @Test func aRunWhoseNodeGoesDownIsRetriedOnceOnAnotherNode() async throws {
    let f = try await Fixture()
    let dn1 = try await f.register("dn1")
    let dn2 = try await f.register("dn2")
    defer { dn2.close() }
    try await f.schedule()
    f.clock.set((2026, 12, 1), 9, 30)
    await f.step()
    #expect(f.sent.jobs == ["dn1:nightly-202612010930"])
    // dn1 dies mid-run (its session ends): the run is lost, the slot goes to dn2 once.
    dn1.close()
    f.clock.set((2026, 12, 1), 9, 31)
    await f.step()
    await f.step()
    #expect(f.sent.jobs == ["dn1:nightly-202612010930", "dn2:nightly-202612010930-2"])
    #expect(f.sent.sent.withLock { $0.last?.note } == "retry of nightly-202612010930: dn1 went down before it ended")
    let runs = try #require(f.slot()?.runs)
    #expect(runs.map(\.state) == [.lost, .running])
    #expect(runs[0].error == "dn1 went down while the job ran")
    #expect(f.notes.contains("cluster job 'nightly': retrying the slot on dn2 (dn1 went down)"))
    // dn1 back (a new process) changes nothing; dn2 dying too leaves the slot failed, not
    // tried a third time.
    let back = try await f.register("dn1")
    defer { back.close() }
    dn2.close()
    await f.step()
    await f.step()
    #expect(f.sent.jobs.count == 2)
    #expect(f.slot()?.runs.map(\.state) == [.lost, .lost])
  }

  @Test func aNewLeaderDoesNotFireAClaimedSlotAgainAndResendsAnUnconfirmedRun() async throws {
    let f = try await Fixture()
    let dn1 = try await f.register("dn1")
    defer { dn1.close() }
    try await f.schedule()
    try await f.schedule("hourly", times: [9 * 60 + 30, 10 * 60 + 30], nodes: ["dn1"])
    f.clock.set((2026, 12, 1), 9, 30)
    // The leader claims both slots; dn1 confirms only the first (the controller died before
    // it sent the second, or its reply was lost).
    await f.step()
    #expect(f.sent.jobs.sorted() == ["dn1:hourly-202612010930", "dn1:nightly-202612010930"])
    var unconfirmed = try #require(f.slot("hourly"))
    unconfirmed.runs[0].state = .submitting
    try await f.leader.put(unconfirmed, at: ClusterPaths.jobSlot("hourly"))
    // The leader's session expires; another controller wins the next epoch.
    f.zk.expire(f.leader.credentials.id)
    let other = try f.zk.connect()
    let fence = try #require(
      try await ControllerElection(client: other).campaign(alias: "ctl2", host: "127.0.0.1", port: 8901))
    #expect(fence.epoch == 2)
    await f.scheduler.step(other, fence)
    await f.scheduler.step(other, fence)
    // The claimed slot is not fired again; the unconfirmed run goes once more to the same node
    // under the same job id (the node runs a job id once).
    #expect(
      f.sent.jobs.sorted() == ["dn1:hourly-202612010930", "dn1:hourly-202612010930", "dn1:nightly-202612010930"])
    #expect(f.slot("hourly")?.runs.map(\.state) == [.running])
    // The old leader's fence no longer claims anything.
    f.clock.set((2026, 12, 1), 10, 30)
    let old = try f.zk.connect()
    await f.scheduler.step(old, f.fence)
    #expect(f.sent.jobs.count == 3)
    await f.scheduler.step(other, fence)
    #expect(f.sent.jobs.last == "dn1:hourly-202612011030")
  }

  @Test func slotsMissedWithoutALeaderAreSkippedAndSaid() async throws {
    let f = try await Fixture()
    let dn1 = try await f.register("dn1")
    defer { dn1.close() }
    try await f.schedule(frequency: "W", days: [1, 3])
    // No controller led from Tuesday to the next Monday: Wednesday's slot is skipped, Monday's
    // fires (2026.12.07 is a Monday).
    f.clock.set((2026, 12, 7), 9, 31)
    await f.step()
    #expect(f.sent.jobs == ["dn1:nightly-202612070930"])
    #expect(f.notes.contains("cluster job 'nightly' skipped 1 slot no controller fired in time: 2026.12.02T09:30"))
    // Three minutes late is too late: skipped too.
    f.clock.set((2026, 12, 9), 9, 33)
    await f.step()
    #expect(f.sent.jobs.count == 1)
    #expect(f.slot()?.slot == f.clock.minute - 3)
  }

  @Test func aSlotWithNoLiveNodeFailsAndSaysWhy() async throws {
    let f = try await Fixture()
    let dn1 = try await f.register("dn1")
    dn1.close()
    try await f.schedule(nodes: ["dn1", "dn2"])
    f.clock.set((2026, 12, 1), 9, 30)
    await f.step()
    let run = try #require(f.slot()?.runs.first)
    #expect(run.state == .failed)
    #expect(run.error == "none of its nodes runs (dn1, dn2)")
    #expect(f.notes.contains("cluster job 'nightly' did not fire: none of its nodes runs (dn1, dn2)"))
    // A node that cannot be reached is a lost run, retried on the next.
    let up1 = try await f.register("dn1")
    let up2 = try await f.register("dn2")
    defer { [up1, up2].forEach { $0.close() } }
    f.sent.unreachable.withLock { _ = $0.insert("dn1") }
    f.clock.set((2026, 12, 2), 9, 30)
    await f.step()
    await f.step()
    #expect(f.sent.jobs == ["dn2:nightly-202612020930-2"])
    #expect(f.slot()?.runs.map(\.error).first == "dn1: connection refused")
  }
}
