import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `saveModule`: a module checked and saved as `name.dom` in the node's module folder, where
/// `use` finds it; `loadModule`: a module every session of the node imports. The file holds the module's checked source: DolphinDB's own `.dom` files are
/// compiled, and cannot be read here. `loadModuleFromScript` loads modules from their text,
/// `getLoadedModules` lists the session's, `clearCachedModules` makes the next `use` read
/// each module's file again (after it was edited).
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
        // loadModuleFromScript(moduleNamespace, moduleScript, [reload=false]): names and texts,
        // scalars or vectors of one length.
        Builtin("loadModuleFromScript", args: 2...3, parameterNames: ["moduleNamespace", "moduleScript", "reload"]) {
          a throws(ScriptError) in
          let names = try a.vector(0, "the module names").strings
          let texts = try a.vector(1, "the module scripts").strings
          guard names.count == texts.count, !names.isEmpty else {
            throw ScriptError(RuntimeMessages.moduleScriptsMismatch(names.count, texts.count))
          }
          let sources = zip(names, texts).map { (name: $0, source: SourceFile(name: "<module \($0)>", text: $1)) }
          try a.machine.loadModules(fromScripts: sources, reload: a.has(2) && a[2].isTruthy)
          return .void
        },
        Builtin("getLoadedModules", args: 0...0) { a throws(ScriptError) in
          let names = a.machine.loadedModules
          return .object(
            try Table(
              names: ["moduleName", "moduleVersion", "isFree"],
              columns: [
                Vector(strings: names), Vector(strings: names.map { _ in "" }),
                Vector(bools: names.map { _ in true }),
              ]))
        },
        // An administrator's, as in DolphinDB: it changes what every later `use` reads.
        Builtin("clearCachedModules", args: 0...0) { a throws(ScriptError) in
          try a.machine.require(.admin("clear the cached modules"))
          a.machine.clearCachedModules()
          return .void
        },
      ])
  }
}
