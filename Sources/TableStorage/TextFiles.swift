import Foundation
import ScriptRuntime

/// `loadText` and `saveText`: CSV files with a header row.
enum TextFiles {
  /// The narrowest type every non-empty field of column `k` parses as: INT, LONG, DOUBLE,
  /// BOOL, a temporal type (every field in its printed form), UUID, IPADDR, else SYMBOL when
  /// values repeat (a third distinct or fewer) and STRING when they do not.
  static func inferType(_ text: DelimitedText, _ k: Int) -> DataType { inference(text, k).type }

  /// The type of column `k`, and for text the column itself (deciding SYMBOL or STRING made it).
  static func inference(_ text: DelimitedText, _ k: Int) -> (type: DataType, column: Vector?) {
    let fields = text.columns[k].filter { !text.isEmpty($0) }
    if fields.isEmpty { return (.string, nil) }
    let type = text.bytes.withUnsafeBufferPointer { buffer -> DataType? in
      let b = buffer.baseAddress!
      // Each test stops at the first field that fails it; a quoted field goes the general way.
      func all(_ fast: (TextField) -> Bool?, _ general: (String) -> Bool) -> Bool {
        fields.allSatisfy { f in
          if !text.isQuoted(f), let answer = fast(f) { return answer }
          return general(text.string(f))
        }
      }
      var wide = false
      if all(
        { f in
          guard let v = TextFieldParsing.integer(b, f.start, f.end) else { return nil }
          if v < Int64(Int32.min) || v > Int64(Int32.max) { wide = true }
          return true
        },
        { s in
          guard Int64(s) != nil else { return false }
          if Int32(s) == nil { wide = true }
          return true
        })
      {
        return wide ? .long : .int
      }
      if all({ f in TextFieldParsing.isDecimal(b, f.start, f.end) ? true : nil }, { Double($0) != nil }) {
        return .double
      }
      if all({ _ in nil }, { $0 == "true" || $0 == "false" }) { return .bool }
      for t in [DataType.date, .datetime, .timestamp, .nanotimestamp, .second, .time, .nanotime, .month, .minute] {
        if all({ f in TextFieldParsing.temporal(b, f.start, f.end)?.0 == t ? true : nil }, { literalKind($0) == t }) {
          return t
        }
      }
      // UUIDs in their dashed form and IP addresses (INT128's bare hex is too like other text).
      if all({ _ in nil }, { $0.utf8.count == 36 && Binary128.parse($0, as: .uuid) != nil }) { return .uuid }
      if all({ _ in nil }, { Binary128.parse($0, as: .ipaddr) != nil }) { return .ipaddr }
      return nil
    }
    if let type { return (type, nil) }
    // Repeated strings are symbols (dictionary-encoded); mostly distinct ones stay strings.
    let symbols = SymbolColumn(text.strings(k))
    let distinct = symbols.dictionary.symbols.count - (symbols.dictionary.code(of: "") == nil ? 0 : 1)
    if distinct * 3 <= fields.count { return (.symbol, Vector(type: .symbol, storage: .sym(symbols))) }
    return (.string, Vector(strings: symbols.strings))
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

  /// The header's names (its fields, spaces trimmed, made column names) and where the rows
  /// after it start.
  static func header(_ text: DelimitedText, at offset: Int, path: String) throws(ScriptError) -> (
    names: [String], next: Int
  ) {
    guard offset < text.end else { throw ScriptError(StorageMessages.emptyTextFile(path)) }
    let (fields, next) = text.fieldStrings(at: offset)
    return (Table.distinctNames(fields.map { columnName($0.trimmingCharacters(in: .whitespaces)) }), next)
  }

  /// A header field as DolphinDB names its column: letters (of any script), digits and `_` kept,
  /// anything else made `_`, and `c` put before a name that does not start with a letter
  /// (`1_test` is `c1_test`, `test-a!` is `test_a_`, `[test]` is `c_test_`).
  static func columnName(_ field: String) -> String {
    var name = String.UnicodeScalarView()
    for u in field.unicodeScalars {
      name.append(u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "_" ? u : "_")
    }
    guard let first = name.first, first.properties.isAlphabetic else { return "c" + String(name) }
    return String(name)
  }

  /// The delimiter as the one byte the scanner splits at.
  static func delimiterByte(_ delimiter: Character) throws(ScriptError) -> UInt8 {
    guard let byte = delimiter.asciiValue, byte != 34, byte != 10, byte != 13 else {
      throw ScriptError(StorageMessages.delimiterNotOneByte(String(delimiter)))
    }
    return byte
  }

  /// The table of a text file: `skipRows` lines skipped first, then the header (or, without
  /// one, columns named col0, col1, ... by the first row's fields).
  static func load(
    _ path: String, delimiter: Character, schema: TextSchema? = nil, _ m: Machine? = nil, skipRows: Int = 0,
    containsHeader: Bool = true
  ) throws(ScriptError) -> Table {
    var text = DelimitedText(try readAll(path), delimiter: try delimiterByte(delimiter))
    let start = text.skippingLines(skipRows, from: text.start)
    let first = skipRows + 1
    if !containsHeader {
      guard start < text.end else { throw ScriptError(StorageMessages.emptyTextFile(path)) }
      let names = (0..<text.fieldStrings(at: start).fields.count).map { "col\($0)" }
      try text.readRows(from: start, columns: names.count, firstLine: first, path: path)
      return try typed(text, names: names, path: path, schema: schema, m)
    }
    let (names, next) = try header(text, at: start, path: path)
    try text.readRows(from: next, columns: names.count, firstLine: first + 1, path: path)
    return try typed(text, names: names, path: path, schema: schema, m)
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
    _ text: DelimitedText, names: [String], path: String, schema: TextSchema?, _ m: Machine?
  ) throws(ScriptError) -> Table {
    if let schema, let m { return try schema.apply(text, header: names, path: path, m) }
    var columns: [Vector] = []
    for k in names.indices {
      let (type, made) = inference(text, k)
      if let made {
        columns.append(made)
      } else {
        columns.append(try column(text, k, type, name: names[k], path: path))
      }
    }
    return try Table(names: names, columns: columns)
  }

  /// Column `k`'s fields as `type` (empty fields null), as `Cast.convert` makes text each
  /// type; a field that does not convert names its file, line and column.
  static func column(_ text: DelimitedText, _ k: Int, _ type: DataType, name: String, path: String)
    throws(ScriptError) -> Vector
  {
    let fields = text.columns[k]
    let n = fields.count
    func general(_ row: Int) throws(ScriptError) -> Value {
      let f = fields[row]
      if text.isEmpty(f) { return .null(type) }
      let s = text.string(f)
      do { return try Cast.convert(.string(s, .string), to: type) } catch {
        throw ScriptError(
          StorageMessages.cannotParseField(path, line: text.rowLines[row], column: name, text: s, as: type.name))
      }
    }
    // Each unquoted non-empty field read by `fast` (nil: it cannot say), else the general way.
    func each<T>(_ null: T, _ fast: (UnsafePointer<UInt8>, TextField) -> T?, _ slow: (Value) -> T?)
      throws(ScriptError) -> [T]
    {
      var out = [T](repeating: null, count: n)
      try text.bytes.withUnsafeBufferPointer { buffer throws(ScriptError) in
        let b = buffer.baseAddress!
        for row in 0..<n {
          let f = fields[row]
          if f.start >= 0 {
            if f.end == f.start { continue }
            if let v = fast(b, f) {
              out[row] = v
              continue
            }
          }
          if let v = slow(try general(row)) { out[row] = v }
        }
      }
      return out
    }
    func integer(_ v: Value) -> Int64? {
      if case .int(let raw, _) = v { return raw }
      return nil
    }
    switch type {
    case .short, .int, .long:
      let (low, high): (Int64, Int64) =
        type == .short
        ? (Int64(Int16.min) + 1, Int64(Int16.max))
        : type == .int ? (Int64(Int32.min) + 1, Int64(Int32.max)) : (Int64.min + 1, Int64.max)
      let out = try each(
        Value.nullInt,
        { b, f in
          TextFieldParsing.integer(b, f.start, f.end).map { $0 >= low && $0 <= high ? $0 : Value.nullInt }
        }, integer)
      return Vector(type: type, ints: out)
    case .float, .double:
      let out = try each(
        Double.nan,
        { b, f in
          TextFieldParsing.isDecimal(b, f.start, f.end) ? TextFieldParsing.decimal(b, f.start) : nil
        }, { $0.doubleValue })
      return type == .double ? Vector(doubles: out) : Vector(type: .float, storage: .f32(out.map { Float($0) }))
    case .string, .symbol:
      return Vector(strings: fields.map { text.string($0) }, type: type)
    case _ where type.isTemporal && type != .datehour:
      // Another type's form converts as `Temporal.parse` converts it.
      let out = try each(
        Value.nullInt,
        { b, f in
          TextFieldParsing.temporal(b, f.start, f.end).flatMap { kind, raw in
            kind == type ? raw : Temporal.convert(raw, from: kind, to: type)
          }
        }, integer)
      return Vector(type: type, ints: out)
    default:
      var v = Vector.empty(type, capacity: n)
      for row in 0..<n { try v.append(try general(row)) }
      return v
    }
  }

  /// Strings (an array column's pieces) as `type`, `lines` each one's file line for messages.
  static func column(_ values: [String], _ type: DataType, name: String, path: String, lines: [Int])
    throws(ScriptError) -> Vector
  {
    var v = Vector.empty(type, capacity: values.count)
    for (row, s) in values.enumerated() {
      if s.isEmpty {
        try v.append(.null(type))
        continue
      }
      do { try v.append(try Cast.convert(.string(s, .string), to: type)) } catch {
        throw ScriptError(
          StorageMessages.cannotParseField(path, line: lines[row], column: name, text: s, as: type.name))
      }
    }
    return v
  }

  static func quote(_ s: String, _ delimiter: Character) -> String {
    let needsQuotes =
      if let d = delimiter.asciiValue {
        s.utf8.contains(where: { $0 == 34 || $0 == 10 || $0 == d })
      } else {
        s.contains(delimiter) || s.utf8.contains(where: { $0 == 34 || $0 == 10 })
      }
    guard needsQuotes else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The table as text: a header line (unless appending to a file that exists), then a line
  /// per row, each column written by a loop of its own type.
  static func save(_ t: Table, _ path: String, delimiter: Character, append: Bool = false) throws(ScriptError) {
    let adding = append && FileManager.default.fileExists(atPath: path)
    let separator = Array(String(delimiter).utf8)
    var out: [UInt8] = []
    if !adding {
      out += Array(t.names.map { quote($0, delimiter) }.joined(separator: String(delimiter)).utf8)
      out.append(10)
    }
    let writers = t.columns.map { cellWriter($0, delimiter) }
    let rows = t.rowCount
    out.reserveCapacity(out.count + rows * max(1, writers.count) * 8)
    for row in 0..<rows {
      for (k, write) in writers.enumerated() {
        if k > 0 { out += separator }
        write(&out, row)
      }
      out.append(10)
    }
    if adding {
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw ScriptError(
          StorageMessages.fileOperationFailed("cannot append to", path, String(cString: strerror(errno))))
      }
      defer { try? handle.close() }
      do {
        try handle.seekToEnd()
        try handle.write(contentsOf: out)
      } catch {
        throw ScriptError(StorageMessages.fileOperationFailed("cannot append to", path, "\(error)"))
      }
      return
    }
    try DurableFiles.replace(path, with: out, sync: false)
  }

  /// Writes one column's cell as saveText prints it (`ValueFormatter.plain`, quoted when it
  /// holds the delimiter, a quote or a line end): integers and doubles by typed loops,
  /// symbols from their dictionary's texts made once.
  static func cellWriter(_ v: Vector, _ delimiter: Character) -> (inout [UInt8], Int) -> Void {
    let type = v.type
    let plainInteger = type.isIntegral && !type.isTemporal && !type.isDecimal && type != .bool && type != .char
    switch v.storage {
    case .i32(let a) where plainInteger:
      return { out, i in if a[i] != Int32.min { appendInteger(Int64(a[i]), &out) } }
    case .i64(let a) where plainInteger:
      return { out, i in if a[i] != Int64.min { appendInteger(a[i], &out) } }
    case .i32(let a) where type.isTemporal:
      return { out, i in if a[i] != Int32.min { out.append(contentsOf: Temporal.format(Int64(a[i]), type).utf8) } }
    case .i64(let a) where type.isTemporal:
      return { out, i in if a[i] != Int64.min { out.append(contentsOf: Temporal.format(a[i], type).utf8) } }
    case .f64(let a):
      return { out, i in out.append(contentsOf: ValueFormatter.formatDouble(a[i]).utf8) }
    case .str(let a):
      return { out, i in out.append(contentsOf: quote(a[i], delimiter).utf8) }
    case .sym(let column):
      let texts = column.dictionary.symbols.map { Array(quote($0, delimiter).utf8) }
      let codes = column.codes
      return { out, i in out += texts[Int(codes[i])] }
    default:
      return { out, i in out.append(contentsOf: quote(ValueFormatter.plain(v[i]), delimiter).utf8) }
    }
  }

  /// The decimal digits of an integer.
  @inline(__always)
  static func appendInteger(_ value: Int64, _ out: inout [UInt8]) {
    var magnitude = value.magnitude
    if value < 0 { out.append(45) }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      )
    var count = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[count] = UInt8(magnitude % 10) + 48
        magnitude /= 10
        count += 1
      } while magnitude > 0
      while count > 0 {
        count -= 1
        out.append(d[count])
      }
    }
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
