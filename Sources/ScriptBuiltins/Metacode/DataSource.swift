import ScriptRuntime

/// A data source of `sqlDS`: a query whose rows `mr` reads and hands to its map function.
final class DataSource: ScriptObject {
  let code: MetaCode
  init(_ code: MetaCode) { self.code = code }

  var form: Value.Form { .scalar }
  var dataType: DataType { .code }
  var typeString: String { "DATASOURCE" }
  var rowCount: Int { 1 }
  func member(_ name: String) -> Value? { nil }
  var rows: [Value]? { nil }
  func render(_ formatter: ValueFormatter) -> String { "DataSource< " + code.text(formatter) + " >" }
}
