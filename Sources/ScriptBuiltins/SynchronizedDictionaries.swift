import ScriptRuntime

/// `syncDict(keyObj, valueObj, [sharedName], [ordered=false])` (or key and value types):
/// DolphinDB's dictionary for concurrent writers. A session here runs one statement at a time,
/// so it is `dict`; a shared name also makes it a variable of that name in the session.
enum SynchronizedDictionaries {
  static let all: [Builtin] = [
    Builtin("syncDict", args: 2...4, parameterNames: ["keyObj", "valueObj", "sharedName", "ordered"]) {
      a throws(ScriptError) in
      var arguments = [a[0], a[1]]
      if a.has(3) { arguments.append(a[3]) }
      let made = try a.machine.call(function: "dict", arguments)
      if a.has(2) {
        let name = try a.text(2, "the sharedName of 'syncDict'")
        guard let first = name.first, first.isLetter || first == "_",
          name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { throw ScriptError(RuntimeMessages.invalidSharedName("syncDict", name)) }
        a.machine.setVariable(name, made)
      }
      return made
    }
  ]
}
