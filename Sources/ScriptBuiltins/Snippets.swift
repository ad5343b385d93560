import ScriptRuntime

/// DolphinDB's `snippet(X)`: what the console prints for X, as one STRING (`snippet([["a","b"],
/// "c"])` is `(["a","b"],"c")`); the session's print settings (`setSystem`) apply.
enum Snippets {
  static let builtin = Builtin("snippet", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
    .string(a.machine.formatter.format(a[0]), .string)
  }
}
