import Synchronization

extension FileCatalog {
  /// The catalog files' decoded documents, each with the bytes it was decoded from. A lookup
  /// still reads the file (another process may have committed), but decodes it only when its
  /// bytes changed: comparing a megabyte costs well under a millisecond, decoding it hundreds.
  /// (Bytes, not a stat stamp: a file replaced by rename within one clock tick can come back
  /// with a reused inode, the same size and the same modification time.)
  final class DocumentCache: Sendable {
    private let entries = Mutex<[String: Entry]>([:])

    struct Entry: @unchecked Sendable {
      // A document holds plain records (strings, numbers, arrays): values, safe to hand across.
      let bytes: [UInt8]
      let document: Document
    }

    func document(_ path: String, _ bytes: [UInt8]) -> Document? {
      entries.withLock { e in e[path].flatMap { $0.bytes == bytes ? $0.document : nil } }
    }

    func keep(_ path: String, _ bytes: [UInt8], _ document: Document) {
      entries.withLock { $0[path] = Entry(bytes: bytes, document: document) }
    }
  }
}
