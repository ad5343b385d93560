/// Proof of leadership: the epoch won and the version of `/controller/epoch` after winning.
/// Every write a leader makes is a transaction that checks this version first, so a paused
/// or expired former leader cannot write once another controller has won a later epoch.
public struct Fence: Sendable, Equatable {
  public let epoch: Int
  public let version: Int32
}

/// Controller election: a create-ephemeral race fenced by an epoch counter (Kafka's pattern).
public struct ControllerElection: Sendable {
  public let client: any CoordinationClient

  public init(client: any CoordinationClient) { self.client = client }

  /// Tries to become the leader. Returns the fence when this session won, nil when another
  /// controller leads (watch `leaderPath` and try again when it goes).
  public func campaign(alias: String, host: String, port: Int) async throws(ZooKeeperError) -> Fence? {
    try await client.createPath("/controller")
    do {
      try await client.create(ClusterPaths.epoch, data: Array("0".utf8))
    } catch {
      if error.code != ZooKeeperError.nodeExists { throw error }
    }
    for _ in 0..<5 {
      let (data, stat) = try await client.get(ClusterPaths.epoch)
      let epoch = Int(String(decoding: data, as: UTF8.self)) ?? 0
      let next = epoch + 1
      let record = LeaderRecord(
        alias: alias, epoch: next, session: client.credentials.hex, host: host, port: port, since: ClusterClock.millis()
      )
      do {
        try await client.multi([
          .check(ClusterPaths.epoch, version: stat.version),
          .create(ClusterPaths.leader, data: ZNodeJSON.encode(record), mode: .ephemeral),
          .set(ClusterPaths.epoch, data: Array(String(next).utf8), version: stat.version),
        ])
      } catch {
        if error.code == ZooKeeperError.nodeExists { return nil }
        // Another candidate moved the epoch between our read and our write: read again.
        if error.code == ZooKeeperError.badVersion { continue }
        throw error
      }
      // The LeaderLatch guard: act only if the leader node is really ours.
      guard let owner = try await client.exists(ClusterPaths.leader), owner.ephemeralOwner == client.credentials.id
      else {
        return nil
      }
      return Fence(epoch: next, version: stat.version + 1)
    }
    return nil
  }

  /// The current leader, or nil when there is none.
  public func leader(watch: Bool = false) async throws(ZooKeeperError) -> LeaderRecord? {
    try await client.document(LeaderRecord.self, at: ClusterPaths.leader, watch: watch)?.0
  }

  /// A leader's write: applied only while `fence` is still the latest epoch.
  public func fenced(_ fence: Fence, _ operations: [ZooKeeperOperation]) async throws(ZooKeeperError) {
    try await client.multi([.check(ClusterPaths.epoch, version: fence.version)] + operations)
  }
}
