import ScriptRuntime

/// Chunks read on the data nodes that hold them, for a query.
public protocol ChunkScanner: Sendable {
  /// One table per requested chunk, in order, read on `node`.
  func scan(_ request: ChunkScanRequest, on node: String) async throws(CatalogError) -> [ChunkRows]
}

/// A chunk's rows as a data node read them, in a form that crosses tasks: the column names
/// and the columns.
public struct ChunkRows: @unchecked Sendable {
  // @unchecked: the vectors are values (copy on write) made by the reader and handed over
  // whole; nothing else holds them.
  public let names: [String]
  public let columns: [Vector]

  public init(_ table: Table) {
    names = table.names
    columns = table.columns
  }

  public var table: Table {
    get throws(ScriptError) { try Table(names: names, columns: columns) }
  }
}
