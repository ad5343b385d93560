import ScriptSyntax

/// `condition ? whenTrue : whenFalse`. A scalar condition runs one side only (so a recursion
/// may end on it); a vector condition is `iif(condition, whenTrue, whenFalse)`, element by
/// element, both sides run.
final class ConditionalNode: Node {
  let condition: Node
  let whenTrue: Node
  let whenFalse: Node
  init(condition: Node, whenTrue: Node, whenFalse: Node, range: SourceRange) {
    self.condition = condition
    self.whenTrue = whenTrue
    self.whenFalse = whenFalse
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let c = try condition.eval(m)
    if c.isScalar {
      guard case .int(let raw, let type) = c, type == .bool || type.isIntegral else {
        throw ScriptError(RuntimeMessages.conditionalNeedsBool(c.typeString), at: condition.range)
      }
      guard raw != Int64.min else { throw ScriptError(RuntimeMessages.conditionalNull(), at: condition.range) }
      return raw != 0 ? try whenTrue.eval(m) : try whenFalse.eval(m)
    }
    guard let iif = m.registry["iif"] else { throw ScriptError(RuntimeMessages.unknownBuiltin("iif"), at: range) }
    let values = [c, try whenTrue.eval(m), try whenFalse.eval(m)]
    do { return try m.call(FunctionValue(.builtin(iif)), values) } catch { throw error.located(range) }
  }
}
