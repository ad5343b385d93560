/// What the cluster needs of a coordination service session: ZooKeeper's data model (znodes
/// with versions, ephemeral and sequential nodes, all-or-nothing transactions, one-shot
/// watches) and its session events. `ZooKeeperClient` is the real one; tests of the logic
/// above it may use an in-memory one (Tests/TestSupport), never as the only test of a registry.
///
/// Paths are relative to the cluster's root. Errors are `ZooKeeperError`s with ZooKeeper's
/// codes, whichever implementation raised them, so callers branch on one set of codes.
public protocol CoordinationClient: AnyObject, Sendable {
  /// The connection state now.
  var state: ZooKeeperState { get }
  /// The session's identity; `id` is what an ephemeral znode's `ephemeralOwner` says.
  var credentials: SessionCredentials { get }
  /// Session state changes and watch triggers, in order.
  var events: AsyncStream<ZooKeeperEvent> { get }
  /// Ends the session; its ephemeral nodes go at once. Safe to call twice.
  func close()

  /// Creates a znode; returns its path (with the sequence number for sequential modes).
  @discardableResult
  func create(_ path: String, data: [UInt8], mode: CreateMode) async throws(ZooKeeperError) -> String
  /// Creates every missing persistent node on the way to `path` (and `path` itself).
  func createPath(_ path: String) async throws(ZooKeeperError)
  /// A znode's data and metadata; with `watch`, a `.changed` or `.deleted` event follows once.
  func get(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ([UInt8], ZNodeStat)
  /// The node's metadata, or nil if it does not exist; with `watch`, the next creation, change
  /// or deletion is reported once.
  func exists(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ZNodeStat?
  /// Replaces a node's data if its version is `version` (-1: any version).
  @discardableResult
  func set(_ path: String, data: [UInt8], version: Int32) async throws(ZooKeeperError) -> ZNodeStat
  /// Deletes a node if its version is `version` (-1: any version).
  func delete(_ path: String, version: Int32) async throws(ZooKeeperError)
  /// The names of a node's children, sorted; with `watch`, the next membership change is
  /// reported once as `.children(path)`.
  func children(_ path: String, watch: Bool) async throws(ZooKeeperError) -> [String]
  /// Runs the operations as one transaction: all are applied or none. The error names the
  /// first operation that failed.
  func multi(_ operations: [ZooKeeperOperation]) async throws(ZooKeeperError)
  /// Gives an existing znode the ACL it would be created with now.
  func protect(_ path: String) async throws(ZooKeeperError)
}

extension CoordinationClient {
  @discardableResult
  public func create(_ path: String, data: [UInt8] = []) async throws(ZooKeeperError) -> String {
    try await create(path, data: data, mode: .persistent)
  }

  @discardableResult
  public func create(_ path: String, mode: CreateMode) async throws(ZooKeeperError) -> String {
    try await create(path, data: [], mode: mode)
  }

  public func get(_ path: String) async throws(ZooKeeperError) -> ([UInt8], ZNodeStat) {
    try await get(path, watch: false)
  }

  public func exists(_ path: String) async throws(ZooKeeperError) -> ZNodeStat? {
    try await exists(path, watch: false)
  }

  @discardableResult
  public func set(_ path: String, data: [UInt8]) async throws(ZooKeeperError) -> ZNodeStat {
    try await set(path, data: data, version: -1)
  }

  public func delete(_ path: String) async throws(ZooKeeperError) {
    try await delete(path, version: -1)
  }

  public func children(_ path: String) async throws(ZooKeeperError) -> [String] {
    try await children(path, watch: false)
  }
}

/// Makes a coordination session: how a `CoordinationSession` gets its first client and a new
/// one after each expiry.
public typealias CoordinationConnector =
  @Sendable (_ address: ZooKeeperAddress, _ sessionTimeoutMillis: Int, _ connectTimeoutMillis: Int)
  async throws(ZooKeeperError) -> any CoordinationClient
