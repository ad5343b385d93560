/// DolphinDB-style parameters: `-name value` with a single dash and a word of two or more
/// letters (`-run job.dos`, `-home data`, `-console 0`). They are taken out of the command
/// line before swift-argument-parser sees it, which would read `-home` as `-h -o -m -e`.
struct DolphinArguments {
  var parameters: [String: String] = [:]
  /// Parameter names in the order given (for messages).
  var order: [String] = []

  /// Splits `arguments` into DolphinDB parameters and the rest.
  static func extract(_ arguments: [String]) -> (DolphinArguments, [String]) {
    var found = DolphinArguments()
    var rest: [String] = []
    // `run [-home h ...] FILE ARGS`: parameters before the file are porpoise's; after it,
    // every word belongs to the script.
    if arguments.first == "run" {
      var i = 1
      var kept = ["run"]
      while i < arguments.count {
        let a = arguments[i]
        if isParameter(a) {
          found.parameters[String(a.dropFirst())] = i + 1 < arguments.count ? arguments[i + 1] : ""
          found.order.append(String(a.dropFirst()))
          i += 2
        } else if a.hasPrefix("--") || (a.count == 2 && a.hasPrefix("-")) {
          // porpoise's own options (`--echo`, `-q`) before the file.
          kept.append(a)
          i += 1
        } else {
          break
        }
      }
      return (found, kept + arguments[i...])
    }
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if isParameter(a) {
        let name = String(a.dropFirst())
        let value = i + 1 < arguments.count ? arguments[i + 1] : ""
        found.parameters[name] = value
        found.order.append(name)
        i += 2
        continue
      }
      rest.append(a)
      i += 1
    }
    return (found, rest)
  }

  static func isParameter(_ a: String) -> Bool {
    guard a.count > 2, a.hasPrefix("-"), !a.hasPrefix("--") else { return false }
    let body = a.dropFirst()
    guard let first = body.first, first.isLetter else { return false }
    return body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }
}
