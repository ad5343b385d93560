import Foundation
import RemoteNode
import ScriptRuntime
import TestSupport
import Testing
import WireProtocol

/// What a network peer may send a node, logged in or not, without taking it down or holding
/// its resources: nesting, sizes, connection counts, and work left behind by a client that left.
@Suite struct HostilePeerTests {
  func hello() throws -> [UInt8] { try Request.hello(version: wireProtocolVersion, client: "test").encode() }

  func nodeAnswers(_ port: Int) throws -> Bool {
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port, timeoutSeconds: 5)
    defer { c.close() }
    return try c.call("add", [.int(40), .int(2)]).intValue == 42
  }

  @Test func aDeeplyNestedValueBeforeLoginIsRefusedAndTheNodeLives() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    // A call whose argument is a tuple nested 100,000 deep: ~500 KB, under the guest limit.
    var w = ByteWriter()
    w.u8(MessageKind.call.rawValue)
    w.string("size")
    w.string("")
    w.u32(1)
    for _ in 0..<100_000 {
      w.u8(7)
      w.u32(1)
    }
    w.u8(0)
    let peer = try RawPeer(port: port)
    #expect(peer.sendFrame(try hello()))
    #expect(peer.sendFrame(w.bytes))
    let reply = String(decoding: peer.read(seconds: 3).bytes, as: UTF8.self)
    #expect(reply.contains("nested more than \(ValueCodec.maxDepth) levels deep"), "\(reply)")
    peer.close()
    #expect(node.isRunning)
    #expect(try nodeAnswers(port))
  }

  @Test func aLargeMessageBeforeLoginClosesTheConnectionNotTheNode() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let peer = try RawPeer(port: port)
    #expect(peer.sendFrame(try hello()))
    // Announce 64 MB and send 2 MB of it: the node stops reading at the announcement.
    let n = UInt32(64 << 20)
    peer.send([UInt8(n & 0xff), UInt8(n >> 8 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 24)])
    peer.send([UInt8](repeating: 0x41, count: 2 << 20))
    let (bytes, closed) = peer.read(seconds: 5)
    #expect(closed)
    #expect(String(decoding: bytes, as: UTF8.self).contains("allowed before login"))
    #expect(node.isRunning)
    #expect(try nodeAnswers(port))
    // Logged in, the same connection may send large scripts.
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { c.close() }
    _ = try c.call("login", [.string("admin", .string), .string("123456", .string)])
    let big = "x = " + String(repeating: "1 ", count: 1 << 20)
    let (outcome, _) = try c.run(big + "\nsize(x)", output: { _ in }, errors: { _ in })
    #expect(outcome == .ok)
  }

  @Test func connectionsPastMaxConnectionsAreRefusedWithTheReason() throws {
    let (node, port, _) = try RemoteNodeTests.startNode(extra: ["-maxConnections", "3"])
    defer { node.stop() }
    let held = try (0..<3).map { _ in try NodeConnection.connect(host: "127.0.0.1", port: port) }
    do {
      _ = try NodeConnection.connect(host: "127.0.0.1", port: port)
      Issue.record("a fourth connection was accepted")
    } catch {
      #expect(error.message.contains("already serves 3 connections (maxConnections)"), "\(error.message)")
    }
    held[0].close()
    // A place freed is a place taken.
    #expect(
      waitUntil(5) {
        (try? NodeConnection.connect(host: "127.0.0.1", port: port)).map {
          $0.close(); return true
        } ?? false
      })
    for c in held { c.close() }
  }

  @Test func aClientThatLeavesStopsTheScriptItStarted() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let peer = try RawPeer(port: port)
    #expect(peer.sendFrame(try hello()))
    #expect(
      peer.sendFrame(
        try Request.run(name: "<loop>", text: "x = 0\ndo { x = x + 1 } while (true)", options: RunOptions()).encode()))
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { c.close() }
    func running() -> Int64? {
      guard case .dictionary(let d)? = try? c.call("getNodePerf", []) else { return nil }
      return zip(d.keys, d.values).first { $0.0.stringValue == "runningJobs" }?.1.intValue
    }
    // The loop runs beside this call...
    #expect(waitUntil(5) { running() == 2 })
    peer.close()
    // ...and stops when its client goes: only this call is left running.
    #expect(waitUntil(10) { running() == 1 })
  }
}
