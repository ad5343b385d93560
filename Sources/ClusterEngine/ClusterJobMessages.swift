import JobRunner

/// What cluster schedules say, in the log and to scripts.
extension ClusterMessages {
  static func clusterJobsUnreadable(_ reason: String) -> String { "cluster schedules: cannot read them: \(reason)" }
  static func clusterJobStepFailed(_ id: String, _ reason: String) -> String {
    "cluster job '\(id)': \(reason); trying again"
  }
  static func clusterJobNodeWentDown(_ node: String, confirmed: Bool) -> String {
    confirmed ? "\(node) went down while the job ran" : "\(node) went down before it queued the job"
  }
  static func clusterJobLost(_ id: String, _ jobId: String, _ node: String) -> String {
    "cluster job '\(id)': \(node) went down before \(jobId) ended"
  }
  static func clusterJobRetryNote(_ jobId: String, _ node: String) -> String {
    "retry of \(jobId): \(node) went down before it ended"
  }
  static func clusterJobRetried(_ id: String, _ from: String, _ to: String) -> String {
    "cluster job '\(id)': retrying the slot on \(to) (\(from) went down)"
  }
  static func clusterJobFired(_ id: String, _ jobId: String, _ node: String) -> String {
    "cluster job '\(id)': fired \(jobId) on \(node)"
  }
  static func clusterJobNoNode(_ nodes: [String]) -> String {
    "none of its nodes runs (\(nodes.joined(separator: ", ")))"
  }
  static func clusterJobNotFired(_ id: String, _ why: String) -> String { "cluster job '\(id)' did not fire: \(why)" }
  static func clusterSlotsSkipped(_ id: String, _ n: Int, first: Int64, last: Int64) -> String {
    let span = first == last ? JobSchedule.text(first) : JobSchedule.text(first) + " to " + JobSchedule.text(last)
    return "cluster job '\(id)' skipped \(n) slot\(n == 1 ? "" : "s") no controller fired in time: \(span)"
  }
  static func clusterScheduleExists(_ id: String) -> String {
    "scheduleClusterJob: a cluster job '\(id)' is already scheduled"
  }
  static func noClusterSchedule(_ id: String) -> String { "there is no cluster job '\(id)' scheduled" }
  static func clusterJobNodes(_ got: String) -> String {
    "scheduleClusterJob: nodes must be a STRING vector of data or compute node aliases, not \(got)"
  }
  static func clusterJobNotAWorker(_ alias: String, known: [String]) -> String {
    "scheduleClusterJob: '\(alias)' is not a data or compute node of this cluster (they are: \(known.joined(separator: ", ")))"
  }
  static func clusterJobIdTooLong(_ id: String) -> String {
    "scheduleClusterJob: the job id '\(id)' is too long (at most 80 characters: its runs are named after it)"
  }
  static func clusterJobOnlyOnNode() -> String {
    "clusterJobSubmit is sent by the leading controller to a data or compute node"
  }
  static func clusterJobsNeedCluster(_ function: String) -> String {
    "\(function): this is a standalone node; cluster schedules need a cluster (scheduleJob schedules a job on this node)"
  }
}
