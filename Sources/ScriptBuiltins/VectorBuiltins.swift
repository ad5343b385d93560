import ScriptRuntime

/// Building, reordering and searching vectors.
enum VectorBuiltins {
  /// The row of each key of a keyed table, -1 for a key it does not hold.
  static func findKeys(_ t: Table, _ y: Value) throws(ScriptError) -> Value {
    let keyColumns = t.keyNames.compactMap { t.column($0) }
    var parts: [Value]
    if case .tuple(let items) = y { parts = items } else { parts = [y] }
    guard parts.count == keyColumns.count else {
      throw ScriptError(RuntimeMessages.findKeys(parts.count, keyColumns.count))
    }
    let probes = try KeyedRows.probes(y, columns: keyColumns)
    var rowOf: [[ScalarKey]: Int] = [:]
    for r in 0..<t.rowCount {
      let key = keyColumns.map { ScalarKey($0[r]) ?? .null }
      if rowOf[key] == nil { rowOf[key] = r }
    }
    let rows = probes.map { Int64(rowOf[$0] ?? -1) }
    // One key (scalars) gives one position.
    if parts.allSatisfy(\.isScalar), let row = rows.first { return .int(row, .int) }
    return .vector(Vector(type: .int, ints: rows))
  }

  static let all: [Builtin] = [
    Builtin("size", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]) { return .int(Int64(m.rowCount * m.columnCount), .int) }
      return .int(Int64(a[0].count), .int)
    },
    Builtin("rows", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in .int(Int64(a[0].count), .int) },
    Builtin("til", args: 1...1, parameterNames: ["n"]) { a throws(ScriptError) in
      let n = try a.integer(0, "the argument of 'til'")
      guard n > 0 else { return .vector(Vector.empty(.int)) }
      try a.machine.checkAllocation(n, elementBytes: 4, "the argument of 'til'")
      return try Structural.seq(.int(0), .int(Int64(n - 1), .int))
    },
    Builtin("seq", args: 2...2, parameterNames: ["start", "end"]) { a throws(ScriptError) in
      try Structural.seq(a[0], a[1], memory: a.machine)
    },
    Builtin("take", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      // An untyped NULL has no column type to repeat (DolphinDB: "Not allowed to create void vector").
      if case .void = a[0] { throw ScriptError(RuntimeMessages.voidVector("take")) }
      return try take(a[0], a[1], a.machine)
    },
    // A copy here: DolphinDB's is a read-only view, which no script can tell apart.
    Builtin("subarray", args: 2...2, parameterNames: ["X", "range"]) { a throws(ScriptError) in
      guard case .pair = a[1] else {
        throw ScriptError(RuntimeMessages.needsPairRange("subarray", got: a[1].typeString))
      }
      return try Indexing.get(a[0], a[1])
    },
    // cut(X, size): pieces of `size` elements (columns of a matrix, rows of a table);
    // cut(X, starts): pieces from each start position. A scalar cut by 1 is a one-element tuple.
    Builtin("cut", args: 2...2, parameterNames: ["X", "size"]) { a throws(ScriptError) in
      if a[0].isScalar {
        guard a[1].isScalar, a[1].intValue == 1 else {
          throw ScriptError(RuntimeMessages.cutNeedsSizeOrPositions(a[1].typeString))
        }
        return .tuple([a[0]])
      }
      var count = a[0].count
      if case .object(let o) = a[0], let m = o as? Matrix { count = m.columnCount }
      var starts: [Int] = []
      if let size = a[1].intValue, a[1].isScalar {
        guard size > 0 else { throw ScriptError(RuntimeMessages.cutNeedsSizeOrPositions(a[1].typeString)) }
        starts = Array(stride(from: 0, to: count, by: Int(clamping: size)))
      } else if case .vector(let v) = a[1], v.type.isIntegral {
        starts = v.int64s.map { Int(clamping: $0) }
        guard starts.allSatisfy({ $0 >= 0 && $0 <= count }), zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw ScriptError(RuntimeMessages.cutNeedsSizeOrPositions(a[1].typeString)) }
      } else {
        throw ScriptError(RuntimeMessages.cutNeedsSizeOrPositions(a[1].typeString))
      }
      let ends = Array(starts.dropFirst()) + [count]
      var pieces: [Value] = []
      for (s, e) in zip(starts, ends) {
        switch a[0] {
        case .vector(let v): pieces.append(.vector(v.gather(Array(s..<e))))
        case .tuple(let items): pieces.append(.tuple(Array(items[s..<e])))
        case .object(let o) where o is Matrix || o is Table:
          pieces.append(try Indexing.get(a[0], .pair(Vector(type: .int, ints: [Int64(s), Int64(e)]))))
        default: throw ScriptError(RuntimeMessages.cannotTake("cut", a[0].typeString))
        }
      }
      return .tuple(pieces)
    },
    // The position of each element (0, 1, ...): in a `context by`, within its group.
    Builtin("rowNo", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      .vector(Vector(type: .long, ints: (0..<Int64(a[0].count)).map { $0 }))
    },
    Builtin("reverse", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v): return .vector(v.gather(Array((0..<v.count).reversed())))
      case .tuple(let t): return .tuple(t.reversed())
      default: return a[0]
      }
    },
    Builtin("sort", args: 1...2, parameterNames: ["X", "ascending"]) { a throws(ScriptError) in
      let ascending = a.count > 1 ? a[1].isTruthy : true
      return try sorted(a[0], ascending: ascending)
    },
    Builtin("sort!", args: 1...2, parameterNames: ["X", "ascending"], mutatesFirst: true) { a throws(ScriptError) in
      let ascending = a.count > 1 ? a[1].isTruthy : true
      a[0] = try sorted(a[0], ascending: ascending)
      return a[0]
    },
    // distinct(X): each value once, in order of first appearance; an array vector's elements
    // all count (the result is a plain vector).
    Builtin("distinct", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      var v = try column(a[0], "distinct")
      if case .nested(let rows) = v.storage { v = rows.values }
      if let first = DistinctValues.firstPositions(v) { return .vector(v.gather(first)) }
      var seen = Set<ScalarKey>()
      var keep: [Int] = []
      for i in 0..<v.count {
        if let k = ScalarKey(v[i]), seen.insert(k).inserted { keep.append(i) }
      }
      return .vector(v.gather(keep))
    },
    Builtin("in", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      var y = a[1]
      if case .object(let t as Table) = y {
        // A keyed or indexed table: whether each key (a tuple of vectors for several key
        // columns) is one of its keys; a table of one column: whether each is one of its values.
        if !t.keyNames.isEmpty {
          switch try findKeys(t, a[0]) {
          case .int(let row, _): return .bool(row >= 0)
          case .vector(let rows): return .vector(Vector(type: .bool, ints: rows.int64s.map { $0 >= 0 ? 1 : 0 }))
          default: break
          }
        }
        guard t.columns.count == 1 else { throw ScriptError(RuntimeMessages.inTableColumns(t.columns.count)) }
        y = .vector(t.columns[0])
      }
      let haystack = try members(y)
      var x = a[0]
      switch y {
      case .vector, .int, .double:
        // Numbers of the other kind are converted to Y's type first, as DolphinDB does:
        // 2.6 is in 3 (int(2.6) is 3), 1 is in 1.0 2.0.
        let (xt, yt) = (x.type, y.type)
        if (xt.isFloating && yt.isIntegral && yt != .bool) || (xt.isIntegral && xt != .bool && yt.isFloating) {
          x = try Cast.value(x, to: yt)
        }
      default: break
      }
      if case .vector(let v) = x, let r = v.testingSymbols({ haystack.contains(.string($0)) }) { return .vector(r) }
      if case .vector(let v) = x, case .vector(let w) = y, let found = DistinctValues.firstMatches(in: w, of: v) {
        return .vector(Vector(type: .bool, ints: found.map { $0 >= 0 ? 1 : 0 }))
      }
      // An empty vector gives an empty BOOL vector (a `where` over an empty table needs one).
      return try mapElements(x, emptyType: .bool) { v throws(ScriptError) in
        .bool(ScalarKey(v).map { haystack.contains($0) } ?? false)
      }
    },
    // find(X, Y): where each element of Y first is in X (-1 if nowhere). X may be a dictionary
    // (Y's values there, null for a missing key), a keyed or indexed table (the rows of the
    // keys Y gives: a tuple of vectors for several key columns) or a table of one column.
    Builtin("find", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      if case .dictionary = a[0] { return try Indexing.get(a[0], a[1]) }
      var x = a[0]
      if case .object(let t as Table) = a[0] {
        if !t.keyNames.isEmpty { return try findKeys(t, a[1]) }
        guard t.columns.count == 1 else { throw ScriptError(RuntimeMessages.findTable(t.columns.count)) }
        x = .vector(t.columns[0])
      }
      let v = try column(x, "find")
      if case .vector(let y) = a[1], let found = DistinctValues.firstMatches(in: v, of: y) {
        return .vector(Vector(type: .int, ints: found.map(Int64.init)))
      }
      var first: [ScalarKey: Int] = [:]
      for i in 0..<v.count {
        if let k = ScalarKey(v[i]), first[k] == nil { first[k] = i }
      }
      return try mapElements(a[1]) { x throws(ScriptError) in
        .int(Int64(ScalarKey(x).flatMap { first[$0] } ?? -1), .int)
      }
    },
    Builtin("between", args: 2...3) { a throws(ScriptError) in
      let lower: Value
      let upper: Value
      if a.count == 3 {
        lower = a[1]
        upper = a[2]
      } else {
        guard case .pair(let p) = a[1] else {
          throw ScriptError(RuntimeMessages.betweenNeedsRange(a[1].typeString))
        }
        lower = p[0]
        upper = p[1]
      }
      return try Logic.and(try Comparison.apply(.ge, a[0], lower), try Comparison.apply(.le, a[0], upper))
    },
    Builtin("at", args: 1...2, parameterNames: ["X", "index"]) { a throws(ScriptError) in
      if a.count == 1 {
        // at(mask): the positions where a BOOL vector is true.
        guard case .vector(let mask) = a[0], mask.type == .bool else {
          throw ScriptError(RuntimeMessages.needsBoolVector("at", got: a[0].typeString))
        }
        let hits = (0..<mask.count).filter { mask[$0].isTruthy }.map(Int64.init)
        return .vector(Vector(type: .int, ints: hits))
      }
      if case .function(let f) = a[0] { return try a.machine.call(f, [a[1]]) }
      return try Indexing.get(a[0], a[1])
    },
    Builtin("iif", args: 3...3, parameterNames: ["cond", "trueResult", "falseResult"]) { a throws(ScriptError) in
      try AggregateBuiltins.iif(a[0], a[1], a[2])
    },
    Builtin("isNull", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v), .pair(let v): return .vector(Vector(bools: (0..<v.count).map { v.isNull($0) }))
      case .tuple(let t): return .vector(Vector(bools: t.map(\.isNull)))
      default: return .bool(a[0].isNull)
      }
    },
    Builtin("isValid", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v), .pair(let v): return .vector(Vector(bools: (0..<v.count).map { !v.isNull($0) }))
      case .tuple(let t): return .vector(Vector(bools: t.map { !$0.isNull }))
      default: return .bool(!a[0].isNull)
      }
    },
    // nullFill(X, Y): X's nulls replaced by Y, a scalar, or Y's element at the same position.
    Builtin("nullFill", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let filler = a[1]
      switch a[0] {
      case .vector(var v):
        if case .vector(let fills) = filler {
          guard fills.count == v.count else {
            throw ScriptError(RuntimeMessages.incompatibleSizes("nullFill", v.count, fills.count))
          }
          for i in 0..<v.count where v.isNull(i) { try v.set(i, fills[i]) }
          return .vector(v)
        }
        for i in 0..<v.count where v.isNull(i) { try v.set(i, filler) }
        return .vector(v)
      default:
        return a[0].isNull ? try Cast.scalar(filler, to: a[0].type == .void ? filler.type : a[0].type) : a[0]
      }
    },
    // eqObj(a, b, [precision]): with a precision, numbers closer than 10^-precision are equal.
    Builtin("eqObj", args: 2...3, parameterNames: ["obj1", "obj2", "precision"]) { a throws(ScriptError) in
      guard a.has(2) else { return .bool(Comparison.eqObj(a[0], a[1])) }
      let digits = try a.integer(2, "the precision of 'eqObj'")
      guard (0...15).contains(digits) else { throw ScriptError(RuntimeMessages.eqObjPrecision(digits)) }
      return .bool(Comparison.eqObj(a[0], a[1], tolerance: Math.pow(10, -Double(digits))))
    },
    Builtin("join", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in try Structural.join(a[0], a[1])
    },
    Builtin("join!", args: 2...2, mutatesFirst: true) { a throws(ScriptError) in
      if case .object(let o) = a[0], let t = o as? Table {
        try t.join(try TableBuiltins.table(a[1], "the second argument of 'join!'"))
        return a[0]
      }
      a[0] = try Structural.join(a[0], a[1])
      return a[0]
    },
    Builtin("tableInsert", args: 2...Int.max, parameterNames: ["table"]) { a throws(ScriptError) in
      var values = Array(a.values.dropFirst())
      if case .object(let t as Table) = a[0], values.count > 1 {
        values = ArrayVectorBuiltins.oneRowCells(values, into: t)
      }
      var data: Value = a.count == 2 ? a[1] : .tuple(values)
      // A dictionary becomes the table's columns once, for the append and the count.
      if case .dictionary(let d) = data, case .object(let t as AppendableTable) = a[0] {
        data = try TableBuiltins.columns(of: d, for: t)
      }
      var target = a[0]
      try append(&target, data, a.machine)
      let rows = TableBuiltins.columnsOf(data)?.first?.count ?? 0
      return .int(Int64(rows), .int)
    },
    Builtin(
      "append!", args: 2...2, mutatesFirst: true, inPlace: { v, d, m throws(ScriptError) in try append(&v, d, m) }
    ) {
      a throws(ScriptError) in
      try append(&a.values[0], a[1], a.machine)
      return a[0]
    },
    Builtin("keys", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // A set's keys are its elements; a table's, its column names.
      if case .set(let s) = a[0] { return HigherOrder.collect(s.elements).orEmpty(s.keyType) }
      if case .object(let t as Table) = a[0] { return .vector(Vector(strings: t.names)) }
      guard case .dictionary(let d) = a[0] else {
        throw ScriptError(RuntimeMessages.needsDictionary("keys", got: a[0].typeString))
      }
      return HigherOrder.collect(d.keys).orEmpty(d.keyType)
    },
    Builtin("values", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // A table's values are its columns, as a tuple.
      if case .object(let o) = a[0], let t = o as? Table { return .tuple(t.columns.map { .vector($0) }) }
      guard case .dictionary(let d) = a[0] else {
        throw ScriptError(RuntimeMessages.needsDictionary("values", got: a[0].typeString))
      }
      return HigherOrder.collect(d.values).orEmpty(d.valueType)
    },
    Builtin("dict", args: 2...3, parameterNames: ["keyObj", "valueObj", "ordered"]) { a throws(ScriptError) in
      // `ordered` is recorded for isOrderedDict: entries keep insertion order either way.
      let ordered = a.has(2) && a[2].isTruthy
      func made(_ d: DictionaryValue) -> Value {
        var d = d
        d.isOrdered = ordered
        return .dictionary(d)
      }
      if case .int(let kt, _) = a[0], case .int(let vt, _) = a[1], a[0].isScalar, a[1].isScalar,
        let keyType = DataType(rawValue: UInt8(truncatingIfNeeded: kt)),
        let valueType = DataType(rawValue: UInt8(truncatingIfNeeded: vt))
      {
        return made(DictionaryValue(keyType: keyType, valueType: valueType))
      }
      // `dict(string, string)`: the types named by their conversion functions.
      if case .function = a[0], case .function = a[1], let keyType = MatrixBuiltins.cellType(a[0]),
        let valueType = MatrixBuiltins.cellType(a[1])
      {
        return made(DictionaryValue(keyType: keyType, valueType: valueType))
      }
      guard let keys = HigherOrder.elements(a[0]), let values = HigherOrder.elements(a[1]) else {
        throw ScriptError(RuntimeMessages.dictNeedsVectorsOrTypes())
      }
      guard keys.count == values.count else {
        throw ScriptError(RuntimeMessages.dictLengthsDiffer(keys.count, values.count))
      }
      var d = DictionaryValue(keyType: a[0].type, valueType: a[1].type)
      for (k, v) in zip(keys, values) { try d.set(k, v) }
      return made(d)
    },
    Builtin("set", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      var s = SetValue(keyType: a[0].type)
      for v in HigherOrder.elements(a[0]) ?? [a[0]] { s.insert(v) }
      return .set(s)
    },
    // array(dataType, [initialSize], [capacity], [defaultValue]); a vector as dataType gives its type.
    Builtin(
      "array", args: 1...4, parameterNames: ["dataType", "initialSize", "capacity", "defaultValue"]
    ) { a throws(ScriptError) in
      if case .int(let code, _) = a[0], let element = DataType.arrayElement(ofCode: code) {
        return try ArrayVectorBuiltins.emptyRows(element, a)
      }
      let type: DataType
      if case .vector(let template) = a[0], !template.isArrayVector {
        type = template.type
      } else if case .int(let code, _) = a[0], let t = DataType(rawValue: UInt8(truncatingIfNeeded: code)) {
        type = t
      } else {
        throw ScriptError(RuntimeMessages.arrayNeedsType())
      }
      // array(v): a vector of v's type and length.
      var templateCount = 0
      if case .vector(let template) = a[0], !a.has(1) { templateCount = template.count }
      let n =
        a.has(1)
        ? try a.count(1, "the size of 'array'", elementBytes: type == .any || type.isText ? 32 : 8) : templateCount
      if a.has(2), let capacity = a[2].intValue {
        try a.machine.checkAllocation(Int(capacity), elementBytes: 8, "the capacity of 'array'")
      }
      if type == .any { return .tuple(Array(repeating: .void, count: n)) }
      var v = Vector.nulls(type, count: n)
      if a.has(3) {
        v = try Vector.filled(type, with: a[3], count: n)
      } else if a.count > 3 {
        // `array(INT, 10, 100, NULL)`: a default written as NULL is nulls, not zeros.
      } else if type.isNumeric {
        v = try Vector.filled(type, with: .int(0, .int), count: n)
      }
      return .vector(v)
    },
    Builtin("rand", args: 1...2, parameterNames: ["X", "count"]) { a throws(ScriptError) in
      try rand(a[0], a.count > 1 ? a[1] : nil, a.machine)
    },
    // norm(mean, std, count): normally distributed DOUBLEs (Box-Muller). Older scripts write
    // `norm(mean:std, count)`, as DolphinDB's English programming guide does.
    Builtin("norm", args: 2...3, parameterNames: ["mean", "stdev|std", "count"]) { a throws(ScriptError) in
      var (meanValue, sdValue, countAt) = (a[0], a.count > 1 ? a[1] : .void, 2)
      if a.count == 2 {
        guard case .pair(let p) = a[0], p.count == 2 else {
          throw ScriptError(RuntimeMessages.normNeedsPair(a[0].typeString))
        }
        (meanValue, sdValue, countAt) = (p[0], p[1], 1)
      }
      guard let mean = meanValue.doubleValue, let sd = sdValue.doubleValue else {
        throw ScriptError(RuntimeMessages.cannotTake("norm", meanValue.typeString))
      }
      let n = try a.integer(countAt, "the count of 'norm'")
      guard n >= 0 else { throw ScriptError(RuntimeMessages.randCountInvalid()) }
      try a.machine.checkAllocation(n, elementBytes: 8, "the count of 'norm'")
      var out = [Double](repeating: 0, count: n)
      for i in 0..<n {
        let u = max(a.machine.random.nextUnit(), .leastNonzeroMagnitude)
        let v = a.machine.random.nextUnit()
        out[i] = mean + sd * (-2 * Math.log(u)).squareRoot() * Math.cos(2 * .pi * v)
      }
      return .vector(Vector(doubles: out))
    },
    // shuffle(X): the elements in a random order.
    Builtin("shuffle", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try column(a[0], "shuffle")
      var order = Array(0..<v.count)
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, Int(a.machine.random.nextInt(below: Int64(i + 1))))
      }
      return .vector(v.gather(order))
    },
    // stretch(X, n): X spread evenly over n elements, each repeated in turn.
    Builtin("stretch", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let v = try column(a[0], "stretch")
      let n = try a.integer(1, "the length of 'stretch'")
      guard n >= 0, v.count > 0 || n == 0 else { throw ScriptError(RuntimeMessages.randCountInvalid()) }
      try a.machine.checkAllocation(n, elementBytes: 8, "the length of 'stretch'")
      return .vector(v.gather((0..<n).map { $0 * v.count / max(n, 1) }))
    },
    // asof(X, Y): in X sorted ascending, the position of the last element not above Y (-1 if none).
    Builtin("asof", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let x = try column(a[0], "asof")
      func find(_ y: Value) -> Int64 {
        var low = 0
        var high = x.count
        while low < high {
          let mid = (low + high) / 2
          if Comparison.order(x[mid], y) <= 0 { low = mid + 1 } else { high = mid }
        }
        return Int64(low - 1)
      }
      if a[1].isScalar { return .int(find(a[1]), .int) }
      let ys = try column(a[1], "asof")
      return .vector(Vector(type: .int, ints: (0..<ys.count).map { find(ys[$0]) }))
    },
    Builtin("setRandomSeed", args: 1...1, parameterNames: ["seed"]) { a throws(ScriptError) in
      let seed = try a.integer(0, "the seed")
      a.machine.random = RandomGenerator(seed: UInt64(bitPattern: Int64(seed)))
      return .void
    },
  ]

  static func members(_ v: Value) throws(ScriptError) -> Set<ScalarKey> {
    switch v {
    case .set(let s): return Set(s.elements.compactMap(ScalarKey.init))
    case .dictionary(let d): return Set(d.keys.compactMap(ScalarKey.init))
    default: return Set((HigherOrder.elements(v) ?? [v]).compactMap(ScalarKey.init))
    }
  }

  /// `append!(obj, data)`: validates everything first, so a failure changes nothing.
  static func append(_ target: inout Value, _ data: Value, _ machine: Machine) throws(ScriptError) {
    // Vectors, tuples and sets are moved out of `target` first, so their elements are uniquely
    // held and grow in place (a switch over `target` keeps a second reference alive for its
    // cases, and every append in a loop would copy them all).
    if case .vector = target {
      let moved = target
      target = .void
      guard case .vector(var v) = consume moved else { return }
      defer { target = .vector(v) }
      if v.isArrayVector {
        // Each element of a tuple is a row; a scalar or a plain vector is one row.
        try ArrayVectorBuiltins.appendRows(&v, data)
        return
      }
      switch data {
      case .int, .double, .string:
        // One value (the loop case): converted and added without a vector made for it.
        try v.append(data)
        return
      default: break
      }
      var extra = try column(data, "append!")
      if extra.type != v.type { extra = try Cast.vector(extra, to: v.type) }
      try v.append(contentsOf: extra)
      return
    }
    if case .tuple = target {
      let moved = target
      target = .void
      guard case .tuple(var items) = consume moved else { return }
      items.append(data)
      target = .tuple(items)
      return
    }
    if case .set = target {
      let moved = target
      target = .void
      guard case .set(var s) = consume moved else { return }
      for x in HigherOrder.elements(data) ?? [data] { s.insert(x) }
      target = .set(s)
      return
    }
    switch target {
    case .object(let o):
      guard let t = o as? AppendableTable else {
        throw ScriptError(RuntimeMessages.cannotAppend(to: target.typeString))
      }
      var data = data
      if case .dictionary(let d) = data { data = try TableBuiltins.columns(of: d, for: t) }
      guard let columns = TableBuiltins.columnsOf(data) else {
        throw ScriptError(RuntimeMessages.cannotAppendToTable(data.typeString))
      }
      try machine.requireWrite(t, .insert)
      let rows = columns.first?.count ?? 0
      guard !(t is MachineAppendable), let display = machine.appendProgress, rows > 0,
        let meter = display.begin(
          table: (t as? ProtectedTable).map { "\($0.databasePath)/\($0.tableName)" } ?? "table", rows: rows)
      else {
        try t.append(columns: columns, from: data.typeString.lowercased(), in: machine)
        return
      }
      do {
        try t.append(columns: columns, from: data.typeString.lowercased(), progress: meter)
      } catch {
        display.end(meter, succeeded: false)
        throw error
      }
      display.end(meter, succeeded: true)
    case .void:
      throw ScriptError(RuntimeMessages.cannotAppend(to: "VOID"))
    default:
      throw ScriptError(RuntimeMessages.cannotAppend(to: target.typeString))
    }
  }

  static func sorted(_ v: Value, ascending: Bool) throws(ScriptError) -> Value {
    switch v {
    case .vector(let vec):
      var order = Array(0..<vec.count)
      switch vec.storage {
      case .f64(let a):
        let key = a.map { $0.isNaN ? -Double.infinity : $0 }
        order.sort { ascending ? key[$0] < key[$1] : key[$0] > key[$1] }
      case .str(let a):
        order.sort { ascending ? a[$0] < a[$1] : a[$0] > a[$1] }
      case .u128(let a):
        let t = vec.type
        order.sort { ascending ? Binary128.less(a[$0], a[$1], t) : Binary128.less(a[$1], a[$0], t) }
      case .sym(let a):
        let rank = a.dictionaryRanks
        let key = a.codes.map { rank[Int($0)] }
        order.sort { ascending ? key[$0] < key[$1] : key[$0] > key[$1] }
      default:
        if vec.type.isIntegerBacked {
          let key = vec.int64s
          order.sort { ascending ? key[$0] < key[$1] : key[$0] > key[$1] }
        } else {
          let d = vec.doubles
          order.sort { ascending ? d[$0] < d[$1] : d[$0] > d[$1] }
        }
      }
      return .vector(vec.gather(order))
    case .tuple:
      throw ScriptError(RuntimeMessages.cannotSortTuple())
    default:
      return v
    }
  }

  static func take(_ x: Value, _ n: Value, _ m: Machine) throws(ScriptError) -> Value {
    if case .vector(let counts) = n {
      guard let items = HigherOrder.elements(x), items.count == counts.count else {
        throw ScriptError(RuntimeMessages.takeCountsMismatch())
      }
      var total = 0
      for c in counts.int64s where c > 0 {
        let (t, overflow) = total.addingReportingOverflow(Int(c))
        total = overflow ? Int.max : t
      }
      try m.checkAllocation(total, elementBytes: 8, "the result of 'take'")
      var idx: [Int] = []
      for (i, c) in counts.int64s.enumerated() where c > 0 { idx += Array(repeating: i, count: Int(c)) }
      if case .vector(let v) = x { return .vector(v.gather(idx)) }
      return .tuple(idx.map { items[$0] })
    }
    guard let count = n.intValue, count != Int64.min else {
      throw ScriptError(RuntimeMessages.takeCountNotInteger())
    }
    let total = Int(count.magnitude)
    try m.checkAllocation(total, elementBytes: x.type.isText ? 16 : 8, "the count of 'take'")
    switch x {
    case .vector(let v), .pair(let v):
      guard v.count > 0 else { return .vector(Vector.nulls(v.type, count: total)) }
      let idx: [Int] =
        count >= 0
        ? (0..<total).map { $0 % v.count }
        : (0..<total).map { (v.count - total % v.count + $0) % v.count }
      return .vector(v.gather(idx))
    case .tuple(let items):
      guard !items.isEmpty else { return .tuple([]) }
      return .tuple((0..<total).map { items[$0 % items.count] })
    case .function:
      // `take(add, 2)` is a tuple of functions, as `unifiedExpr` wants its operators.
      return .tuple(Array(repeating: x, count: total))
    default:
      guard x.isScalar else { throw ScriptError(RuntimeMessages.cannotTake("take", x.typeString)) }
      var v = Vector.empty(x.type == .void ? .int : x.type, capacity: total)
      if total > 0 {
        try v.append(x)
        let one = v
        while v.count * 2 <= total { try v.append(contentsOf: v) }
        while v.count < total { try v.append(contentsOf: one) }
      }
      return .vector(v)
    }
  }

  static func rand(_ x: Value, _ count: Value?, _ m: Machine) throws(ScriptError) -> Value {
    let n: Int?
    if let count {
      guard let c = count.intValue, c >= 0 else {
        throw ScriptError(RuntimeMessages.randCountInvalid())
      }
      try m.checkAllocation(Int(c), elementBytes: 8, "the count of 'rand'")
      n = Int(c)
    } else {
      n = nil
    }
    switch x {
    case .int(let bound, let t) where t.isIntegral:
      guard bound > 0, bound != Int64.min else { throw ScriptError(RuntimeMessages.randBoundNotPositive()) }
      let rt: DataType = t == .long ? .long : .int
      guard let n else { return .int(m.random.nextInt(below: bound), rt) }
      // The generator is copied out of the machine for the loop: a class property costs a
      // dynamic exclusivity check on every access.
      var g = m.random
      defer { m.random = g }
      if rt == .int {
        let xs = [Int32](unsafeUninitializedCapacity: n) { buf, k in
          for i in 0..<n { buf[i] = Int32(truncatingIfNeeded: g.nextInt(below: bound)) }
          k = n
        }
        return .vector(Vector(type: .int, storage: .i32(xs)))
      }
      return .vector(Vector(type: rt, ints: (0..<n).map { _ in g.nextInt(below: bound) }))
    case .double(let bound, let t):
      guard bound > 0 else { throw ScriptError(RuntimeMessages.randBoundNotPositive()) }
      guard let n else { return .double(m.random.nextUnit() * bound, t) }
      var g = m.random
      defer { m.random = g }
      let out = [Double](unsafeUninitializedCapacity: n) { buf, k in
        for i in 0..<n { buf[i] = g.nextUnit() * bound }
        k = n
      }
      return .vector(Vector(doubles: out))
    case .string(_, let t) where t.is128:
      // rand(uuid(), n): fresh values; UUIDs are version 4, addresses IPv4.
      var g = m.random
      defer { m.random = g }
      func draw() -> UInt128 {
        while true {
          var x = UInt128(g.next()) << 64 | UInt128(g.next())
          if t == .uuid {
            x = x & ~(UInt128(0xf000) << 64 | UInt128(0xc) << 60) | UInt128(0x4000) << 64 | UInt128(0x8) << 60
          }
          if t == .ipaddr { x &= 0xffff_ffff }
          if x != 0 { return x }
        }
      }
      guard let n else { return .string(Binary128.format(draw(), as: t), t) }
      return .vector(Vector(type: t, storage: .u128((0..<n).map { _ in draw() })))
    case .vector(let v):
      guard v.count > 0 else { throw ScriptError(RuntimeMessages.randEmptyVector()) }
      guard let n else { return v[Int(m.random.nextInt(below: Int64(v.count)))] }
      var g = m.random
      defer { m.random = g }
      return .vector(v.gather((0..<n).map { _ in Int(g.nextInt(below: Int64(v.count))) }))
    default:
      throw ScriptError(RuntimeMessages.randNeedsNumberOrVector(x.typeString))
    }
  }
}

extension Value {
  func orEmpty(_ type: DataType) -> Value {
    if case .tuple(let t) = self, t.isEmpty { return .vector(Vector.empty(type == .any ? .string : type)) }
    return self
  }
}
