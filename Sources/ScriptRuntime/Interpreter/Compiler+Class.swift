import ScriptSyntax

/// What a method body being compiled sees of its class: its attributes (read and set through
/// `self`), its methods (called by name) and the classes above it (whose constructors it may
/// run on itself).
struct ClassContext {
  let definition: ClassDefinition
  /// `scopes.count` while the method's own body compiles (not a lambda inside it).
  let depth: Int
  let attributes: Set<String>
  let methodNames: Set<String>
}

extension Compiler {
  /// Compiles a class: its attributes' starting nulls, its methods, and a function of its name
  /// that makes an object and runs the constructor on it.
  mutating func compileClass(_ decl: ClassDecl) throws(ScriptError) {
    var base: ClassDefinition?
    if let name = decl.base {
      guard let found = m.classes[name] else { throw Compiler.error(RuntimeMessages.unknownClass(name), decl.range) }
      base = found
    }
    var names = Set(base?.attributeNames ?? [])
    var attributes: [ClassDefinition.Attribute] = []
    for a in decl.attributes {
      guard names.insert(a.name).inserted else {
        throw Compiler.error(RuntimeMessages.duplicateAttribute(decl.name, a.name), a.range)
      }
      attributes.append(ClassDefinition.Attribute(name: a.name, initial: try Compiler.initialValue(a)))
    }
    let definition = ClassDefinition(name: decl.name, base: base, attributes: attributes)
    let methodNames = Set(decl.methods.compactMap(\.name)).union(base?.methodNames ?? [])
    m.classMethodNames.formUnion(methodNames)
    let context = ClassContext(
      definition: definition, depth: scopes.count + 1, attributes: names, methodNames: methodNames)
    for method in decl.methods {
      // A later definition replaces an earlier one, so `def b()` may be declared first.
      let (f, _) = try compileFunctionAndScope(method, isLambda: false, method: context)
      definition.methods[method.name ?? ""] = f
    }
    // Only a class that compiled whole is defined: a mistake leaves an earlier one in place.
    m.classes[decl.name] = definition
    m.define(FunctionValue(.builtin(Compiler.constructor(definition))), name: decl.name, module: module)
  }

  /// What an attribute starts as: a scalar null, an empty vector (`DOUBLE VECTOR`, `INT[]
  /// VECTOR`, `ANY VECTOR`), or NULL for ANY and a lone array type.
  static func initialValue(_ a: ClassDecl.Attribute) throws(ScriptError) -> Value {
    let isVector = a.type.hasSuffix(" VECTOR")
    let typeName = isVector ? String(a.type.dropLast(" VECTOR".count)) : a.type
    if typeName == "ANY" { return isVector ? .tuple([]) : .void }
    guard let (type, isArray) = DataType.parse(typeName) else {
      throw Compiler.error(RuntimeMessages.unknownAttributeType(a.name, a.type), a.range)
    }
    switch (isArray, isVector) {
    case (true, true): return .vector(Vector(type: type, storage: .nested(.empty(type))))
    case (true, false): return .void
    case (false, true): return .vector(Vector.empty(type))
    case (false, false): return .null(type)
    }
  }

  /// The function a class's name calls: a new object, then its constructor (if the class
  /// defines one) with the arguments.
  static func constructor(_ definition: ClassDefinition) -> Builtin {
    Builtin(definition.name, args: 0...Int.max) { a throws(ScriptError) in
      let instance = ClassInstance(definition, machine: a.machine)
      guard let constructor = definition.methods[definition.name] else {
        guard a.count == 0 else {
          throw ScriptError(RuntimeMessages.noConstructor(definition.name, got: a.count))
        }
        return .object(instance)
      }
      _ = try a.machine.callMethod(constructor, on: instance, a.values, at: nil)
      return .object(instance)
    }
  }

  /// Inside a method's own body, where `name` is no parameter or local: the class context.
  func memberContext(_ name: String) -> ClassContext? {
    guard let context = classContext, scopes.count == context.depth, scopes.last?.slots[name] == nil else {
      return nil
    }
    return context
  }

  /// Whether `name`, inside a method's own body, is an attribute of the object.
  func isAttribute(_ name: String) -> Bool { memberContext(name)?.attributes.contains(name) ?? false }

  /// `name(args)` inside a method: a method of the object, or a base class's constructor run
  /// on it; nil when the name is neither.
  mutating func compileMemberCall(_ name: String, _ args: [Argument], range r: SourceRange) throws(ScriptError)
    -> Node?
  {
    guard let context = memberContext(name) else { return nil }
    var ancestor = context.definition.base
    while let a = ancestor, a.name != name { ancestor = a.base }
    // The class's own name makes a new object; a base's name runs its constructor on this one.
    guard ancestor != nil || (context.methodNames.contains(name) && name != context.definition.name) else {
      return nil
    }
    var nodes: [Node?] = []
    for a in args { nodes.append(try a.value.map { v throws(ScriptError) in try compileExpression(v) }) }
    return SelfMethodCallNode(name: name, constructor: ancestor, args: nodes, range: r)
  }
}
