import ScriptRuntime

/// `oneHot(obj, encodingColumns)`: a table's columns one-hot encoded, an INT column of 1s and 0s
/// per distinct value named `column_value` (values in order of appearance, a BOOL's as 1 and
/// 0), followed by the columns not encoded. A null belongs to no value: its row is all 0s, as
/// pandas' get_dummies leaves it.
enum OneHot {
  static let all: [Builtin] = [
    Builtin("oneHot", args: 2...2, parameterNames: ["obj", "encodingColumns"]) { a throws(ScriptError) in
      guard case .object(let t as Table) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTable("the obj of 'oneHot'", got: a[0].typeString))
      }
      var encoded: [String]
      switch a[1] {
      case .string(let s, _): encoded = [s]
      case .vector(let v) where v.type == .string || v.type == .symbol: encoded = v.strings
      default: throw ScriptError(RuntimeMessages.mustBeString("the encodingColumns of 'oneHot'", got: a[1].typeString))
      }
      var indices: [Int] = []
      for name in encoded {
        guard let k = t.columnIndex(name) else { throw ScriptError(RuntimeMessages.oneHotColumn(name)) }
        guard !indices.contains(k) else { throw ScriptError(RuntimeMessages.duplicateColumn(name)) }
        indices.append(k)
      }
      let n = t.rowCount
      var names: [String] = []
      var columns: [Vector] = []
      let formatter = ValueFormatter()
      for k in indices {
        let column = t.columns[k]
        let groups = Series.groupsInOrderOfAppearance([column], count: n)
        try a.machine.checkAllocation(groups.count * n, elementBytes: 4, "the columns of 'oneHot'")
        for members in groups {
          let first = members[0]
          if column.isNull(first) { continue }
          let value = column[first]
          let label: String
          if case .int(let b, .bool) = value { label = b != 0 ? "1" : "0" } else { label = formatter.format(value) }
          var cells = [Int64](repeating: 0, count: n)
          for i in members { cells[i] = 1 }
          names.append("\(t.names[k])_\(label)")
          columns.append(Vector(type: .int, ints: cells))
        }
      }
      for k in t.columns.indices where !indices.contains(k) {
        names.append(t.names[k])
        columns.append(t.columns[k])
      }
      return .object(try Table(names: names, columns: columns))
    }
  ]
}
