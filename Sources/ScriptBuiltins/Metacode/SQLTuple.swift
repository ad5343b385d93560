import ScriptRuntime
import ScriptSyntax

/// `sqlTuple(colNames)`: metacode of a tuple expression of columns, `< (qty1, qty2) >`, which
/// `makeUnifiedCall` spreads into a call's arguments for `sql`'s select items.
enum SQLTuple {
  static let all: [Builtin] = [
    Builtin("sqlTuple", args: 1...1, parameterNames: ["colNames"]) { a throws(ScriptError) in
      let isText: Bool
      switch a[0] {
      case .string: isText = true
      case .vector(let v): isText = v.type == .string || v.type == .symbol
      default: isText = false
      }
      guard isText else {
        throw ScriptError(RuntimeMessages.mustBeString("the colNames of 'sqlTuple'", got: a[0].typeString))
      }
      let names = try column(a[0], "sqlTuple").strings
      guard !names.isEmpty else { throw ScriptError(RuntimeMessages.sqlTupleNoNames()) }
      guard !names.contains(where: \.isEmpty) else { throw ScriptError(RuntimeMessages.sqlTupleEmptyName()) }
      let items = names.map { MetacodeBuilder.node(.name($0)) }
      return MetacodeBuilder().make(MetacodeBuilder.node(.tuple(items)))
    }
  ]
}
