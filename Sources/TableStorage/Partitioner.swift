import ScriptRuntime

/// Places rows in partitions and decides which partitions a query may skip.
enum Partitioner {
  /// A partition key for one level: a VALUE, the index of a RANGE or LIST, a HASH bucket.
  typealias Key = StoredScalar

  /// Scheme element types a partition may be keyed on.
  static let allowedTypes: Set<DataType> = [
    .char, .short, .int, .long, .date, .month, .time, .minute, .second, .datetime, .datehour, .symbol, .string,
    .uuid, .ipaddr, .int128,
  ]

  /// Converts a column to a level's key type (a DATETIME column on a DATE scheme gives dates).
  static func keyColumn(_ column: Vector, _ level: PartitionSpec) throws(ScriptError) -> Vector {
    let type = level.keyType
    if column.type == type { return column }
    // A STRING column on a SYMBOL scheme (or the other way): keys typed as the scheme's, so a
    // VALUE level finds its declared values.
    if column.type.isText && type.isText {
      return level.kind == .value ? Vector(strings: column.strings, type: type) : column
    }
    if column.type.isTemporal && type.isTemporal {
      // DATETIME on a DATE scheme, the commonest: one typed loop.
      if let coarse = Temporal.coarsen(column, to: type) { return coarse }
      return Vector(
        type: type, ints: column.int64s.map { Temporal.convert($0, from: column.type, to: type) ?? Int64.min })
    }
    do { return try Cast.vector(column, to: type) } catch {
      throw ScriptError(StorageMessages.partitionTypeMismatch(column.type.name, level.summary))
    }
  }

  /// The key of every row at one level; nil for a row no partition takes.
  static func keys(_ column: Vector, _ level: PartitionSpec) throws(ScriptError) -> [Key?] {
    let values = try keyColumn(column, level)
    switch level.kind {
    case .value:
      return (0..<values.count).map { values.isNull($0) ? nil : Key(values[$0]) }
    case .range:
      let bounds = level.scheme?.vector ?? Vector.empty(.int)
      return (0..<values.count).map { i -> Key? in
        let v = values[i]
        if v.isNull { return nil }
        // Boundaries are sorted: find b[k] <= v < b[k+1].
        var lo = 0
        var hi = bounds.count - 1
        guard hi >= 1, Comparison.order(v, bounds[0]) >= 0, Comparison.order(v, bounds[hi]) < 0 else { return nil }
        while hi - lo > 1 {
          let mid = (lo + hi) / 2
          if Comparison.order(v, bounds[mid]) >= 0 { lo = mid } else { hi = mid }
        }
        return Key(.int(Int64(lo), .int))
      }
    case .hash:
      let n = Int64(max(1, level.buckets ?? 1))
      let version = level.hashVersion ?? 1
      return (0..<values.count).map { i -> Key? in
        let v = values[i]
        if v.isNull { return nil }
        return Key(.int(bucket(v, buckets: n, version: version), .int))
      }
    case .list:
      var index: [ScalarKey: Int] = [:]
      for (k, list) in (level.lists ?? []).enumerated() {
        for x in list.vector.values { if let sk = ScalarKey(x) { index[sk] = k } }
      }
      return (0..<values.count).map { i -> Key? in
        guard let sk = ScalarKey(values[i]), let k = index[sk] else { return nil }
        return Key(.int(Int64(k), .int))
      }
    case .compo:
      return []
    }
  }

  /// The hash function new HASH databases record (`hashVersion` in their metadata).
  static let currentHashVersion = 3

  /// The bucket of a key among `n`. Version 3, DolphinDB's `hashBucket`: an integer (or
  /// temporal) key's value modulo `n` (never negative), a string's 32-bit MurmurHash2 (seed 0)
  /// modulo `n`, which gives the buckets DolphinDB's manual shows for `AAPL`TSLA`GS....
  /// Version 2 hashed strings with 64-bit FNV-1a; version 1 multiplied integers by a constant
  /// already shifted (Swift shifts before it multiplies), so with 4 buckets every integer went
  /// to bucket 0. Both stay, so that databases written with them read back right.
  static func bucket(_ v: Value, buckets n: Int64, version: Int) -> Int64 {
    switch v {
    case .int(let i, _):
      if version == 1 { return Int64(bitPattern: (UInt64(bitPattern: i) &* (0x9E37_79B9_7F4A_7C15 >> 7)) % UInt64(n)) }
      let r = i % n
      return r < 0 ? r + n : r
    case .string(let s, _):
      if version >= 3 { return Int64(murmur2(s.utf8) % UInt32(truncatingIfNeeded: n)) }
      var h: UInt64 = 0xCBF2_9CE4_8422_2325
      for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
      return Int64(bitPattern: h % UInt64(n))
    default: return 0
    }
  }

  /// Austin Appleby's 32-bit MurmurHash2 with seed 0 over the bytes, little-endian words.
  static func murmur2(_ bytes: String.UTF8View) -> UInt32 {
    let m: UInt32 = 0x5bd1_e995
    let data = Array(bytes)
    var h = UInt32(truncatingIfNeeded: data.count)
    var i = 0
    while i + 4 <= data.count {
      var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
      k = k &* m
      k ^= k >> 24
      k = k &* m
      h = (h &* m) ^ k
      i += 4
    }
    let tail = data.count - i
    if tail == 3 { h ^= UInt32(data[i + 2]) << 16 }
    if tail >= 2 { h ^= UInt32(data[i + 1]) << 8 }
    if tail >= 1 {
      h ^= UInt32(data[i])
      h = h &* m
    }
    h ^= h >> 13
    h = h &* m
    h ^= h >> 15
    return h
  }

  /// Whether a VALUE key is part of the declared scheme.
  static func isDeclared(_ key: Key, _ level: PartitionSpec) -> Bool {
    guard level.kind == .value, let scheme = level.scheme else { return true }
    return scheme.values.contains(key)
  }

  /// A folder name for a key: readable, and safe for any file system.
  static func directoryName(_ key: Key, _ level: PartitionSpec) -> String {
    let text: String
    switch level.kind {
    case .value: text = ValueFormatter.plain(key.value)
    case .range:
      let b = level.scheme?.vector ?? Vector.empty(.int)
      let k = Int(key.int ?? 0)
      text = k + 1 < b.count ? ValueFormatter.plain(b[k]) + "_" + ValueFormatter.plain(b[k + 1]) : "range\(k)"
    case .hash: text = "key\(key.int ?? 0)"
    case .list: text = "list\(key.int ?? 0)"
    case .compo: text = "compo"
    }
    var out = ""
    for c in text.unicodeScalars {
      if (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "-" || c == "_"
      {
        out.unicodeScalars.append(c)
      } else {
        out += "%" + String(c.value, radix: 16, uppercase: true)
      }
    }
    return out.isEmpty ? "%empty" : out
  }

  /// One level's key of every row, as codes into the distinct keys in the order they first
  /// come (-1: no partition takes the row).
  struct LevelKeys {
    var codes: [Int32]
    var distinct: [Key]

    /// Interns per-row keys.
    init(_ keys: [Key?]) {
      var index: [Key: Int32] = [:]
      var distinct: [Key] = []
      var codes = [Int32](repeating: -1, count: keys.count)
      var last: (Key, Int32)?
      for (i, key) in keys.enumerated() {
        guard let key else { continue }
        if let (k, c) = last, k == key {
          codes[i] = c
          continue
        }
        let c: Int32
        if let found = index[key] {
          c = found
        } else {
          c = Int32(distinct.count)
          index[key] = c
          distinct.append(key)
        }
        codes[i] = c
        last = (key, c)
      }
      self.codes = codes
      self.distinct = distinct
    }

    /// A HASH level on a SYMBOL column: one bucket per dictionary entry, not one hash per row.
    init(hashing symbols: SymbolColumn, _ level: PartitionSpec) {
      let n = Int64(max(1, level.buckets ?? 1))
      let version = level.hashVersion ?? 1
      let entries = symbols.dictionary.symbols
      // The bucket of each dictionary entry, worked out the first time a row uses it.
      var bucketOf = [Int64](repeating: -2, count: entries.count)
      var codeOfBucket: [Int64: Int32] = [:]
      var distinct: [Key] = []
      var codes = [Int32](repeating: -1, count: symbols.codes.count)
      for (i, code) in symbols.codes.enumerated() {
        let e = Int(code)
        guard e >= 0, e < entries.count else { continue }
        if bucketOf[e] == -2 {
          bucketOf[e] = entries[e].isEmpty ? -1 : bucket(.string(entries[e], .symbol), buckets: n, version: version)
        }
        let b = bucketOf[e]
        if b < 0 { continue }  // a null symbol: no partition takes it
        if let c = codeOfBucket[b] {
          codes[i] = c
        } else {
          let c = Int32(distinct.count)
          codeOfBucket[b] = c
          distinct.append(Key(.int(b, .int)))
          codes[i] = c
        }
      }
      self.codes = codes
      self.distinct = distinct
    }

    /// A VALUE level on an integral or temporal column, straight from the column's numbers:
    /// a key is made once per distinct value, not once per row.
    init<I: FixedWidthInteger>(values ints: [I], type: DataType) {
      var index: [I: Int32] = [:]
      var distinct: [Key] = []
      var codes = [Int32](repeating: -1, count: ints.count)
      var lastValue = I.min
      var lastCode: Int32 = -1
      codes.withUnsafeMutableBufferPointer { out in
        ints.withUnsafeBufferPointer { x in
          for i in 0..<x.count {
            let v = x[i]
            if v == I.min { continue }  // null
            if v == lastValue {
              out[i] = lastCode
              continue
            }
            let c: Int32
            if let found = index[v] {
              c = found
            } else {
              c = Int32(distinct.count)
              index[v] = c
              distinct.append(Key(.int(Int64(v), type)))
            }
            out[i] = c
            lastValue = v
            lastCode = c
          }
        }
      }
      self.codes = codes
      self.distinct = distinct
    }
  }

  /// One level's keys of every row, by codes (see `LevelKeys`).
  static func levelKeys(_ column: Vector, _ level: PartitionSpec) throws(ScriptError) -> LevelKeys {
    if level.kind == .value {
      let values = try keyColumn(column, level)
      switch values.storage {
      case .i32(let a): return LevelKeys(values: a, type: values.type)
      case .i64(let a): return LevelKeys(values: a, type: values.type)
      default: break
      }
    }
    if level.kind == .hash, case .sym(let symbols) = column.storage, column.type == .symbol {
      return LevelKeys(hashing: symbols, level)
    }
    return LevelKeys(try keys(column, level))
  }

  /// An append's columns converted to the table's types, and each partition level's key of
  /// every row; `rows` is 0 for an empty append.
  static func prepare(
    _ given: [Vector], schema: TableSchema, partition: PartitionSpec, table: String, source: String
  ) throws(ScriptError) -> (columns: [Vector], rowKeys: [LevelKeys], levels: [PartitionSpec], rows: Int) {
    let types = schema.dataTypes
    guard given.count == types.count else {
      throw ScriptError(
        StorageMessages.appendColumnCountMismatch(given.count, source: source, table: table, columns: types.count))
    }
    var columns: [Vector] = []
    for (k, c) in given.enumerated() {
      do { columns.append(try schema.converted(c, k)) } catch {
        throw ScriptError(StorageMessages.cannotAppendToColumn(schema.names[k], table: table, error.message))
      }
    }
    let n = columns.first?.count ?? 0
    if let bad = columns.first(where: { $0.count != n }) {
      throw ScriptError(RuntimeMessages.appendedLengthsDiffer(n, bad.count))
    }
    let levels = schema.partitionColumns.isEmpty ? [] : partition.flattened
    if n == 0 { return (columns, [], levels, 0) }
    var rowKeys: [LevelKeys] = []
    for (col, level) in zip(schema.partitionColumns, levels) {
      guard let k = schema.names.firstIndex(of: col) else {
        throw ScriptError(StorageMessages.partitionColumnMissing(col))
      }
      rowKeys.append(try levelKeys(columns[k], level))
    }
    return (columns, rowKeys, levels, n)
  }

  // MARK: Pruning

  /// Whether a partition with `keys` (one per level) may hold rows matching every predicate.
  static func partitionMayMatch(
    _ keys: [Key], schema: TableSchema, partition: PartitionSpec, _ predicates: [ColumnPredicate]
  ) -> Bool {
    let levels = schema.partitionColumns.isEmpty ? [] : partition.flattened
    let types = schema.dataTypes
    for pred in predicates {
      guard let l = schema.partitionColumns.firstIndex(where: { $0.lowercased() == pred.column.lowercased() }),
        l < keys.count, l < levels.count,
        let col = schema.names.firstIndex(where: { $0.lowercased() == pred.column.lowercased() })
      else { continue }
      if !mayMatch(keys[l], levels[l], columnType: types[col], pred) { return false }
    }
    return true
  }

  /// Whether a partition may hold rows matching a predicate on its partition column.
  static func mayMatch(_ key: Key, _ level: PartitionSpec, columnType: DataType, _ p: ColumnPredicate) -> Bool {
    if p.kind == .hashBucket {
      // The bucket is the partition's key when the level hashes the column's own values (no
      // conversion) as `hashBucket` does, into as many buckets.
      let hashType = level.hashType.flatMap { DataType(rawValue: $0) }
      guard level.kind == .hash, (level.hashVersion ?? 1) == currentHashVersion, p.values.count == 2,
        hashType == columnType || (hashType?.isText == true && columnType.isText),
        let n = p.values[0].intValue, n == Int64(level.buckets ?? 0), let k = p.values[1].intValue
      else { return true }
      return key.int == k
    }
    switch level.kind {
    case .value:
      guard let (lo, hi) = interval(key.value, columnType: columnType) else {
        return textMayMatch(key.value, p)
      }
      return intervalMayMatch(lo, hi, p, columnType)
    case .range:
      let b = level.scheme?.vector ?? Vector.empty(.int)
      let k = Int(key.int ?? 0)
      guard k + 1 < b.count, let lo = domain(b[k]), let hi = domain(b[k + 1]) else { return true }
      return intervalMayMatch(lo, hi, p, columnType)
    case .hash, .list:
      guard p.kind == .equal || p.kind == .oneOf else { return true }
      for v in p.values {
        guard let converted = try? keyColumn(Structural.asVector(v) ?? Vector.empty(.int), level),
          let k = try? keys(converted, level).first ?? nil
        else { return true }
        if k == key { return true }
      }
      return false
    case .compo:
      return true
    }
  }

  /// A comparable number for a scalar: nanoseconds for temporals, the value for numbers.
  static func domain(_ v: Value) -> Double? {
    switch v {
    case .int(let raw, let t) where t.isTemporal:
      return raw == Int64.min ? nil : Double(Temporal.nanos(raw, t))
    default: return v.doubleValue
    }
  }

  /// The half-open interval of column values a VALUE key covers, in the comparable domain.
  static func interval(_ key: Value, columnType: DataType) -> (Double, Double)? {
    guard case .int(let raw, let t) = key else { return key.doubleValue.map { ($0, $0.nextUp) } }
    if t.isTemporal {
      let lo = Temporal.nanos(raw, t)
      // A DATE key holds a day of DATETIME rows (MONTH: a month); nanos() knows each unit.
      let hi = Temporal.nanos(raw + 1, t)
      return (Double(lo), Double(max(hi, lo + 1)))
    }
    return (Double(raw), Double(raw) + 1)
  }

  static func intervalMayMatch(_ lo: Double, _ hi: Double, _ p: ColumnPredicate, _ columnType: DataType) -> Bool {
    let vs = p.values.compactMap(domain)
    guard vs.count == p.values.count, let v = vs.first else { return true }
    switch p.kind {
    case .equal: return v >= lo && v < hi
    case .oneOf: return vs.contains { $0 >= lo && $0 < hi }
    case .less: return lo < v
    case .lessOrEqual: return lo <= v
    // An integer key [k, k+1) holds only k, so `> k` cannot match it.
    case .greater: return hi > v && !(hi == lo + 1 && lo <= v)
    case .greaterOrEqual: return hi > v
    case .between: return vs.count == 2 && lo <= vs[1] && hi > vs[0]
    case .hashBucket: return true
    }
  }

  static func textMayMatch(_ key: Value, _ p: ColumnPredicate) -> Bool {
    guard case .string(let k, _) = key else { return true }
    let texts = p.values.compactMap(\.stringValue)
    guard texts.count == p.values.count else { return true }
    switch p.kind {
    case .equal: return texts.first == k
    case .oneOf: return texts.contains(k)
    default: return true
    }
  }
}
