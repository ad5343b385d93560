/// Renders diagnostics as `name:line:col: severity: message` plus a source excerpt and caret.
public enum DiagnosticRenderer {
  /// The text of one diagnostic and its notes, ending in a newline.
  public static func render(_ d: Diagnostic) -> String {
    var out = ""
    guard let range = d.range else {
      out += "\(d.severity.rawValue): \(d.message)\n"
      for note in d.notes { out += render(note) }
      return out
    }
    let file = range.file
    let loc = file.location(of: range.start)
    out += "\(file.name):\(loc.line):\(loc.column): \(d.severity.rawValue): \(d.message)\n"
    if d.severity != .note {
      let line = file.lineText(loc.line)
      let number = String(loc.line)
      let gutter = String(repeating: " ", count: max(0, 5 - number.count)) + number
      out += "\(gutter) | \(line)\n"
      // Copy tabs into the padding so the caret lines up in any tab width.
      let chars = Array(line)
      var pad = ""
      for k in 0..<min(loc.column - 1, chars.count) { pad.append(chars[k] == "\t" ? "\t" : " ") }
      let endLoc = file.location(of: range.end)
      let width = endLoc.line == loc.line ? max(1, endLoc.column - loc.column) : max(1, chars.count - loc.column + 1)
      out += "      | \(pad)^\(String(repeating: "~", count: max(0, width - 1)))\n"
    }
    for note in d.notes { out += render(note) }
    return out
  }
}
