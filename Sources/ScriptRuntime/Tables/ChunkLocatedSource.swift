/// A table whose rows live in chunks of the distributed file system (a `dfs://` table, or one
/// partition of it): what `getChunkPath` asks of the table a data source reads.
public protocol ChunkLocatedSource: AnyObject {
  /// The paths (`/db/partition/table`, as `getChunksMeta` shows them) of the chunks that may hold
  /// rows satisfying every predicate.
  func chunkPaths(matching predicates: [ColumnPredicate]) throws(ScriptError) -> [String]
}
