import Coordination
import Foundation
import JobRunner
import ScriptRuntime

/// A cluster schedule as `scheduleClusterJob` stores it (`/jobs/schedules/<id>`): what runs,
/// as whom, when, and on which nodes.
struct ClusterJobSchedule: Codable, Sendable, Equatable {
  var jobId: String
  var jobDesc: String
  var user: String
  var times: [Int]
  var days: [Int]
  var frequency: String
  var startDay: Int
  var endDay: Int
  /// The data and compute nodes allowed to run it, in order of preference.
  var nodes: [String]
  /// The function's name, its source (empty for a built-in) and its arguments in the wire
  /// encoding (a tuple), base64.
  var function: String
  var source: String
  var arguments: String
  /// The minute (local) it was made: slots up to it never fire.
  var created: Int64

  var schedule: JobSchedule? {
    guard let f = JobSchedule.Frequency(rawValue: frequency) else { return nil }
    return try? JobSchedule(times: times, startDay: startDay, endDay: endDay, frequency: f, days: days)
  }
}

/// The slot a cluster schedule last fired for and its runs (`/jobs/slots/<id>`): written by the
/// leading controller only, each write fenced by its epoch and the document's version, so a
/// slot is claimed once whichever controller leads.
struct ClusterJobSlot: Codable, Sendable, Equatable {
  /// The slot's minute (local); the schedule's creation minute before the first slot.
  var slot: Int64
  /// The first run, then the retry after its node went down.
  var runs: [ClusterJobRun] = []
}

/// One run of a slot on one node.
struct ClusterJobRun: Codable, Sendable, Equatable {
  enum State: String, Codable, Sendable {
    /// Claimed; the node has not yet confirmed it queued the job (a new leader sends it again:
    /// the node runs a job id once).
    case submitting
    case running
    case done
    case failed
    /// Its node went down (or could not be reached) before the job ended.
    case lost
  }
  var node: String
  /// The node's process when the run was sent: a restarted node lost the job.
  var incarnation: String
  /// The batch job's id on the node: `<schedule>-<yyyyMMddHHmm>`, `-2` for the retry.
  var jobId: String
  var state: State
  var startedAt: Int64
  var endedAt: Int64?
  var error: String = ""
  /// Why this run exists when it is a retry.
  var note: String = ""
}

/// How a run ended, written by the node that ran it (`/jobs/outcomes/<jobId>`).
struct ClusterJobOutcome: Codable, Sendable, Equatable {
  var node: String
  var ok: Bool
  var error: String
  var endedAt: Int64
}

/// A run as the leader sends it to a node.
struct ClusterJobLaunch: Sendable {
  var schedule: ClusterJobSchedule
  var run: ClusterJobRun
}

/// Sends a slot's run to a node: the node queues it as a batch job of the schedule's maker, once
/// per job id however often it is sent. Tests plug in their own.
protocol ClusterJobDispatch: Sendable {
  func submit(_ launch: ClusterJobLaunch, to node: Registration) async throws(ClusterError)
}
