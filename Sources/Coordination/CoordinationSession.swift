import Synchronization

/// A coordination session that survives expiry: when the server ends it, a new client is made
/// and `onRenewed` runs (re-register, re-arm watches, resync). Watch events and state changes
/// of the current client reach `onEvent`. Clients come from `connector` (ZooKeeper unless a
/// test hands in another) and time from `clock`.
public final class CoordinationSession: Sendable {
  public let address: ZooKeeperAddress
  public let sessionTimeoutMillis: Int
  /// The cluster's credentials, given to every session this makes.
  public let digest: ZooKeeperDigest?
  private let current = Mutex<(any CoordinationClient)?>(nil)
  private let connector: CoordinationConnector
  /// What the disconnection times are read from.
  public let clock: MillisClock
  private let closed = Atomic<Bool>(false)
  /// Milliseconds since 1970 when the connection was lost; 0 while connected.
  private let disconnectedAt = Atomic<Int64>(0)
  private let handlers = Mutex<Handlers>(Handlers())

  struct Handlers {
    var renewed: [@Sendable (any CoordinationClient) async -> Void] = []
    var events: [@Sendable (ZooKeeperEvent) -> Void] = []
  }

  public init(
    address: ZooKeeperAddress, sessionTimeoutMillis: Int, digest: ZooKeeperDigest? = nil,
    connector: CoordinationConnector? = nil, clock: MillisClock = .system
  ) {
    self.address = address
    self.sessionTimeoutMillis = sessionTimeoutMillis
    self.digest = digest
    self.clock = clock
    if let connector {
      self.connector = connector
    } else {
      self.connector = CoordinationSession.zooKeeper(digest: digest)
    }
  }

  /// Real ZooKeeper sessions authenticated with `digest`.
  public static func zooKeeper(digest: ZooKeeperDigest?) -> CoordinationConnector {
    let connect: CoordinationConnector = { address, timeout, connectTimeout throws(ZooKeeperError) in
      let client = try await ZooKeeperClient.connect(
        address, sessionTimeoutMillis: timeout, connectTimeoutMillis: connectTimeout, digest: digest)
      return client
    }
    return connect
  }

  /// Runs `body` with each new client after an expiry.
  public func onRenewed(_ body: @escaping @Sendable (any CoordinationClient) async -> Void) {
    handlers.withLock { $0.renewed.append(body) }
  }

  /// Hands every watch event and state change to `body` (on no particular thread; keep it short).
  public func onEvent(_ body: @escaping @Sendable (ZooKeeperEvent) -> Void) {
    handlers.withLock { $0.events.append(body) }
  }

  private func deliver(_ event: ZooKeeperEvent) {
    for h in handlers.withLock({ $0.events }) { h(event) }
  }

  /// Connects, waiting up to `connectTimeoutMillis`; returns the first client.
  @discardableResult
  public func start(connectTimeoutMillis: Int = 15_000) async throws(ZooKeeperError) -> any CoordinationClient {
    let client = try await connector(address, sessionTimeoutMillis, connectTimeoutMillis)
    current.withLock { $0 = client }
    monitor(client)
    return client
  }

  /// The client of the live session, if any.
  public var client: (any CoordinationClient)? { current.withLock { $0 } }

  /// How long the connection has been lost (nil while connected).
  public var disconnectedMillis: Int64? {
    let at = disconnectedAt.load(ordering: .relaxed)
    return at == 0 ? nil : clock.now - at
  }

  private func monitor(_ client: any CoordinationClient) {
    Task.detached { [self] in
      for await event in client.events {
        if closed.load(ordering: .relaxed) { return }
        switch event {
        case .state(.connecting):
          _ = disconnectedAt.compareExchange(expected: 0, desired: clock.now, ordering: .relaxed)
        case .state(.connected):
          disconnectedAt.store(0, ordering: .relaxed)
        case .state(.expired):
          deliver(event)
          await renew(after: client)
          return
        default: break
        }
        deliver(event)
      }
    }
  }

  /// A new session after expiry, retried with capped backoff until it works or we close.
  private func renew(after old: any CoordinationClient) async {
    old.close()
    var delay = 100
    while !closed.load(ordering: .relaxed) {
      do {
        let client = try await connector(address, sessionTimeoutMillis, max(sessionTimeoutMillis, 2000))
        current.withLock { $0 = client }
        disconnectedAt.store(0, ordering: .relaxed)
        for h in handlers.withLock({ $0.renewed }) { await h(client) }
        monitor(client)
        return
      } catch {
        try? await Task.sleep(for: .milliseconds(delay))
        delay = min(delay * 2, 2000)
      }
    }
  }

  /// Ends the session: its ephemeral nodes go at once.
  public func close() {
    closed.store(true, ordering: .relaxed)
    current.withLock { c in
      c?.close()
      c = nil
    }
  }
}
