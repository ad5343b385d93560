import ClusterConfig
import Coordination
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A data or compute node (and the registration every cluster process shares): registers
/// `/nodes/<mode>/<alias>` in ZooKeeper, again after a session expiry, and leaves on SIGTERM.
final class RegisteredRole: NodeRole {
  let context: ClusterContext
  let logger: Logger
  let registration: Registration

  init(context: ClusterContext, logger: Logger) {
    self.context = context
    self.logger = logger
    let site = context.launch.site
    registration = Registration(
      alias: site.alias, mode: context.mode, host: site.host, port: site.port, pid: getpid(),
      agent: context.launch.parameters["agent"], startedAt: context.startedAt, incarnation: UUID().uuidString,
      version: context.launch.version)
  }

  /// The data node's chunk upkeep (recovery, removal of uncommitted segments).
  private let upkeep = Mutex<Task<Void, Never>?>(nil)

  func start() async throws(NodeStartError) {
    guard let coordination = context.coordination else { return }
    // Chunks can be staged here as soon as other nodes see this one registered.
    try context.dfs?.openStore()
    coordination.onRenewed { [self] client in await renewed(client) }
    let client: any CoordinationClient
    do {
      client = try await coordination.start()
    } catch {
      throw NodeStartError(
        "cannot reach ZooKeeper at \(coordination.address): \(error.description); check zkConnect and that ZooKeeper runs",
        exitCode: 69)
    }
    do {
      let r = try await NodeRegistry(client: client).register(registration)
      logger.info(
        "Registered as \(ClusterPaths.node(r.mode, r.alias)) (session \(r.session)) at \(coordination.address)")
    } catch {
      throw NodeStartError(error.message, exitCode: 69)
    }
    if coordination.digest != nil { await ZooKeeperUserStore.protectExisting(client, logger: logger) }
    if let dfs = context.dfs, dfs.isDataNode {
      let (users, logger) = (context.users, logger)
      upkeep.withLock { $0 = Task { await dfs.maintain(users: users, logger: logger) } }
    }
  }

  /// After a session expiry: the same incarnation registers under the new session.
  func renewed(_ client: any CoordinationClient) async {
    do {
      let r = try await NodeRegistry(client: client).register(registration)
      logger.warning("The ZooKeeper session expired; registered again (session \(r.session))")
    } catch {
      logger.error("The ZooKeeper session expired and registering again failed: \(error.message)")
    }
  }

  func stop() async {
    upkeep.withLock { $0?.cancel() }
    guard let coordination = context.coordination else { return }
    if let client = coordination.client {
      try? await NodeRegistry(client: client).deregister(registration)
    }
    coordination.close()
    logger.info("Deregistered from ZooKeeper")
  }
}
