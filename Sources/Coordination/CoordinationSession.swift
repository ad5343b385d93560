import Synchronization

/// A ZooKeeper session that survives expiry: when the server ends it, a new client is made and
/// `onRenewed` runs (re-register, re-arm watches, resync). Watch events and state changes of
/// the current client reach `onEvent`.
public final class CoordinationSession: Sendable {
  public let address: ZooKeeperAddress
  public let sessionTimeoutMillis: Int
  /// The cluster's credentials, given to every session this makes.
  public let digest: ZooKeeperDigest?
  private let current = Mutex<ZooKeeperClient?>(nil)
  private let closed = Atomic<Bool>(false)
  /// Milliseconds since 1970 when the connection was lost; 0 while connected.
  private let disconnectedAt = Atomic<Int64>(0)
  private let handlers = Mutex<Handlers>(Handlers())

  struct Handlers {
    var renewed: [@Sendable (ZooKeeperClient) async -> Void] = []
    var events: [@Sendable (ZooKeeperEvent) -> Void] = []
  }

  public init(address: ZooKeeperAddress, sessionTimeoutMillis: Int, digest: ZooKeeperDigest? = nil) {
    self.address = address
    self.sessionTimeoutMillis = sessionTimeoutMillis
    self.digest = digest
  }

  /// Runs `body` with each new client after an expiry.
  public func onRenewed(_ body: @escaping @Sendable (ZooKeeperClient) async -> Void) {
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
  public func start(connectTimeoutMillis: Int = 15_000) async throws(ZooKeeperError) -> ZooKeeperClient {
    let client = try await ZooKeeperClient.connect(
      address, sessionTimeoutMillis: sessionTimeoutMillis, connectTimeoutMillis: connectTimeoutMillis, digest: digest)
    current.withLock { $0 = client }
    monitor(client)
    return client
  }

  /// The client of the live session, if any.
  public var client: ZooKeeperClient? { current.withLock { $0 } }

  /// How long the connection has been lost (nil while connected).
  public var disconnectedMillis: Int64? {
    let at = disconnectedAt.load(ordering: .relaxed)
    return at == 0 ? nil : ClusterClock.millis() - at
  }

  private func monitor(_ client: ZooKeeperClient) {
    Task.detached { [self] in
      for await event in client.events {
        if closed.load(ordering: .relaxed) { return }
        switch event {
        case .state(.connecting):
          _ = disconnectedAt.compareExchange(expected: 0, desired: ClusterClock.millis(), ordering: .relaxed)
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
  private func renew(after old: ZooKeeperClient) async {
    old.close()
    var delay = 100
    while !closed.load(ordering: .relaxed) {
      do {
        let client = try await ZooKeeperClient.connect(
          address, sessionTimeoutMillis: sessionTimeoutMillis, connectTimeoutMillis: max(sessionTimeoutMillis, 2000),
          digest: digest)
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
