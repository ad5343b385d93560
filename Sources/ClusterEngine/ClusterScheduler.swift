import Coordination
import JobRunner
import Synchronization

/// The leading controller's part in cluster schedules (`scheduleClusterJob`): each due slot is
/// claimed in ZooKeeper (a write fenced by the leader's epoch and the slot document's version)
/// and then sent to the first live node the schedule allows; the run is followed until its
/// node reports the outcome, and retried once on another node when its node goes down first.
/// A new leader reads where the last one left off: a claimed slot never fires again, a run
/// the node had not confirmed is sent again to the same node, which runs a job id once.
final class ClusterScheduler: Sendable {
  let dispatch: any ClusterJobDispatch
  /// Local wall-clock milliseconds (tests inject their own).
  let now: @Sendable () -> Int64
  /// Where firings, retries and skipped slots are reported (the controller's log).
  let note: @Sendable (String) -> Void
  /// A slot runs at most this often: the first run and one retry.
  static let maxRuns = 2

  init(
    dispatch: any ClusterJobDispatch, now: @escaping @Sendable () -> Int64, note: @escaping @Sendable (String) -> Void
  ) {
    self.dispatch = dispatch
    self.now = now
    self.note = note
  }

  /// The batch job id of a slot's run on its node: `<schedule>-<yyyyMMddHHmm>`, `-2` for the
  /// retry.
  static func jobId(_ schedule: String, slot: Int64, run: Int) -> String {
    let stamp = String(JobSchedule.text(slot).filter(\.isNumber))
    return "\(schedule)-\(stamp)" + (run > 1 ? "-\(run)" : "")
  }

  /// One pass over every cluster schedule, as the leader holding `fence`.
  func step(_ client: any CoordinationClient, _ fence: Fence) async {
    let ids: [String]
    let live: [String: Registration]
    do throws(ZooKeeperError) {
      ids = try await client.children(ClusterPaths.jobSchedules)
      guard !ids.isEmpty else { return }
      let nodes: [Registration]
      do { nodes = try await NodeRegistry(client: client).nodes() } catch {
        if let cause = error.cause { throw cause }
        return
      }
      live = Dictionary(nodes.filter(\.mode.isWorker).map { ($0.alias, $0) }) { a, _ in a }
    } catch {
      if error.code != ZooKeeperError.noNode { note(ClusterMessages.clusterJobsUnreadable(error.description)) }
      return
    }
    for id in ids {
      do throws(ZooKeeperError) {
        try await advance(id, client, fence, live)
      } catch {
        // A lost lead or a write that raced another: the next pass reads afresh.
        if error.code != ZooKeeperError.badVersion && error.code != ZooKeeperError.noNode {
          note(ClusterMessages.clusterJobStepFailed(id, error.description))
        }
      }
    }
  }

  /// Follows the current slot's last run and fires a new due slot of one schedule.
  private func advance(
    _ id: String, _ client: any CoordinationClient, _ fence: Fence, _ live: [String: Registration]
  ) async throws(ZooKeeperError) {
    guard let (s, _) = try await client.document(ClusterJobSchedule.self, at: ClusterPaths.jobSchedule(id)),
      let schedule = s.schedule
    else { return }
    let election = ControllerElection(client: client)
    guard let (slot, version) = try await client.document(ClusterJobSlot.self, at: ClusterPaths.jobSlot(id)) else {
      // Made with the schedule; missing or unreadable, it starts again from now.
      let fresh = ZNodeJSON.encode(ClusterJobSlot(slot: now() / 60_000))
      do throws(ZooKeeperError) {
        try await election.fenced(fence, [.create(ClusterPaths.jobSlot(id), data: fresh, mode: .persistent)])
      } catch {
        guard error.code == ZooKeeperError.nodeExists else { throw error }
        try await election.fenced(fence, [.set(ClusterPaths.jobSlot(id), data: fresh, version: -1)])
      }
      return
    }
    let nowMillis = now()
    var next = slot
    var sends: [Int] = []
    var ended: [String] = []
    // The current slot's last run: ended, gone with its node, or still to be confirmed.
    if let i = next.runs.indices.last, next.runs[i].state == .submitting || next.runs[i].state == .running {
      var run = next.runs[i]
      if let (o, _) = try await client.document(ClusterJobOutcome.self, at: ClusterPaths.jobOutcome(run.jobId)) {
        run.state = o.ok ? .done : .failed
        run.endedAt = o.endedAt
        run.error = o.error
      } else if live[run.node]?.incarnation != run.incarnation {
        let confirmed = run.state == .running
        run.state = .lost
        run.endedAt = nowMillis
        run.error = ClusterMessages.clusterJobNodeWentDown(run.node, confirmed: confirmed)
        note(ClusterMessages.clusterJobLost(id, run.jobId, run.node))
      } else if run.state == .submitting {
        sends.append(i)
      }
      next.runs[i] = run
    }
    if let last = next.runs.last, last.state == .lost, next.runs.count < ClusterScheduler.maxRuns,
      let node = pick(s.nodes, live, avoiding: last.node)
    {
      next.runs.append(
        ClusterJobRun(
          node: node.alias, incarnation: node.incarnation,
          jobId: ClusterScheduler.jobId(id, slot: next.slot, run: next.runs.count + 1), state: .submitting,
          startedAt: nowMillis, note: ClusterMessages.clusterJobRetryNote(last.jobId, last.node)))
      sends.append(next.runs.count - 1)
      note(ClusterMessages.clusterJobRetried(id, last.node, node.alias))
    }
    // A new slot due: claimed whether it fires, is skipped or finds no node, so it is decided once.
    let minute = nowMillis.dividedReportingOverflow(by: 60_000).partialValue
    let due = schedule.slots(after: next.slot, through: minute)
    if let last = due.last {
      let fires = nowMillis - last * 60_000 < JobScheduler.graceMillis
      let missed = fires ? Array(due.dropLast()) : due
      if let first = missed.first, let final = missed.last {
        note(ClusterMessages.clusterSlotsSkipped(id, missed.count, first: first, last: final))
      }
      ended = next.runs.map(\.jobId)
      next = ClusterJobSlot(slot: last)
      sends = []
      if fires {
        let jobId = ClusterScheduler.jobId(id, slot: last, run: 1)
        if let node = pick(s.nodes, live, avoiding: nil) {
          next.runs = [
            ClusterJobRun(
              node: node.alias, incarnation: node.incarnation, jobId: jobId, state: .submitting, startedAt: nowMillis)
          ]
          sends = [0]
        } else {
          let why = ClusterMessages.clusterJobNoNode(s.nodes)
          next.runs = [
            ClusterJobRun(
              node: "", incarnation: "", jobId: jobId, state: .failed, startedAt: nowMillis, endedAt: nowMillis,
              error: why)
          ]
          note(ClusterMessages.clusterJobNotFired(id, why))
        }
      }
    }
    guard next != slot || !sends.isEmpty else { return }
    var written = version
    if next != slot {
      try await election.fenced(
        fence, [.set(ClusterPaths.jobSlot(id), data: ZNodeJSON.encode(next), version: version)])
      written += 1
    } else {
      // Only a resend: still only while leading.
      try await election.fenced(fence, [])
    }
    for i in sends {
      let run = next.runs[i]
      guard let node = live[run.node] else { continue }
      do throws(ClusterError) {
        try await dispatch.submit(ClusterJobLaunch(schedule: s, run: run), to: node)
        next.runs[i].state = .running
        if run.note.isEmpty { note(ClusterMessages.clusterJobFired(id, run.jobId, run.node)) }
      } catch {
        next.runs[i].state = .lost
        next.runs[i].endedAt = now()
        next.runs[i].error = error.message
      }
    }
    if !sends.isEmpty {
      // Unwritten (the lead lost meanwhile), the next leader sends the run again: the node
      // runs a job id once.
      try? await election.fenced(
        fence, [.set(ClusterPaths.jobSlot(id), data: ZNodeJSON.encode(next), version: written)])
    }
    for jobId in ended { try? await client.delete(ClusterPaths.jobOutcome(jobId)) }
  }

  /// The first allowed node that runs now, preferring one other than `avoiding`.
  private func pick(_ allowed: [String], _ live: [String: Registration], avoiding: String?) -> Registration? {
    let running = allowed.compactMap { live[$0] }
    return running.first { $0.alias != avoiding } ?? running.first
  }
}
