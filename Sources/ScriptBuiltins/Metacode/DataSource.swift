import ScriptRuntime

/// A data source of `sqlDS` or `repartitionDS`: a query whose rows `mr` reads and hands to
/// its map function.
final class DataSource: DataSourceObject {
  let code: MetaCode
  var transforms: [FunctionValue] = []
  init(_ code: MetaCode) { self.code = code }

  func readRows(_ m: Machine) throws(ScriptError) -> Value { try m.evaluate(code) }
  func render(_ formatter: ValueFormatter) -> String { "DataSource< " + code.text(formatter) + " >" }
}
