/// A data source that `mr` and `transDS!` take: something that reads its rows when asked (a
/// query over one partition made by `sqlDS` or `repartitionDS`, a stretch of a text file made
/// by `textChunkDS`), then runs on them the functions `transDS!` added, in order.
public protocol DataSourceObject: ScriptObject {
  /// The rows as read, before any transform.
  func readRows(_ m: Machine) throws(ScriptError) -> Value
  /// Functions of the rows, applied after reading (`transDS!`).
  var transforms: [FunctionValue] { get set }
}

extension DataSourceObject {
  public var form: Value.Form { .scalar }
  public var dataType: DataType { .code }
  public var typeString: String { "DATASOURCE" }
  public var rowCount: Int { 1 }
  public func member(_ name: String) -> Value? { nil }
  public var rows: [Value]? { nil }

  /// The rows, transformed.
  public func rows(_ m: Machine) throws(ScriptError) -> Value {
    var v = try readRows(m)
    for f in transforms { v = try m.call(f, [v]) }
    return v
  }
}
