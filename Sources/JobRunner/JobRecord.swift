/// Where a batch job is in its life.
public enum JobState: String, Codable, Sendable {
  case queued, running, done, failed, cancelled

  /// Whether the job has ended (its record will not change again).
  public var hasEnded: Bool { self == .done || self == .failed || self == .cancelled }
}

/// One batch job as `getRecentJobs` and `getJobStatus` list it (DolphinDB's columns), and as
/// `batchJob.log` keeps it. Times are local wall-clock milliseconds, as scripts see time.
public struct JobRecord: Codable, Sendable, Equatable {
  public var node: String
  public var userID: String
  public var jobId: String
  /// Unique across the node's history, even when a job id is reused after its files are gone.
  public var rootJobId: String
  public var jobDesc: String
  /// 0 (lowest) to 9: a queued job of higher priority starts first.
  public var priority: Int
  /// The most workers the job may use (recorded; a job runs on one worker).
  public var parallelism: Int
  public var clientIp: String
  public var clientPort: Int
  public var receivedTime: Int64
  public var startTime: Int64?
  public var endTime: Int64?
  public var errorMsg: String
  public var state: JobState
  /// The process that runs it (`ProcessIdentity`): another process sharing the folder leaves
  /// it alone while that process lives, and records it failed once it is gone.
  public var owner: String = ""
}
