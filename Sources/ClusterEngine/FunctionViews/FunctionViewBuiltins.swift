import PorpoiseSupport
import ScriptRuntime

/// `addFunctionView`, `dropFunctionView`, `getFunctionViews`, and the function views themselves
/// as every session of the node finds them: a user granted `VIEW_EXEC` on a view runs it, and
/// while it runs, reads and writes the tables it does without rights of their own.
public enum FunctionViewBuiltins {
  public static func library(_ store: FunctionViewStore) -> BuiltinLibrary {
    BuiltinLibrary(
      "functionViews",
      functions: [
        // addFunctionView(udf): a function defined in this session becomes the node's (admin).
        Builtin("addFunctionView", args: 1...1) { a throws(ScriptError) in
          try a.machine.require(.admin("add function views"))
          guard case .function(let f) = a[0], case .user(let u, let captured) = f.kind, captured.isEmpty,
            u.name != "lambda", u.module.isEmpty
          else {
            throw ScriptError(ClusterMessages.functionViewNeedsNamedFunction(a[0].typeString))
          }
          guard a.machine.registry[u.name] == nil else {
            throw ScriptError(ClusterMessages.functionViewIsBuiltin(u.name))
          }
          do throws(FileError) { try store.add(u.name, source: u.source) } catch { throw ScriptError(error.message) }
          // From now on this session calls the view too, as every other session does.
          a.machine.handOverToView(u.name)
          return .void
        },
        // dropFunctionView(name): the view is gone from the node (admin).
        Builtin("dropFunctionView", args: 1...1, parameterNames: ["name"]) { a throws(ScriptError) in
          try a.machine.require(.admin("drop function views"))
          let name = try a.text(0, "the function view name")
          let found: Bool
          do throws(FileError) { found = try store.drop(name) } catch { throw ScriptError(error.message) }
          guard found else { throw ScriptError(ClusterMessages.noFunctionView(name)) }
          a.machine.forgetCachedFunctions()
          a.machine.takeBackFromView(name)
          return .void
        },
        // getFunctionViews(): name and body of every view.
        Builtin("getFunctionViews", args: 0...0) { _ throws(ScriptError) in
          let views = store.all
          return .object(
            try Table(
              names: ["name", "body"],
              columns: [Vector(strings: views.map(\.name)), Vector(strings: views.map(\.source))]))
        },
      ])
  }

  /// The view `name` as this session calls it: compiled here, run after a `VIEW_EXEC` check
  /// with the caller's table checks lifted.
  public static func view(_ name: String, _ store: FunctionViewStore, in machine: Machine) -> FunctionValue? {
    guard let source = store.source(name), let compiled = try? machine.compileFunction(source: source, name: name)
    else { return nil }
    let parameters: [String]
    if case .user(let u, _) = compiled.kind { parameters = u.parameters.map(\.name) } else { parameters = [] }
    let count = parameters.count
    let view = CompiledView(compiled)
    return FunctionValue(
      .builtin(
        Builtin(name, args: 0...count, parameterNames: parameters) { a throws(ScriptError) in
          try a.machine.require(.executeView(name))
          a.machine.viewDepth += 1
          defer { a.machine.viewDepth -= 1 }
          return try a.machine.call(view.function, a.values)
        }))
  }
}

/// A view compiled in one session, called only from that session's machine.
final class CompiledView: @unchecked Sendable {
  let function: FunctionValue
  init(_ function: FunctionValue) { self.function = function }
}
