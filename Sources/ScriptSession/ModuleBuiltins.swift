import PorpoiseSupport
import ScriptRuntime

/// `saveModule`: a module checked and saved as `name.dom` in the node's module folder, where
/// `use` finds it; `loadModule`: a module every session of the node imports. The file holds the module's checked source: DolphinDB's own `.dom` files are
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
          try a.machine.checkModule(file, name: name)
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
        },
        // loadModule(name): the module for every session of the node, as `preloadModules` does:
        // this session imports it now, each session made after imports it when it starts.
        Builtin("loadModule", args: 1...1, parameterNames: ["name|moduleName"]) { a throws(ScriptError) in
          try a.machine.require(.admin("load modules for every session"))
          let name = try a.text(0, "the module name")
          guard let host = a.machine.host else { throw ScriptError(RuntimeMessages.noModulePath(name)) }
          let file = try host.moduleSource(name, from: nil)
          try a.machine.use(name, source: file)
          a.machine.sharedObjects.preload(module: name, source: file)
          return .void
        },
      ])
  }
}
