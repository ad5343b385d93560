import ScriptRuntime

/// DolphinDB's `isDataNodeInitialized()`: whether this data or compute node has finished
/// starting. A cluster's data node has once its chunk store is open (it may take sessions a
/// moment before); a compute node, and the standalone and embedded nodes (whose storage opens
/// before any session runs), have whenever a script can ask. Controllers and agents refuse it,
/// as DolphinDB's do.
enum DataNodeReadiness {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("isDataNodeInitialized", args: 0...0) { _ throws(ScriptError) in
        guard c.mode != .controller && c.mode != .agent else {
          throw ScriptError(ClusterMessages.dataNodeFunctionOnly("isDataNodeInitialized", isAgent: c.mode == .agent))
        }
        if let dfs = c.dfs, dfs.isDataNode { return .bool((try? dfs.store()) != nil) }
        return .bool(true)
      }
    ]
  }
}
