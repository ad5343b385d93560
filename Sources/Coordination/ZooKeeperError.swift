import CZookeeper

/// A failed ZooKeeper call: the operation, the path, and the C client's symbol for the code
/// (`ZNONODE`, `ZNODEEXISTS`, ...), so a log line says exactly what went wrong where.
public struct ZooKeeperError: Error, Sendable, Equatable, CustomStringConvertible {
  public let code: Int32
  public let operation: String
  public let path: String

  public init(code: Int32, operation: String, path: String) {
    self.code = code
    self.operation = operation
    self.path = path
  }

  public static let noNode: Int32 = -101
  public static let noAuth: Int32 = -102
  public static let badVersion: Int32 = -103
  public static let noChildrenForEphemerals: Int32 = -108
  public static let nodeExists: Int32 = -110
  public static let notEmpty: Int32 = -111
  public static let sessionExpired: Int32 = -112
  public static let connectionLoss: Int32 = -4
  public static let operationTimeout: Int32 = -7
  public static let invalidState: Int32 = -9
  public static let closing: Int32 = -116

  /// The C client's name for the code.
  public var symbol: String {
    switch code {
    case -1: return "ZSYSTEMERROR"
    case -2: return "ZRUNTIMEINCONSISTENCY"
    case -3: return "ZDATAINCONSISTENCY"
    case -4: return "ZCONNECTIONLOSS"
    case -5: return "ZMARSHALLINGERROR"
    case -6: return "ZUNIMPLEMENTED"
    case -7: return "ZOPERATIONTIMEOUT"
    case -8: return "ZBADARGUMENTS"
    case -9: return "ZINVALIDSTATE"
    case -100: return "ZAPIERROR"
    case -101: return "ZNONODE"
    case -102: return "ZNOAUTH"
    case -103: return "ZBADVERSION"
    case -108: return "ZNOCHILDRENFOREPHEMERALS"
    case -110: return "ZNODEEXISTS"
    case -111: return "ZNOTEMPTY"
    case -112: return "ZSESSIONEXPIRED"
    case -113: return "ZINVALIDCALLBACK"
    case -114: return "ZINVALIDACL"
    case -115: return "ZAUTHFAILED"
    case -116: return "ZCLOSING"
    case -117: return "ZNOTHING"
    case -118: return "ZSESSIONMOVED"
    case -127: return "ZTHROTTLEDOP"
    default: return "ZOOKEEPER_ERROR(\(code))"
    }
  }

  /// True when the outcome is unknown and the call may be retried once connected again.
  public var isConnectionProblem: Bool { code == Self.connectionLoss || code == Self.operationTimeout }

  /// True when this handle is finished: a new session is needed.
  public var isSessionLost: Bool { code == Self.sessionExpired || code == Self.invalidState }

  public var description: String {
    if operation == "connect" && code == Self.operationTimeout {
      return
        "no ZooKeeper server at '\(path)' answered in time (ZOPERATIONTIMEOUT): is it running, and is the address right?"
    }
    let detail = zerror(code).map { String(cString: $0) } ?? "unknown error"
    if code == Self.noAuth {
      return
        "ZooKeeper \(operation) '\(path)' failed: \(symbol) (\(detail)): the znode is protected; give this node the cluster's zkDigest"
    }
    return "ZooKeeper \(operation) '\(path)' failed: \(symbol) (\(detail))"
  }
}
