import Foundation
import PorpoiseSupport
import ScriptRuntime
import ScriptSession
import TestSupport
import Testing

@testable import DistributedStorage

/// What a data node serves other nodes takes requests from the network: whatever arrives, the
/// answer is an error naming what was wrong, never a crash, and nothing lands outside the
/// node's volumes.
@Suite struct ChunkServiceTests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-service-\(UUID().uuidString)").path

  /// What a session with the chunk service prints for `script` (run on a plain thread: the
  /// service waits on the catalog as a node's session thread does).
  func run(_ script: String) async throws -> String {
    let root = self.root
    return try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(
          with: Result {
            let memory = InMemoryCoordination()
            let client = try memory.connect()
            let store = try ChunkStore(volumes: [root + "/v1"])
            let out = StringSink()
            let session = Session(
              output: out, errors: out,
              libraries: [
                ChunkServiceBuiltins.library(
                  { store }, stats: ChunkServiceStats(), catalog: CoordinationCatalog { client })
              ])
            _ = session.run(text: script, name: "hostile")
            return out.text
          })
      }
    }
  }

  @Test func hostileRequestsGetErrorsNotCrashes() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let segment = #"{\"id\":\"s1\",\"rows\":1,\"bytes\":3,\"checksum\":\"00\"}"#
    let cases: [(script: String, says: String)] = [
      (#"dfsStageSegment("db", "t", "c1", "{}", 1 2 3)"#, "a malformed chunk request"),
      ("dfsStageSegment(\"db\", \"t\", \"c1\", \"\(segment)\", 1 2 3)", "must be a CHAR vector"),
      (
        "dfsStageSegment(\"db\", \"t\", \"../../escaped\", \"\(segment)\", char(1 2 3))", "is not a chunk or segment id"
      ),
      ("dfsStageSegment(\"db\", \"t\", \"c1\", \"\(segment)\", char(1 2 3))", "arrived damaged"),
      (#"dfsReadChunks("not json")"#, "a malformed chunk request"),
      (#"dfsReadChunks("{\"chunks\":[]}", 1)"#, "the predicates must be a tuple"),
      (#"dfsReadChunks("{\"chunks\":[]}", (1, 2))"#, "a predicate is not (column, kind, values)"),
      ("dfsReadChunks(\"\(String(repeating: "[", count: 100_000))\")", "nested more than 16 levels deep"),
      ("dfsFetchSegment(\"../../etc\", \"\(segment)\")", "is not a chunk or segment id"),
      ("dfsFetchSegment(\"c1\", \"\(segment)\")", "this node has no segment s1"),
    ]
    for c in cases {
      let text = try await run(c.script)
      #expect(text.contains(c.says), "\(c.script): \(text)")
    }
    #expect(!FileManager.default.fileExists(atPath: root + "/escaped"))
    #expect(try await run(#"size(dfsReadChunks("{\"chunks\":[]}"))"#).contains("0"))
  }
}
