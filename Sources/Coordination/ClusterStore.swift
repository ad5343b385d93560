/// JSON documents in znodes: read with their version, written whole.
extension CoordinationClient {
  /// The document at `path` and its znode version, or nil if there is none (or it does not
  /// parse: a reader treats a damaged document as absent and says so in its own terms).
  public func document<T: Decodable>(_ type: T.Type, at path: String, watch: Bool = false) async throws(ZooKeeperError)
    -> (T, Int32)?
  {
    do {
      let (data, stat) = try await get(path, watch: watch)
      guard let value = ZNodeJSON.decode(type, data) else { return nil }
      return (value, stat.version)
    } catch {
      if error.code == ZooKeeperError.noNode {
        // Arm the watch for the node's creation.
        if watch { _ = try await exists(path, watch: true) }
        return nil
      }
      throw error
    }
  }

  /// Writes a persistent document, creating it (and its parents) when missing.
  public func put<T: Encodable>(_ value: T, at path: String) async throws(ZooKeeperError) {
    try await putBytes(ZNodeJSON.encode(value), at: path)
  }

  /// Writes persistent bytes, creating the node (and its parents) when missing.
  public func putBytes(_ bytes: [UInt8], at path: String) async throws(ZooKeeperError) {
    do {
      try await set(path, data: bytes)
    } catch {
      guard error.code == ZooKeeperError.noNode else { throw error }
      if let parent = ClusterPaths.parent(of: path) { try await createPath(parent) }
      do {
        try await create(path, data: bytes)
      } catch {
        // Someone created it meanwhile: write over theirs, as a set would have.
        guard error.code == ZooKeeperError.nodeExists else { throw error }
        try await set(path, data: bytes)
      }
    }
  }
}
