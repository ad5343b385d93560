import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `saveModule`: a module checked and saved as `name.dom` in the node's module folder, where
/// `use` finds it. The file holds the module's checked source: DolphinDB's own `.dom` files are
/// compiled, and cannot be read here.
public enum ModuleBuiltins {
  public static func library(saveDirectory: String) -> BuiltinLibrary {
    BuiltinLibrary(
      "modules",
      functions: [
        // saveModule(name, [moduleDir], [overwrite]).
        Builtin("saveModule", args: 1...3, parameterNames: ["name", "moduleDir", "overwrite"]) {
          a throws(ScriptError) in
          try a.machine.require(.admin("save modules"))
          let name = try a.text(0, "the module name")
          guard let host = a.machine.host else { throw ScriptError(RuntimeMessages.noModulePath(name)) }
          let file = try host.moduleSource(name, from: nil)
          try check(file, name: name)
          let dir = a.has(1) ? try a.text(1, "the module folder") : saveDirectory
          let path = dir + "/" + name.replacing("::", with: "/") + ".dom"
          if FileAccess.isFile(path) && !(a.has(2) && a[2].isTruthy) {
            throw ScriptError(RuntimeMessages.moduleAlreadySaved(path))
          }
          _ = FileAccess.makeDirectory(FileAccess.directory(of: path))
          do throws(FileError) { try DurableFile.replace(path, with: Array(file.text.utf8), sync: true) } catch {
            throw ScriptError(error.message)
          }
          return .void
        }
      ])
  }

  /// The module parses and says `module name` first, as `use` needs it to.
  static func check(_ file: SourceFile, name: String) throws(ScriptError) {
    switch Parser.parse(file) {
    case .failure(let errors):
      let d = errors.diagnostics[0]
      throw ScriptError(d.message, at: d.range)
    case .success(let program):
      guard case .module(let declared)? = program.statements.first?.kind else {
        throw ScriptError(RuntimeMessages.moduleHeaderMissing(name))
      }
      guard declared == name else { throw ScriptError(RuntimeMessages.moduleNameMismatch(declared, loadedAs: name)) }
    }
  }
}
