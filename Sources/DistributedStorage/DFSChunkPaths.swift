import ScriptRuntime

// Where a data source's rows live, for `getChunkPath`: one partition's chunk, or the chunks of a
// whole table that its query's `where` may choose.

extension DFSChunkSource: ChunkLocatedSource {
  func chunkPaths(matching predicates: [ColumnPredicate]) -> [String] { [DFSAdminBuiltins.file(chunk)] }
}

extension DFSTable: ChunkLocatedSource {
  public func chunkPaths(matching predicates: [ColumnPredicate]) throws(ScriptError) -> [String] {
    try chosenChunks(predicates).map(DFSAdminBuiltins.file)
  }
}
