import Testing

@testable import ClusterEngine

/// The cache-engine capacities `getOLAPCacheEngineSize` and `getTSDBCacheEngineSize` report.
@Suite struct CacheEngineSizeTests {
  @Test func capacitiesAreTheConfiguredGigabytesInBytes() {
    // DolphinDB's examples: 0.4 GB is 429496729 bytes, 0.5 GB 536870912.
    let set = CacheEngineSizeBuiltins.capacities(["OLAPCacheEngineSize": "0.4", "TSDBCacheEngineSize": "0.5"])
    #expect(set.olap == 429_496_729 && set.tsdb == 536_870_912)
    // Defaults: no OLAP cache engine, 1 GB for TSDB; the older name of the OLAP one counts.
    let defaults = CacheEngineSizeBuiltins.capacities([:])
    #expect(defaults.olap == 0 && defaults.tsdb == 1 << 30)
    #expect(CacheEngineSizeBuiltins.capacities(["chunkCacheEngineMemSize": "2"]).olap == 2 << 30)
    let both = ["OLAPCacheEngineSize": "1", "chunkCacheEngineMemSize": "2"]
    #expect(CacheEngineSizeBuiltins.capacities(both).olap == 1 << 30)
    // Not a size: 0.
    #expect(CacheEngineSizeBuiltins.capacities(["TSDBCacheEngineSize": "1e300"]).tsdb == 0)
  }
}
