import ScriptRuntime

/// `objs([shared=false])`: what the session's variables (and, with `shared`, the node's shared
/// tables) are and about how much memory each holds, as DolphinDB lists them. Functions are
/// not listed (`defs` lists those).
enum SessionObjects {
  static let builtin = Builtin("objs", args: 0...1, parameterNames: ["shared"]) { a throws(ScriptError) in
    let withShared = a.has(0) ? a[0].isTruthy : false
    var rows: [Row] = []
    for name in a.machine.variableNames {
      guard let v = a.machine.variable(name) else { continue }
      if case .function = v { continue }
      // `share t as name` leaves the name bound to the shared table: it is listed as shared.
      if case .object(let o as SharedTable) = v, a.machine.sharedObjects.table(name) === o { continue }
      rows.append(Row(name: name, value: v, shared: false, owner: ""))
    }
    if withShared {
      for name in a.machine.sharedObjects.names {
        guard let t = a.machine.sharedObjects.table(name) else { continue }
        rows.append(try t.withTable { Row(name: name, value: .object($0), shared: true, owner: t.sharer) })
      }
    }
    var names = ["name", "type", "form", "rows", "columns", "bytes", "shared", "extra"]
    var columns = [
      Vector(strings: rows.map(\.name)), Vector(strings: rows.map(\.type)), Vector(strings: rows.map(\.form)),
      Vector(type: .long, ints: rows.map(\.rows)), Vector(type: .int, ints: rows.map(\.columns)),
      Vector(type: .long, ints: rows.map(\.bytes)), Vector(bools: rows.map(\.shared)),
      Vector(strings: rows.map(\.extra)),
    ]
    if withShared {
      names.append("owner")
      columns.append(Vector(strings: rows.map(\.owner)))
    }
    return .object(try Table(names: names, columns: columns))
  }

  /// One listed object.
  struct Row {
    let name: String
    let type: String
    let form: String
    let rows: Int64
    let columns: Int64
    let bytes: Int64
    let shared: Bool
    let extra: String
    let owner: String

    init(name: String, value v: Value, shared: Bool, owner: String) {
      self.name = name
      self.shared = shared
      self.owner = owner
      form = v.form.name
      bytes = Int64(v.approximateBytes)
      var extra = ""
      switch v {
      case .object(let t as Table):
        type = t.segmentation == nil ? "BASIC" : "SEGMENTED"
        rows = Int64(t.rowCount)
        columns = Int64(t.names.count)
      case .object(let m as Matrix):
        type = m.dataType.name
        rows = Int64(m.rowCount)
        columns = Int64(m.columnCount)
      case .object(let o):
        // A database table's handle: its logical path; anything else is a handle.
        if let p = o as? ProtectedTable {
          type = "SEGMENTED"
          extra = p.databasePath + "/" + p.tableName
          rows = Int64(o.rowCount)
          columns = Int64((o as? AppendableTable)?.columnNames.count ?? 0)
        } else {
          type = "HANDLE"
          rows = 1
          columns = 1
        }
      default:
        type = v.type.name
        rows = Int64(v.count)
        columns = 1
      }
      self.extra = extra
    }
  }
}
