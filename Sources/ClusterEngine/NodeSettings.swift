import Synchronization

/// What an administrator changes on a running node, starting from its launch parameters:
/// `maxMemSize` (`setMaxMemSize`) and, through the node's log, the log's level (`setLogLevel`).
/// A change lasts until the node stops, as in DolphinDB; the config file is left as it is.
public final class NodeSettings: Sendable {
  /// maxMemSize in GB, as a Double's bits; 0: the node sets none.
  private let memoryBits: Atomic<UInt64>
  private let memoryListener = Mutex<(@Sendable (Int) -> Void)?>(nil)
  private let logFile = Mutex<NodeLogTarget?>(nil)

  init(parameters: [String: String]) {
    // Read as every other user of the parameter reads it (ClusterContext.gigabytes).
    var gb = 0.0
    if let text = parameters["maxMemSize"], ClusterContext.gigabytes(text) != nil, let v = Double(text) { gb = v }
    memoryBits = Atomic(gb.bitPattern)
  }

  /// maxMemSize in GB; nil when the node sets none.
  public var maxMemSizeGB: Double? {
    let gb = Double(bitPattern: memoryBits.load(ordering: .relaxed))
    return gb > 0 ? gb : nil
  }

  /// maxMemSize in bytes; nil when the node sets none.
  public var maxMemoryBytes: Int? {
    // Below a million GB (checked where it is set), so the product fits.
    maxMemSizeGB.map { Int(min($0, 1_000_000) * 1_073_741_824) }
  }

  /// Told of every new maxMemSize, in bytes (the process's column cache takes a quarter of it).
  public var onMaxMemoryChange: (@Sendable (Int) -> Void)? {
    get { memoryListener.withLock { $0 } }
    set { memoryListener.withLock { $0 = newValue } }
  }

  /// Sets maxMemSize to `gb`, which the caller has checked: above 0, below a million and
  /// within the license's maxMemoryPerNode.
  func setMaxMemSize(_ gb: Double) {
    memoryBits.store(gb.bitPattern, ordering: .relaxed)
    if let bytes = maxMemoryBytes, let listener = onMaxMemoryChange { listener(bytes) }
  }

  /// The node's log, whose level `setLogLevel` changes and to which `writeLogLevel` writes; nil
  /// on the embedded node, which keeps no log.
  public var logTarget: NodeLogTarget? {
    get { logFile.withLock { $0 } }
    set { logFile.withLock { $0 = newValue } }
  }
}
