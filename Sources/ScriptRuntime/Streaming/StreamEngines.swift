import Synchronization

/// The stream engines of a node, by name (`createReactiveStateEngine(name=...)`): one name,
/// one engine, found again by `getStreamEngine` and removed by `dropStreamEngine`.
public final class StreamEngines: @unchecked Sendable {
  // @unchecked: the engines are reached only under `lock`, and each guards its own state.
  private let lock = Mutex<[String: ScriptObject]>([:])

  public init() {}

  /// Registers an engine; a name in use is refused.
  public func add(_ engine: ScriptObject, as name: String) throws(ScriptError) {
    try lock.withLock { (all: inout [String: ScriptObject]) throws(ScriptError) in
      guard all[name] == nil else { throw ScriptError(RuntimeMessages.engineExists(name)) }
      all[name] = engine
    }
  }

  public func engine(_ name: String) -> ScriptObject? { lock.withLock { $0[name] } }
  public func remove(_ name: String) -> Bool { lock.withLock { $0.removeValue(forKey: name) != nil } }
  public var all: [(String, ScriptObject)] { lock.withLock { all in all.keys.sorted().map { ($0, all[$0]!) } } }
}
