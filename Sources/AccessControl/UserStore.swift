/// A user directory as stored, with the version a conditional write must name.
public struct StoredDirectory: Sendable {
  public var directory: UserDirectory
  public var version: Int64
  public init(directory: UserDirectory, version: Int64) {
    self.directory = directory
    self.version = version
  }
}

/// Where the users live: the node's home folder, or ZooKeeper for a cluster (so every node
/// agrees). Writes are conditional on the version read, so two nodes changing users at once
/// never lose each other's change.
public protocol UserStore: Sendable {
  /// The stored directory, or nil before the first write.
  func read() throws(AccessFailure) -> StoredDirectory?
  /// Writes `directory` if the stored version is still `expected` (nil: nothing stored yet);
  /// false when someone else wrote first.
  func write(_ directory: UserDirectory, expected: Int64?) throws(AccessFailure) -> Bool
  /// The secret that signs session tokens, created on first use and shared by every node.
  func tokenKey() throws(AccessFailure) -> [UInt8]
  /// Where the users are, for messages.
  var location: String { get }
}
