import PorpoiseSupport
import ScriptRuntime

/// `readRecord!`, `writeRecord` and `loadRecord`: tables to and from fixed-length binary records
/// (`BinaryRecords`), through a file handle or a file.
enum BinaryRecordBuiltins {
  /// Records read from a handle at a time.
  static let batch = 65_536

  static func builtins(_ engine: StorageEngine) -> [Builtin] {
    [
      // readRecord!(handle, holder, [offset], [length]): records from the handle's position,
      // appended to the in-memory table `holder` (whose columns give the fields; `offset`, if
      // given, must be its size); every record left, or `length` of them. Returns how many.
      Builtin(
        "readRecord!", args: 2...4, parameterNames: ["handle", "holder", "offset", "length"]
      ) { a throws(ScriptError) in
        let f = try FileHandleBuiltins.handle(a, "readRecord!")
        guard case .object(let o) = a[1], let holder = o as? Table else {
          throw ScriptError(RuntimeMessages.needsTable("readRecord!", got: a[1].typeString))
        }
        let fields = try BinaryRecords.fields(of: holder, "readRecord!")
        // The records go after the holder's rows (DolphinDB's offset: where they start).
        let offset = a.has(2) ? try a.integer(2, "the offset") : holder.rowCount
        guard offset == holder.rowCount else {
          throw ScriptError(StorageMessages.recordOffset(offset, holder.rowCount))
        }
        let wanted = a.has(3) ? try a.count(3, "the number of records") : Int.max
        let stride = fields.reduce(0) { $0 + $1.width }
        var columns = fields.map { Vector.empty($0.type) }
        var read = 0
        while read < wanted {
          let n = min(batch, wanted - read)
          try a.machine.checkAllocation(read + n, elementBytes: stride, "readRecord!")
          guard let bytes = f.read(count: n * stride), !bytes.isEmpty else { break }
          let whole = bytes.count / stride
          let part = bytes.withUnsafeBytes { BinaryRecords.decode($0, from: 0, count: whole, fields) }
          for k in columns.indices { try columns[k].append(contentsOf: part[k]) }
          read += whole
          if bytes.count < n * stride { break }
        }
        try holder.append(columns: columns, from: "the records")
        return .int(Int64(read), .int)
      },
      // writeRecord(handle, object, [offset=0], [length]): a table's rows (from `offset`, `length`
      // of them) as records; returns how many were written.
      Builtin("writeRecord", args: 2...4, parameterNames: ["handle", "object", "offset", "length"]) {
        a throws(ScriptError) in
        let f = try FileHandleBuiltins.handle(a, "writeRecord")
        let table: Table
        switch a[1] {
        case .object(let o as Table): table = o
        case .vector(let v): table = try Table(names: ["col0"], columns: [v])
        default: throw ScriptError(RuntimeMessages.needsTable("writeRecord", got: a[1].typeString))
        }
        let fields = try BinaryRecords.fields(of: table, "writeRecord")
        let start = a.has(2) ? try a.integer(2, "the offset") : 0
        guard start >= 0, start <= table.rowCount else {
          throw ScriptError(StorageMessages.recordStart(start, table.rowCount))
        }
        let length =
          a.has(3) ? min(try a.count(3, "the number of records"), table.rowCount - start) : table.rowCount - start
        var written = 0
        while written < length {
          let n = min(batch, length - written)
          let bytes = BinaryRecords.encode(table.columns, fields, rows: (start + written)..<(start + written + n))
          guard f.write(bytes) == bytes.count else {
            throw ScriptError(StorageMessages.recordWriteFailed(FileAccess.lastError()))
          }
          written += n
        }
        return .int(Int64(written), .int)
      },
      // loadRecord(filename, schema, [skipBytes=0], [count]): a file of records as a table; the
      // schema is a tuple of (name, type) tuples, text ones with their width: ("code", SYMBOL, 32).
      Builtin("loadRecord", args: 2...4, parameterNames: ["filename", "schema", "skipBytes", "count"]) {
        a throws(ScriptError) in
        try a.machine.require(.login("read files"))
        let given = try a.text(0, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        let fields = try BinaryRecords.fields(schema: a[1])
        let skip = a.has(2) ? try a.integer(2, "the bytes to skip") : 0
        guard skip >= 0 else { throw ScriptError(StorageMessages.recordSkip(skip)) }
        let stride = fields.reduce(0) { $0 + $1.width }
        let result: [Vector]? = try FileAccess.mapped(path) { raw throws(ScriptError) -> [Vector] in
          let available = max(0, raw.count - skip) / stride
          let count = a.has(3) ? min(try a.count(3, "the number of records"), available) : available
          try a.machine.checkAllocation(count, elementBytes: stride, "loadRecord")
          return BinaryRecords.decode(raw, from: min(skip, raw.count), count: count, fields)
        }
        guard let result else { throw ScriptError(RuntimeMessages.cannotRead(path, FileAccess.lastError())) }
        return .object(try Table(names: fields.map(\.name), columns: result))
      },
    ]
  }
}
