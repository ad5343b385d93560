import ScriptRuntime

/// Functions on objects of script classes: `isInstanceOf`, `setAttr`, and calling a method by
/// its name (`objCall`, `unifiedObjCall`) or making metacode of that call (`makeObjCall`,
/// `makeUnifiedObjCall`).
enum ObjectBuiltins {
  static func object(_ a: CallArguments, _ function: String) throws(ScriptError) -> ClassInstance {
    guard case .object(let o) = a[0], let instance = o as? ClassInstance else {
      throw ScriptError(RuntimeMessages.notAnObject("the first argument of '\(function)'", got: a[0].typeString))
    }
    return instance
  }

  /// The method `name` of the object, with the object bound: a function to call.
  static func method(_ a: CallArguments, _ function: String) throws(ScriptError) -> FunctionValue {
    let instance = try object(a, function)
    let name = try a.text(1, "the method name of '\(function)'")
    guard case .function(let f) = instance.member(name) ?? .void else {
      throw ScriptError(RuntimeMessages.unknownMethod(instance.definition.name, name))
    }
    return f
  }

  static let all: [Builtin] = [
    Builtin("isInstanceOf", args: 2...2, parameterNames: ["obj", "cls"]) { a throws(ScriptError) in
      guard case .function(let f) = a[1], let cls = a.machine.classDefinition(f.name) else {
        throw ScriptError(RuntimeMessages.mustBeClass("the second argument of 'isInstanceOf'", got: a[1].typeString))
      }
      guard case .object(let o) = a[0], let instance = o as? ClassInstance else { return .bool(false) }
      return .bool(instance.definition.isKind(of: cls))
    },
    Builtin("setAttr", args: 3...3, parameterNames: ["obj", "attrName", "value"]) { a throws(ScriptError) in
      let instance = try object(a, "setAttr")
      let name = try a.text(1, "the attribute name of 'setAttr'")
      guard instance.setAttribute(name, a[2]) else {
        throw ScriptError(RuntimeMessages.unknownAttribute(instance.definition.name, name))
      }
      return .void
    },
    Builtin("objCall", args: 2...Int.max, parameterNames: ["obj", "methodName"]) { a throws(ScriptError) in
      try a.machine.call(try method(a, "objCall"), Array(a.values.dropFirst(2)))
    },
    Builtin("unifiedObjCall", args: 3...3, parameterNames: ["obj", "methodName", "args"]) { a throws(ScriptError) in
      try a.machine.call(try method(a, "unifiedObjCall"), MetacodeBuilder.items(a[2]))
    },
    Builtin("makeObjCall", args: 2...Int.max, parameterNames: ["obj", "methodName"]) { a throws(ScriptError) in
      MetacodeBuiltins.call(.function(try method(a, "makeObjCall")), Array(a.values.dropFirst(2)), labels: [])
    },
    Builtin("makeUnifiedObjCall", args: 3...3, parameterNames: ["obj", "methodName", "args"]) {
      a throws(ScriptError) in
      MetacodeBuiltins.call(.function(try method(a, "makeUnifiedObjCall")), MetacodeBuilder.items(a[2]), labels: [])
    },
  ]
}
