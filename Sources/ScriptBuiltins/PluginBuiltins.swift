import ScriptRuntime

/// `loadPlugin` and `installPlugin`: DolphinDB's plugins are shared libraries built against
/// DolphinDB's own server, which Porpoise cannot load; the calls fail saying so, naming the
/// plugin, instead of as unknown functions.
enum PluginBuiltins {
  static func pluginName(_ a: CallArguments) -> String {
    let text = a.has(0) ? (a[0].stringValue ?? ValueFormatter.plain(a[0])) : ""
    // "plugins/odbc/PluginODBC.txt" or "odbc": the plugin's folder or name.
    let parts = text.split(separator: "/").map(String.init)
    if parts.count >= 2, parts.last?.contains(".") == true { return parts[parts.count - 2] }
    return parts.last ?? text
  }

  static let all: [Builtin] = [
    Builtin("loadPlugin", args: 1...1, parameterNames: ["filePath"]) { a throws(ScriptError) in
      throw ScriptError(RuntimeMessages.pluginsNotSupported(pluginName(a)))
    },
    Builtin("installPlugin", args: 1...3, parameterNames: ["pluginName", "pluginVersion", "pluginServerAddr"]) {
      a throws(ScriptError) in
      throw ScriptError(RuntimeMessages.pluginsNotSupported(pluginName(a)))
    },
  ]
}
