import ScriptRuntime

/// The `schema` table `loadText`, `loadTextEx` and `textChunkDS` take: a row per column with its
/// `name` and `type`, and optionally a temporal `format` (`yyyyMMdd`) and the file column `col`
/// it reads (0-based; without it, the file's columns in order). A type such as `INT[]` makes an
/// array column: each field split at `arrayDelimiter` (quote the field when that is also the
/// field delimiter).
struct TextSchema {
  var names: [String]
  var types: [DataType]
  var formats: [String?]
  var fileColumns: [Int]?
  /// Which columns are array columns (`INT[]`).
  var arrays: [Bool]
  var arrayDelimiter = ","

  init(names: [String], types: [DataType], formats: [String?], fileColumns: [Int]? = nil) {
    self.names = names
    self.types = types
    self.formats = formats
    self.fileColumns = fileColumns
    arrays = Array(repeating: false, count: types.count)
  }

  /// The schema argument of a call, with the call's `arrayDelimiter` argument at `position`.
  init(_ v: Value, function: String, _ a: CallArguments, arrayDelimiter position: Int) throws(ScriptError) {
    try self.init(v, function: function)
    arrayDelimiter = String(try a.delimiter(position))
  }

  init(_ v: Value, function: String) throws(ScriptError) {
    guard case .object(let o) = v, let t = o as? Table else {
      throw ScriptError(RuntimeMessages.mustBeTable("the schema of '\(function)'", got: v.typeString))
    }
    // By name, or, as DolphinDB also reads `table(colNames, colTypes)`, the first two text columns.
    let byPosition = t.columns.count >= 2 && t.columns[0].type.isText && t.columns[1].type.isText
    guard let names = t.column("name") ?? (byPosition ? t.columns[0] : nil),
      let types = t.column("type") ?? (byPosition ? t.columns[1] : nil)
    else {
      throw ScriptError(StorageMessages.schemaNeedsNameAndType(function, has: t.names))
    }
    self.names = names.strings
    var parsed: [DataType] = []
    var arrays: [Bool] = []
    for name in types.strings {
      guard let (type, isArray) = DataType.parse(name.uppercased()) else {
        throw ScriptError(StorageMessages.unknownSchemaType(function, name))
      }
      parsed.append(type)
      arrays.append(isArray)
    }
    self.types = parsed
    self.arrays = arrays
    formats =
      t.column("format").map { f in f.strings.map { $0.isEmpty ? nil : $0 } }
      ?? Array(repeating: nil, count: parsed.count)
    fileColumns = t.column("col").map { $0.int64s.map { Int($0) } }
  }

  /// The table of a file's fields (`header` its names) as the schema types them; a field that
  /// does not convert names its file, line and column.
  func apply(_ text: DelimitedText, header: [String], path: String, _ m: Machine) throws(ScriptError) -> Table {
    var columns: [Vector] = []
    for (k, type) in types.enumerated() {
      let source = fileColumns.map { $0[k] } ?? k
      guard source >= 0, source < text.columns.count else {
        throw ScriptError(StorageMessages.schemaColumnMissing(path, column: names[k], fileColumns: text.columns.count))
      }
      if arrays[k] {
        columns.append(try arrayColumn(text, source, type, name: names[k], path: path))
        continue
      }
      if let format = formats[k], type.isTemporal {
        let parsed = try m.call(
          function: "temporalParse", [.vector(Vector(strings: text.strings(source))), .string(format, .string)])
        columns.append(try Cast.vector(try column(parsed), to: type))
        continue
      }
      columns.append(try TextFiles.column(text, source, type, name: names[k], path: path))
    }
    return try Table(names: names, columns: columns)
  }

  /// An array column: each field's pieces as one row (an empty field an empty row).
  private func arrayColumn(_ text: DelimitedText, _ k: Int, _ type: DataType, name: String, path: String)
    throws(ScriptError) -> Vector
  {
    var ends: [Int] = []
    var pieces: [String] = []
    ends.reserveCapacity(text.rowCount)
    var pieceLines: [Int] = []
    for (row, f) in text.columns[k].enumerated() {
      // saveText writes an array cell in brackets (`[1,3,5]`): read that form back too.
      let written = text.string(f)
      var field = Substring(written)
      if field.hasPrefix("["), field.hasSuffix("]"), field.count >= 2 { field = field.dropFirst().dropLast() }
      if !field.isEmpty {
        for piece in field.components(separatedBy: arrayDelimiter) {
          pieces.append(piece.trimmingCharacters(in: .whitespaces))
          pieceLines.append(text.rowLines[row])
        }
      }
      guard pieces.count <= NestedColumn.maxElements else {
        throw ScriptError(RuntimeMessages.arrayVectorTooLarge(limit: NestedColumn.maxElements))
      }
      ends.append(pieces.count)
    }
    let elements = try TextFiles.column(pieces, type, name: name, path: path, lines: pieceLines)
    return Vector(type: type, storage: .nested(NestedColumn(ends: ends, values: elements)))
  }

  private func column(_ v: Value) throws(ScriptError) -> Vector {
    guard case .vector(let vec) = v else {
      throw ScriptError(RuntimeMessages.mustBeVector("a parsed column", got: v.typeString))
    }
    return vec
  }
}
