import ScriptRuntime

/// A `dfs://` database opened with `database(...)` on a cluster node: its catalog record. It
/// holds no data and prints nothing, as a local database handle.
public final class DFSDatabaseHandle: ScriptObject {
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
}
