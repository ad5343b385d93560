import ClusterConfig
import Coordination
import Foundation
import Logging
import Synchronization
import TestSupport

@testable import ClusterEngine

/// The log lines a role wrote, for assertions on what an operator would read.
final class LogLines: Sendable {
  private let lines = Mutex<[String]>([])
  var all: [String] { lines.withLock { $0 } }
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }

  /// A logger that writes here.
  func logger(_ label: String) -> Logger {
    Logger(label: label) { _ in Handler(lines: self) }
  }

  struct Handler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { lines.append("\(event.level): \(event.message)") }
  }
}

/// A node of a test cluster whose coordination service is in memory: its context, session and log.
struct TestNode {
  let context: ClusterContext
  let session: CoordinationSession
  let log: LogLines
  let home: String

  init(
    _ alias: String, _ mode: NodeMode, port: Int, on service: InMemoryCoordination, parameters: [String: String] = [:],
    sessionTimeoutMillis: Int = 3000
  ) {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-engine-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    session = CoordinationSession(
      address: ZooKeeperAddress("127.0.0.1:2181")!, sessionTimeoutMillis: sessionTimeoutMillis,
      connector: service.connector, clock: service.clock.source)
    let launch = NodeLaunch(
      mode: mode, site: Site(host: "127.0.0.1", port: port, alias: alias),
      parameters: parameters.merging(["zkConnect": "127.0.0.1:2181"]) { a, _ in a }, home: home, version: "test")
    context = ClusterContext(launch: launch, coordination: session)
    log = LogLines()
  }

  /// The id of this node's current session.
  var sessionID: Int64 { session.client?.credentials.id ?? 0 }

  func remove() {
    session.close()
    try? FileManager.default.removeItem(atPath: home)
  }
}

/// The members of a small cluster: one controller, one agent and its data nodes.
func members(datanodes: [String], agent: String = "agent1") -> [PublishedNode] {
  [
    PublishedNode(
      alias: "ctl1", mode: .controller, host: "127.0.0.1", port: 8900, agent: nil, computeGroup: nil, parameters: [:]),
    PublishedNode(
      alias: agent, mode: .agent, host: "127.0.0.1", port: 8901, agent: nil, computeGroup: nil, parameters: [:]),
  ]
    + datanodes.enumerated().map { i, alias in
      PublishedNode(
        alias: alias, mode: .datanode, host: "127.0.0.1", port: 8910 + i, agent: agent, computeGroup: nil,
        parameters: [:])
    }
}

/// A controller role on the in-memory service, attached (registered, listening) but with no
/// loop: the test calls `step()`.
func controller(_ node: TestNode, members: [PublishedNode]) async throws -> ControllerRole {
  let role = ControllerRole(
    context: node.context, logger: node.log.logger(node.context.alias),
    files: ControllerFiles(members: members, nodesFileText: "", clusterFileText: ""))
  try await role.attach()
  return role
}

/// Two controllers, ctl1 and ctl2, each stepped once in that order (so ctl1 leads).
struct ControllerPair {
  let a: TestNode
  let b: TestNode
  let first: ControllerRole
  let second: ControllerRole

  init(on zk: InMemoryCoordination, datanodes: [String]) async throws {
    a = TestNode("ctl1", .controller, port: 8900, on: zk)
    b = TestNode("ctl2", .controller, port: 8902, on: zk)
    let cluster = members(datanodes: datanodes)
    first = try await controller(a, members: cluster)
    second = try await controller(b, members: cluster)
    await first.step()
    await second.step()
  }

  func remove() { [a, b].forEach { $0.remove() } }
}

/// Waits for work the session does on its own (renewing after an expiry, noting a lost
/// connection) to be done. A bound on the wait, not a speed target.
func eventually(_ what: String, _ condition: @Sendable () async -> Bool) async throws {
  for _ in 0..<2000 {
    if await condition() { return }
    try await Task.sleep(for: .milliseconds(1))
  }
  struct NeverHappened: Error, CustomStringConvertible { let description: String }
  throw NeverHappened(description: "never happened: \(what)")
}
