import ClusterConfig
import Coordination
import Foundation
import TestSupport
import Testing

/// Registration of live processes, against a real ZooKeeper.
@Suite(.serialized) struct NodeRegistryTests {
  func registration(_ alias: String, _ mode: NodeMode = .datanode, pid: Int32 = getpid(), port: Int = 8902)
    -> Registration
  {
    Registration(
      alias: alias, mode: mode, host: "127.0.0.1", port: port, pid: pid, startedAt: 0, incarnation: UUID().uuidString,
      version: "test")
  }

  @Test func registeredNodesAreListedUntilTheirSessionEnds() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let a = try await ZooKeeperClient.connect(server.address(root: "/porpoise/c1"), sessionTimeoutMillis: 2000)
    let b = try await ZooKeeperClient.connect(server.address(root: "/porpoise/c1"), sessionTimeoutMillis: 2000)
    defer { b.close() }
    let registered = try await NodeRegistry(client: a).register(registration("P1-datanode"))
    #expect(registered.session == a.credentials.hex)
    _ = try await NodeRegistry(client: b).register(registration("P1-agent", .agent, port: 8901))
    let all = try await NodeRegistry(client: b).nodes()
    #expect(all.map(\.alias).sorted() == ["P1-agent", "P1-datanode"])
    #expect(try await NodeRegistry(client: b).nodes(.datanode).map(\.alias) == ["P1-datanode"])
    a.close()
    #expect(try await NodeRegistry(client: b).nodes(.datanode).isEmpty)
  }

  @Test func aLiveDuplicateAliasIsRefusedNotFoughtOver() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let first = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { first.close() }
    let second = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { second.close() }
    _ = try await NodeRegistry(client: first).register(registration("P1-datanode"))
    do {
      _ = try await NodeRegistry(client: second).register(registration("P1-datanode", port: 8903))
      Issue.record("a second process took a live alias")
    } catch {
      #expect(error.message.contains("alias 'P1-datanode' is already registered by pid \(getpid()) on 127.0.0.1:8902"))
      #expect(error.message.contains("refusing to take it over"))
    }
    // The same alias under another mode is refused too.
    do {
      _ = try await NodeRegistry(client: second).register(registration("P1-datanode", .computenode, port: 8904))
      Issue.record("an alias was registered under two modes")
    } catch {
      #expect(error.message.contains("already registered as a datanode"))
    }
    let holder = try await NodeRegistry(client: second).read(NodeRegistry.path(.datanode, "P1-datanode"))
    #expect(holder?.session == first.credentials.hex)
  }

  @Test func aDeadPreviousRunIsReplacedAtOnce() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    // The znode of a run that was killed -9: its session lives on, its pid is gone.
    var deadPid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
    defer { free(argv[0]) }
    #expect(posix_spawn(&deadPid, "/bin/true", nil, nil, argv, environ) == 0)
    var status: Int32 = 0
    waitpid(deadPid, &status, 0)
    let stale = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { stale.close() }
    _ = try await NodeRegistry(client: stale).register(registration("P1-datanode", pid: deadPid))
    let restarted = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { restarted.close() }
    let r = try await NodeRegistry(client: restarted).register(registration("P1-datanode"))
    #expect(r.session == restarted.credentials.hex)
    // When the old session finally ends, the new registration stays.
    stale.close()
    let now = try await NodeRegistry(client: restarted).read(NodeRegistry.path(.datanode, "P1-datanode"))
    #expect(now?.session == restarted.credentials.hex)
  }

  @Test func deregisterRemovesOnlyOwnRegistration() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let owner = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { owner.close() }
    let other = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { other.close() }
    let r = try await NodeRegistry(client: owner).register(registration("dn1"))
    try await NodeRegistry(client: other).deregister(r)
    #expect(try await NodeRegistry(client: other).nodes().count == 1)
    try await NodeRegistry(client: owner).deregister(r)
    #expect(try await NodeRegistry(client: other).nodes().isEmpty)
  }
}
