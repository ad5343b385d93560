import ScriptRuntime

extension DFSTable: SnapshotSource {
  /// The latest row of each key this node's snapshot engine holds (`select [HINT_SNAPSHOT]`).
  public func snapshot() throws(ScriptError) -> Table {
    guard let latest = try SnapshotEngines.shared.snapshot(database: database, table: name) else {
      throw ScriptError(DFSMessages.noSnapshotEngine(name, database: database))
    }
    return latest
  }
}
