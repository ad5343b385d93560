import Foundation
import RemoteNode
import TestSupport
import Testing
import WireProtocol

/// What an administrator changes on a running node process, seen where it acts: the log's
/// level in the log, maxMemSize in every session, the connection limit at the door.
@Suite struct NodeAdministrationTests {
  func admin(_ port: Int) throws -> NodeConnection {
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    _ = try c.call("login", [.string("admin", .string), .string("123456", .string)])
    return c
  }

  @Test func theLogWritesFromTheLevelSetOnline() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let c = try admin(port)
    defer { c.close() }
    // writeLog writes at INFO: under WARNING it is dropped too, so the node's own logger
    // follows setLogLevel as well.
    let (outcome, said) = try runPrinted(
      c,
      """
      setLogLevel(WARNING)
      writeLogLevel(INFO, "hidden-info-line")
      writeLog("hidden-writeLog-line")
      writeLogLevel(WARNING, "shown-warning-line", 42)
      writeLogLevel(ERROR, "shown-error-line")
      setLogLevel(INFO)
      writeLog("shown-writeLog-line")
      """)
    #expect(outcome == .ok, "\(said)")
    #expect(waitUntil(5) { node.stdout.contains("writeLog by admin: shown-writeLog-line") }, "\(node.stdout)")
    #expect(node.stdout.contains("<WARNING> :shown-warning-line\n"))
    #expect(node.stdout.contains("<WARNING> :42\n"))
    #expect(node.stdout.contains("<ERROR> :shown-error-line\n"))
    #expect(!node.stdout.contains("hidden-info-line"))
    #expect(!node.stdout.contains("hidden-writeLog-line"))
  }

  @Test func maxMemSizeSetOnlineHoldsInEverySession() throws {
    let (node, port, _) = try RemoteNodeTests.startNode(extra: ["-maxMemSize", "4"])
    defer { node.stop() }
    let c = try admin(port)
    defer { c.close() }
    let other = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { other.close() }
    _ = try runPrinted(other, "x = 1")
    let (_, before) = try runPrinted(c, "exec maxMemSize from getClusterPerf()")
    #expect(before.contains("[4]"), "\(before)")
    let (set, said) = try runPrinted(c, "setMaxMemSize(1.25)\nexec maxMemSize from getClusterPerf()")
    #expect(set == .ok && said.contains("[1.25]"), "\(said)")
    // 1.6 GB of doubles: more than the new limit, in a session that was open before it.
    let (refused, message) = try runPrinted(other, "array(DOUBLE, 200000000)")
    #expect(refused != .ok)
    #expect(message.contains("maxMemSize: 1280 MB"), "\(message)")
  }

  @Test func connectionsAreListedAndTheirLimitIsRaisedOnline() throws {
    let (node, port, _) = try RemoteNodeTests.startNode(extra: ["-maxConnections", "2"])
    defer { node.stop() }
    let c = try admin(port)
    defer { c.close() }
    let second = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { second.close() }
    let (_, listed) = try runPrinted(
      c,
      """
      t = getConnections()
      [size(t) == 2, all(t.server == "127.0.0.1:\(port)"), all(startsWith(t.client, "127.0.0.1:")), getPerf().connectionNum == 2]
      """)
    #expect(listed.contains("[true,true,true,true]"), "\(listed)")
    #expect(throws: ConnectionError.self) { _ = try NodeConnection.connect(host: "127.0.0.1", port: port) }
    let (raised, said) = try runPrinted(c, "setMaxConnections(3)\nexec maxConnections from getClusterPerf()")
    #expect(raised == .ok && said.contains("[3]"), "\(said)")
    let third = try NodeConnection.connect(host: "127.0.0.1", port: port)
    third.close()
    let (lowered, message) = try runPrinted(c, "setMaxConnections(2)")
    #expect(lowered != .ok)
    #expect(message.contains("can only raise maxConnections, which is 3"), "\(message)")
  }
}
