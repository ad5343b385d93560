import ScriptRuntime

/// `getOLAPCacheEngineSize()` (also `getCacheEngineMemSize`) and `getTSDBCacheEngineSize()`:
/// the cache-engine capacities the node was started with (`OLAPCacheEngineSize`, or its
/// older name `chunkCacheEngineMemSize`, default 0: off; `TSDBCacheEngineSize`, default 1),
/// given in GB and answered in bytes. Porpoise writes every append straight to its segments,
/// so no cache engine holds anything: the OLAP figures of what is in use are 0. The setters
/// are left out, since nothing here would read a capacity changed at run time.
enum CacheEngineSizeBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    let (olap, tsdb) = capacities(c.launch.parameters)
    return [
      // (memory in use, of it the column files, the pointers to them, the capacity)
      Builtin("getOLAPCacheEngineSize", args: 0...0) { _ in
        .tuple([.long(0), .long(0), .long(0), .long(olap)])
      },
      Builtin("getTSDBCacheEngineSize", args: 0...0) { _ in .long(tsdb) },
    ]
  }

  /// The OLAP and TSDB capacities a node's parameters give, in bytes.
  static func capacities(_ p: [String: String]) -> (olap: Int64, tsdb: Int64) {
    (
      bytes(p["OLAPCacheEngineSize"] ?? p["chunkCacheEngineMemSize"], default: 0),
      bytes(p["TSDBCacheEngineSize"], default: 1)
    )
  }

  /// A size in GB as bytes, truncated (0.4 GB is 429496729 bytes, as DolphinDB gives it). The
  /// config check lets only non-negative numbers through; a size past a million GB is not one.
  static func bytes(_ text: String?, default gb: Double) -> Int64 {
    let value = text.flatMap(Double.init) ?? gb
    guard value.isFinite, value > 0, value < 1_000_000 else { return 0 }
    return Int64(value * 1_073_741_824)
  }
}
