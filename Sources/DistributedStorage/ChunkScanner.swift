import ScriptRuntime

/// Chunks read on the data nodes that hold them, for a query.
public protocol ChunkScanner: Sendable {
  /// One table per requested chunk, in order, read on `node`.
  func scan(_ request: ChunkScanRequest, on node: String) async throws(CatalogError) -> [ChunkRows]
}

/// A chunk's rows as a data node read them, in a form that crosses tasks (a `Table` is a
/// class): the column names and the columns.
public struct ChunkRows: Sendable {
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
