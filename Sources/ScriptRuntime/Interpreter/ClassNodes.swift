import ScriptSyntax

/// The object a method runs on: `self`, the method's first slot.
@inline(__always)
func methodSelf(_ m: Machine, _ range: SourceRange) throws(ScriptError) -> ClassInstance {
  guard case .object(let o) = m.stack[m.bp], let instance = o as? ClassInstance else {
    throw ScriptError(RuntimeMessages.notAnObject("self", got: m.stack[m.bp].typeString), at: range)
  }
  return instance
}

/// An attribute read inside a method (`name` where no parameter or local is called that).
final class AttributeNode: Node {
  let name: String
  init(name: String, range: SourceRange) {
    self.name = name
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    try methodSelf(m, range).values[name] ?? .void
  }
}

/// An attribute set inside a method (`name = newName`).
final class AttributeAssignStmt: StmtNode {
  let name: String
  let value: Node
  init(name: String, value: Node, range: SourceRange) {
    self.name = name
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let v = try value.eval(m)
    try methodSelf(m, range).values[name] = v
    return .normal
  }
}

/// Evaluates call arguments in order; a hole passes NULL.
private func evaluated(_ args: [Node?], _ m: Machine) throws(ScriptError) -> [Value] {
  var values: [Value] = []
  values.reserveCapacity(args.count)
  for a in args { values.append(try a?.eval(m) ?? .void) }
  return values
}

/// A method called by name inside another (`b1()`): the object's own class finds it, so a
/// derived class's override runs (virtual). With `constructor` set, a base class's
/// constructor run on the same object (`Base(a)` in a derived constructor).
final class SelfMethodCallNode: Node {
  let name: String
  let constructor: ClassDefinition?
  let args: [Node?]
  init(name: String, constructor: ClassDefinition?, args: [Node?], range: SourceRange) {
    self.name = name
    self.constructor = constructor
    self.args = args
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let instance = try methodSelf(m, range)
    let method = constructor.map { $0.methods[$0.name] } ?? instance.definition.method(name)
    guard let u = method else {
      throw ScriptError(RuntimeMessages.unknownMethod(instance.definition.name, name), at: range)
    }
    return try m.callMethod(u, on: instance, try evaluated(args, m), at: range)
  }
}

/// `x.name(args)` where some class has a method `name`: the object's method when `x` is an
/// object of such a class, else the function `name(x, args)` as usual: through `plainCall`
/// (the call as compiled without classes, which changes a variable in place for `append!`)
/// when the receiver is a variable, which costs nothing to read twice.
final class ObjectMethodCallNode: Node {
  let name: String
  let module: String
  let receiver: Node
  let args: [Node?]
  let plainCall: Node?
  init(name: String, module: String, receiver: Node, args: [Node?], plainCall: Node?, range: SourceRange) {
    self.name = name
    self.module = module
    self.receiver = receiver
    self.args = args
    self.plainCall = plainCall
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let target = try receiver.eval(m)
    if let plainCall {
      guard case .object(let o) = target, o is ClassInstance else { return try plainCall.eval(m) }
    }
    let values = try evaluated(args, m)
    if case .object(let o) = target, let instance = o as? ClassInstance {
      guard let u = instance.definition.method(name) else {
        throw ScriptError(RuntimeMessages.unknownMethod(instance.definition.name, name), at: range)
      }
      return try m.callMethod(u, on: instance, values, at: range)
    }
    let found: FunctionValue?
    do { found = try m.lookupFunction(name, fromModule: module) } catch { throw error.located(range) }
    guard let f = found else {
      throw ScriptError(
        RuntimeMessages.unknownFunction(name, suggestion: m.suggestion(for: name, includeVariables: false)), at: range)
    }
    return try m.call(f, [target] + values, at: range)
  }
}

/// `prices.append!(p)` inside a method, where `prices` is an attribute: the in-place built-in
/// changes the attribute where it is.
final class AttributeInPlaceCallNode: Node {
  let attribute: String
  let builtin: Builtin
  let args: [Node?]
  init(attribute: String, builtin: Builtin, args: [Node?], range: SourceRange) {
    self.attribute = attribute
    self.builtin = builtin
    self.args = args
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let instance = try methodSelf(m, range)
    let rest = try evaluated(args, m)
    var value = instance.values[attribute] ?? .void
    instance.values[attribute] = .void
    defer { instance.values[attribute] = value }
    let result: Value
    do { result = try m.callInPlace(builtin, on: &value, rest) } catch { throw error.located(range) }
    if case .void = result { return .void }
    return builtin.returnsResult ? result : value
  }
}
