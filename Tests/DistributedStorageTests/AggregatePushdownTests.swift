import Foundation
import Testing

@testable import DistributedStorage
@testable import ScriptRuntime
@testable import TableStorage

/// Aggregates computed on the data nodes and merged answer as the embedded engine does over
/// the rows, nulls, `having`, `order by`, `top` and conversions of keys included; only partial
/// rows travel.
extension DFSTableTests {
  @Test func partialAggregatesMergeToTheEmbeddedEnginesAnswers() async throws {
    try await onScriptThread { try self.pushdown() }
  }

  func pushdown() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (engine, embedded) = try local()
    let (dfs, data) = try distributed(embedded)
    var withNulls = batch(5, rows: 30)
    let values: [Double] = (0..<30).map { (i: Int) -> Double in i % 4 == 0 ? Double.nan : Double(i * 7 % 11) - 3.0 }
    withNulls[2] = Vector(doubles: values)
    for b in [batch(0, rows: 50), withNulls, batch(7, rows: 20)] {
      _ = try engine.append(embedded, columns: b, from: "test")
      try dfs.append(columns: b, from: "test")
    }
    for script in [
      "select count(*), count(v), sum(v), avg(v), min(v), max(v), first(v), last(v), std(v), var(v), wavg(v, v) from pt group by sym",
      "select sum(v) as s, max(v) - min(v) as spread from pt group by date(time) as d, sym having count(*) > 3 order by spread desc, d",
      "select top 2 avg(v) from pt where sym in [`S1, `S2] group by sym, date(time)",
      "exec sum(v) from pt where time between 2017.08.08T00:00:00 : 2017.08.09T23:59:59",
      "select min(time), max(time), first(sym), last(sym), count(*) * 2 + 1 from pt group by sym",
      "select count(*) from pt where v > 1000 group by sym",
      "exec count(*) from pt group by second(time)",
      "select sum(v) from pt where sym = `S3 or v > 3 group by sym",
      "select count(*) from pt group by date(time) as d limit 2",
      "select sym, max(v) from pt where v >= 2 group by sym having max(v) > 11.6",
      "select std(v) / avg(v) as cv, count(*) > 10 as many from pt",
    ] {
      let expected = query(.object(embedded), script)
      #expect(!expected.contains("error"), "\(expected)")
      #expect(query(.object(dfs), script) == expected, "\(script)")
    }
    // A query whose aggregates combine ships a row per group and chunk, not the rows.
    data.shipped.withLock { $0 = 0 }
    _ = query(.object(dfs), "select count(*), avg(v), std(v) from pt group by sym")
    let partialRows = data.shipped.withLock { $0 }
    #expect(partialRows > 0 && partialRows <= 4 * 5, "\(partialRows) rows shipped")
    // `count(*)` alone: one partial row per chunk.
    data.shipped.withLock { $0 = 0 }
    #expect(query(.object(dfs), "exec count(*) from pt where sym = `S1") == "20\n")
    #expect(data.shipped.withLock { $0 } == 4)
    // One that cannot (an aggregate of an expression) ships the rows.
    data.shipped.withLock { $0 = 0 }
    _ = query(.object(dfs), "select sum(v * 2) from pt group by sym")
    #expect(data.shipped.withLock { $0 } == 100)
  }

  @Test func aPlanFromAnotherNodeIsCheckedNotTrusted() throws {
    let t = try Table(names: ["x"], columns: [Vector(doubles: [1, 2])])
    for plan in [
      AggregatePlan(keys: [], aggregates: [AggregatePlan.Aggregate(.sum, [])]),
      AggregatePlan(keys: [], aggregates: [AggregatePlan.Aggregate(.wavg, ["x"])]),
      AggregatePlan(keys: [AggregatePlan.Key(column: "x", function: "deleteFile")], aggregates: []),
      AggregatePlan(keys: [], aggregates: [AggregatePlan.Aggregate(.sum, ["nope"])]),
    ] {
      #expect(throws: ScriptError.self) { try plan.partials(of: t) }
    }
    // A partial of another shape is refused in the merge.
    let plan = AggregatePlan(keys: [], aggregates: [AggregatePlan.Aggregate(.avg, ["x"])])
    let wrong = try Table(names: ["a0_0"], columns: [Vector(doubles: [1])])
    #expect(throws: ScriptError.self) { try plan.merge([wrong]) }
  }
}
