import Foundation
import ScriptRuntime

/// `loadText` and `saveText`: CSV files with a header row.
enum TextFiles {
  /// Splits one CSV line; double quotes enclose fields, `""` is a quote inside one.
  static func fields(_ line: Substring, _ delimiter: Character) -> [String] {
    var out: [String] = []
    var field = ""
    var quoted = false
    var i = line.startIndex
    while i < line.endIndex {
      let c = line[i]
      if quoted {
        if c == "\"" {
          let next = line.index(after: i)
          if next < line.endIndex && line[next] == "\"" {
            field.append("\"")
            i = next
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c == delimiter {
        out.append(field)
        field = ""
      } else {
        field.append(c)
      }
      i = line.index(after: i)
    }
    out.append(field)
    return out
  }

  /// The narrowest type every non-empty field parses as.
  static func inferType(_ values: [String]) -> DataType {
    let present = values.filter { !$0.isEmpty }
    if present.isEmpty { return .string }
    if present.allSatisfy({ Int64($0) != nil }) {
      return present.allSatisfy({ Int32($0) != nil }) ? .int : .long
    }
    if present.allSatisfy({ Double($0) != nil }) { return .double }
    if present.allSatisfy({ $0 == "true" || $0 == "false" }) { return .bool }
    for t in [DataType.date, .datetime, .timestamp, .nanotimestamp, .second, .time, .nanotime, .month, .minute] {
      if present.allSatisfy({ v in
        Temporal.parse(v, as: t) != nil && Temporal.parse(v, as: t) != Int64.min && literalKind(v) == t
      }) {
        return t
      }
    }
    // UUIDs in their dashed form and IP addresses (INT128's bare hex is too like other text).
    if present.allSatisfy({ $0.utf8.count == 36 && Binary128.parse($0, as: .uuid) != nil }) { return .uuid }
    if present.allSatisfy({ Binary128.parse($0, as: .ipaddr) != nil }) { return .ipaddr }
    // Repeated strings are symbols (dictionary-encoded); mostly distinct ones stay strings.
    return Set(present).count * 3 <= present.count ? .symbol : .string
  }

  /// The type a text literal has on its own (`2024-01-02` is a DATE).
  static func literalKind(_ v: String) -> DataType? {
    for t in [DataType.nanotimestamp, .timestamp, .datetime, .date, .month, .nanotime, .time, .second, .minute] {
      if let raw = Temporal.parse(v, as: t), raw != Int64.min,
        Temporal.format(raw, t) == v.replacingOccurrences(of: "-", with: ".").replacingOccurrences(of: " ", with: "T")
      {
        return t
      }
    }
    return nil
  }

  static func readAll(_ path: String) throws(ScriptError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScriptError(RuntimeMessages.cannotRead(path, String(cString: strerror(errno))))
    }
    return Array(data)
  }

  /// The lines of text, without line ends and trailing empty lines.
  static func lines(_ bytes: some Collection<UInt8>) -> [Substring] {
    let text = String(decoding: bytes, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    return lines
  }

  /// Each column's fields of `rows`, checked against the header's count; `firstLine` is the
  /// file line of the first row, for messages.
  static func fieldColumns(
    _ rows: ArraySlice<Substring>, columns: Int, _ delimiter: Character, path: String, firstLine: Int
  )
    throws(ScriptError) -> [[String]]
  {
    var raw: [[String]] = Array(repeating: [], count: columns)
    for (n, line) in rows.enumerated() {
      let f = fields(line, delimiter)
      guard f.count == columns else {
        throw ScriptError(
          StorageMessages.fieldCountMismatch(path, line: n + firstLine, fields: f.count, header: columns))
      }
      for k in 0..<f.count { raw[k].append(f[k]) }
    }
    return raw
  }

  static func header(_ line: Substring?, _ delimiter: Character, path: String) throws(ScriptError) -> [String] {
    guard let line else { throw ScriptError(StorageMessages.emptyTextFile(path)) }
    return fields(line, delimiter).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// The table of a text file: `skipRows` lines skipped first, then the header (or, without
  /// one, columns named col0, col1, ... by the first row's fields).
  static func load(
    _ path: String, delimiter: Character, schema: TextSchema? = nil, _ m: Machine? = nil, skipRows: Int = 0,
    containsHeader: Bool = true
  ) throws(ScriptError) -> Table {
    let lines = lines(try readAll(path)).dropFirst(skipRows)
    let first = skipRows + 1
    if !containsHeader {
      guard let line = lines.first else { throw ScriptError(StorageMessages.emptyTextFile(path)) }
      let names = (0..<fields(line, delimiter).count).map { "col\($0)" }
      let raw = try fieldColumns(lines, columns: names.count, delimiter, path: path, firstLine: first)
      return try typed(raw, names: names, path: path, firstLine: first, schema: schema, m)
    }
    let names = try header(lines.first, delimiter, path: path)
    let raw = try fieldColumns(lines.dropFirst(), columns: names.count, delimiter, path: path, firstLine: first + 1)
    return try typed(raw, names: names, path: path, firstLine: first + 1, schema: schema, m)
  }

  /// `skipRows` and `containHeader` of loadText-like calls, at their argument positions.
  static func layout(_ a: CallArguments, skipRows: Int, containHeader: Int?) throws(ScriptError) -> (Int, Bool) {
    let skip = a.has(skipRows) ? try a.integer(skipRows, "skipRows") : 0
    guard (0...1024).contains(skip) else { throw ScriptError(StorageMessages.skipRowsRange(skip)) }
    let header = containHeader.map { a.has($0) ? a[$0].isTruthy : true } ?? true
    return (skip, header)
  }

  /// Fields made typed columns: by the schema when there is one, else each column as the
  /// narrowest type its fields all parse as.
  static func typed(
    _ raw: [[String]], names: [String], path: String, firstLine: Int, schema: TextSchema?, _ m: Machine?
  ) throws(ScriptError) -> Table {
    if let schema, let m { return try schema.apply(raw, header: names, path: path, firstLine: firstLine, m) }
    var columns: [Vector] = []
    for (k, values) in raw.enumerated() {
      columns.append(try column(values, inferType(values), name: names[k], path: path, firstLine: firstLine))
    }
    return try Table(names: names, columns: columns)
  }

  /// One column's fields as `type` (empty fields null); one that does not convert names its
  /// file, line and column (`lines`: each value's file line when they are not one per line).
  static func column(
    _ values: [String], _ type: DataType, name: String, path: String, firstLine: Int, lines: [Int]? = nil
  ) throws(ScriptError) -> Vector {
    var v = Vector.empty(type, capacity: values.count)
    for (row, s) in values.enumerated() {
      if s.isEmpty {
        try v.append(.null(type))
        continue
      }
      do { try v.append(try Cast.convert(.string(s, .string), to: type)) } catch {
        throw ScriptError(
          StorageMessages.cannotParseField(
            path, line: lines?[row] ?? row + firstLine, column: name, text: s, as: type.name))
      }
    }
    return v
  }

  static func quote(_ s: String, _ delimiter: Character) -> String {
    guard s.contains(delimiter) || s.contains("\"") || s.contains("\n") else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func save(_ t: Table, _ path: String, delimiter: Character, append: Bool = false) throws(ScriptError) {
    let existing: [UInt8]? = append ? FileManager.default.contents(atPath: path).map { Array($0) } : nil
    var out = existing == nil ? t.names.map { quote($0, delimiter) }.joined(separator: String(delimiter)) + "\n" : ""
    for i in 0..<t.rowCount {
      out += t.columns.map { quote(ValueFormatter.plain($0[i]), delimiter) }.joined(separator: String(delimiter)) + "\n"
    }
    try DurableFiles.replace(path, with: (existing ?? []) + Array(out.utf8), sync: false)
  }

  /// `loadText` and `saveText`: files are the node's, so a guest may not touch them, and the
  /// node's `sys` folder is out of reach of every script.
  static func builtins(_ engine: StorageEngine) -> [Builtin] {
    [
      // loadText(filename, [delimiter], [schema], [skipRows], [arrayDelimiter], [containHeader]);
      // arrayDelimiter splits the fields of the schema's array columns (`INT[]`).
      Builtin(
        "loadText", args: 1...6,
        parameterNames: ["filename", "delimiter", "schema", "skipRows", "arrayDelimiter", "containHeader"]
      ) {
        a throws(ScriptError) in
        try a.machine.require(.login("read files"))
        let given = try a.text(0, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        let delimiter = try a.delimiter(1)
        let schema = a.has(2) ? try TextSchema(a[2], function: "loadText", a, arrayDelimiter: 4) : nil
        let (skip, header) = try layout(a, skipRows: 3, containHeader: 5)
        return .object(
          try load(path, delimiter: delimiter, schema: schema, a.machine, skipRows: skip, containsHeader: header))
      },
      // extractTextSchema(filename, [delimiter]): the columns loadText would make, with their types.
      Builtin("extractTextSchema", args: 1...3, parameterNames: ["filename", "delimiter", "skipRows"]) {
        a throws(ScriptError) in
        try a.machine.require(.login("read files"))
        let given = try a.text(0, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        let delimiter = try a.delimiter(1)
        let (skip, _) = try layout(a, skipRows: 2, containHeader: nil)
        let t = try load(path, delimiter: delimiter, skipRows: skip)
        return .object(
          try Table(
            names: ["name", "type"], columns: [Vector(strings: t.names), Vector(strings: t.columnTypes.map(\.name))]))
      },
      // loadTextEx(dbHandle, tableName, partitionColumns, filename, [delimiter], [schema], [skipRows],
      // [transform]): the file's rows appended to the table, which is made first when the
      // database has none of that name; returns the table.
      Builtin(
        "loadTextEx", args: 4...12,
        parameterNames: [
          "dbHandle", "tableName", "partitionColumns", "filename", "delimiter", "schema", "skipRows", "transform",
          "sortColumns", "atomic", "arrayDelimiter", "containHeader",
        ]
      ) { a throws(ScriptError) in
        try a.machine.require(.login("read files"))
        let given = try a.text(3, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        let delimiter = try a.delimiter(4)
        let schema = a.has(5) ? try TextSchema(a[5], function: "loadTextEx", a, arrayDelimiter: 10) : nil
        let (skip, header) = try layout(a, skipRows: 6, containHeader: 11)
        var rows: Value = .object(
          try load(path, delimiter: delimiter, schema: schema, a.machine, skipRows: skip, containsHeader: header))
        if a.has(7) {
          guard case .function(let transform) = a[7] else {
            throw ScriptError(RuntimeMessages.mustBeFunction("the transform of 'loadTextEx'", got: a[7].typeString))
          }
          rows = try a.machine.call(transform, [rows])
        }
        let name = a.has(1) ? try a.text(1, "the table name") : ""
        let exists = try a.machine.call(function: "getTables", [a[0]])
        let names = HigherOrder.elements(exists)?.compactMap(\.stringValue) ?? []
        let table =
          names.contains(name)
          ? try a.machine.call(function: "loadTable", [a[0], .string(name, .string)])
          : try a.machine.call(function: "createPartitionedTable", [a[0], rows, .string(name, .string), a[2]])
        _ = try a.machine.call(function: "append!", [table, rows])
        return table
      },
      // saveText(obj, filename, [delimiter], [append]): append adds rows (no header) to a file
      // that exists.
      Builtin("saveText", args: 2...4, parameterNames: ["obj", "filename", "delimiter", "append"]) {
        a throws(ScriptError) in
        guard case .object(let o) = a[0], let t = o as? Table else {
          throw ScriptError(RuntimeMessages.needsTable("saveText", got: a[0].typeString))
        }
        try a.machine.require(.login("write files"))
        let path = try a.text(1, "the file name")
        try engine.checkNotSystemFile(path)
        let delimiter = try a.delimiter(2)
        try save(t, path, delimiter: delimiter, append: a.has(3) && a[3].isTruthy)
        return .void
      },
    ]
  }
}
