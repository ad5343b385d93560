import ScriptRuntime
import TableStorage

/// A `dfs://` database opened with `database(...)` on a cluster node: its catalog record. It
/// holds no data and prints nothing, as a local database handle.
public final class DFSDatabaseHandle: DescribedDatabase {
  public let record: DatabaseRecord
  let cluster: DFSCluster

  init(_ record: DatabaseRecord, cluster: DFSCluster) {
    self.record = record
    self.cluster = cluster
  }

  public var path: String { record.name }
  public var form: Value.Form { .scalar }
  public var dataType: DataType { .handle }
  public var typeString: String { "HANDLE" }
  public var rowCount: Int { 1 }
  public func render(_ formatter: ValueFormatter) -> String { "" }

  /// `schema(db)`: the scheme as DolphinDB describes it, and the retention policy when set.
  public var schemaEntries: [(String, Value)] {
    // The record as the catalog holds it now: a policy set after the handle was opened shows.
    let (catalog, name) = (cluster.catalog, record.name)
    let now = (try? cluster.wait { () async throws(CatalogError) in try await catalog.database(name) }) ?? nil
    let current = now ?? record
    var out = PartitionLayout.describe(scheme: current.scheme, path: current.name)
    if let r = current.retention { out.append(("retentionHours", .int(Int64(r.hours), .int))) }
    return out
  }
}
