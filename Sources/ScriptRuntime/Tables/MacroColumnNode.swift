import ScriptSyntax

/// `_$name` and `_$$names` inside SQL: the column (or the tuple of columns) whose name the
/// variable holds when the query runs, as DolphinDB's macro variables.
final class MacroColumnNode: Node {
  let variable: Node
  let many: Bool
  init(variable: Node, many: Bool, range: SourceRange) {
    self.variable = variable
    self.many = many
    super.init(range: range)
  }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let names = try MacroColumnNode.names(try variable.eval(m), many: many, at: range)
    guard let ctx = m.sqlContexts.last else { throw ScriptError(RuntimeMessages.macroOutsideQuery(), at: range) }
    var columns: [Value] = []
    for n in names {
      guard let c = ctx.column(n) else {
        throw ScriptError(
          RuntimeMessages.unknownColumn(n, known: Array((ctx.table.scannedFrom ?? ctx.table.names).prefix(12))),
          at: range)
      }
      columns.append(.vector(c))
    }
    return many ? .tuple(columns) : columns[0]
  }

  /// The column names a macro variable holds: one STRING for `_$`, STRING values for `_$$`.
  static func names(_ v: Value, many: Bool, at range: SourceRange) throws(ScriptError) -> [String] {
    let isText = v.type == .string || v.type == .symbol
    if !many, isText, v.isScalar, let s = v.stringValue, !s.isEmpty { return [s] }
    if many, isText, let items = HigherOrder.elements(v) ?? (v.isScalar ? [v] : nil) {
      let names = items.compactMap(\.stringValue).filter { !$0.isEmpty }
      if names.count == items.count && !names.isEmpty { return names }
    }
    throw ScriptError(RuntimeMessages.macroNeedsNames(many ? "_$$" : "_$", got: v.typeString), at: range)
  }
}
