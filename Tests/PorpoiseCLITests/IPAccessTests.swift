import Foundation
import TestSupport
import Testing

/// Who may connect to a node's port: the IP blacklist and whitelist and per-IP connection
/// limits, seen by clients on other loopback addresses (127.0.0.2, 127.0.0.3).
@Suite struct IPAccessTests {
  func answers(_ port: Int, from ip: String) -> Bool {
    guard let peer = try? RawPeer(port: port, from: ip) else { return false }
    defer { peer.close() }
    return peer.answersHTTP()
  }

  func admin(_ port: Int, _ script: String) throws -> (status: Int32, stdout: String, stderr: String) {
    try Spawned.runToEnd([
      porpoiseBinary, "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-uid", "admin", "-pwd", "123456", "-e",
      script,
    ])
  }

  @Test func listedAddressesAreRefusedAtTheDoorAndTheListsOutliveARestart() throws {
    let (started, port, home) = try RemoteNodeTests.startNode()
    var node = started
    defer { node.stop() }
    #expect(answers(port, from: "127.0.0.2"))
    // Blacklisted: refused before a byte is read, and the node says so in its log; others come in.
    #expect(try admin(port, "addIPBlackList([\"127.0.0.2\", \"10.9.8.7\"])").status == 0)
    #expect(!answers(port, from: "127.0.0.2"))
    #expect(answers(port, from: "127.0.0.3"))
    #expect(node.stdout.contains("Refused a connection from 127.0.0.2: it is on the IP blacklist"))
    #expect(try admin(port, "getIPBlackList()").stdout == "[\"127.0.0.2\",\"10.9.8.7\"]\n")
    // Mistakes are named and change nothing.
    let both = try admin(port, "addIPWhiteList(\"10.1.1.1\")")
    #expect(both.stderr.contains("the IP blacklist is on (2 addresses), and only one list is on at a time"))
    #expect(try admin(port, "addIPBlackList(\"127.0.0.1\")").stderr.contains("blacklisting it would cut"))
    #expect(try admin(port, "addIPBlackList(\"1.2.3\")").stderr.contains("'1.2.3' is not an IPv4 address"))
    #expect(try admin(port, "removeIPBlackList(\"9.9.9.9\")").stderr.contains("9.9.9.9 is not on the IP blacklist"))
    let guest = try Spawned.runToEnd([
      porpoiseBinary, "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-e", "removeIPBlackList(\"127.0.0.2\")",
    ])
    #expect(guest.status != 0)
    #expect(!answers(port, from: "127.0.0.2"))
    // Kept in the node's home: a restart refuses it still.
    node.stop()
    node = try RemoteNodeTests.startSingle(port: port, home: home)
    #expect(!answers(port, from: "127.0.0.2"))
    // Emptied, the blacklist is off; a whitelist then lets in only its addresses (and 127.0.0.1).
    #expect(try admin(port, "removeIPBlackList([\"127.0.0.2\", \"10.9.8.7\"])").status == 0)
    #expect(answers(port, from: "127.0.0.2"))
    #expect(try admin(port, "addIPWhiteList(\"127.0.0.3\")").status == 0)
    #expect(!answers(port, from: "127.0.0.2"))
    #expect(answers(port, from: "127.0.0.3"))
    #expect(try admin(port, "getIPWhiteList()").stdout == "[\"127.0.0.3\"]\n")
    #expect(try admin(port, "removeIPWhiteList(\"127.0.0.3\")").status == 0)
    #expect(answers(port, from: "127.0.0.2"))
  }

  @Test func aConnectionLimitCountsTheConnectionsAnAddressHasOpen() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    #expect(try admin(port, "setIPConnectionLimit(\"127.0.0.2\", 2)").status == 0)
    #expect(try admin(port, "getIPConnectionLimit()").stdout.contains("127.0.0.2 2"))
    let first = try RawPeer(port: port, from: "127.0.0.2")
    let second = try RawPeer(port: port, from: "127.0.0.2")
    // The third is refused while two are open; another address is not limited.
    #expect(!answers(port, from: "127.0.0.2"))
    #expect(node.stdout.contains("Refused a connection from 127.0.0.2: it has 2 connections open, its limit"))
    #expect(answers(port, from: "127.0.0.3"))
    first.close()
    second.close()
    #expect(waitUntil(5) { answers(port, from: "127.0.0.2") })
    // -1 lifts it; a limit of 0 is not one.
    #expect(try admin(port, "setIPConnectionLimit(\"127.0.0.2\", 0)").stderr.contains("positive number of connections"))
    #expect(try admin(port, "setIPConnectionLimit(\"127.0.0.2\", -1)").status == 0)
    #expect(try admin(port, "exec count(*) from getIPConnectionLimit()").stdout == "0\n")
  }
}
