import ScriptRuntime
import ScriptSyntax

/// `repartitionDS` (a query split into data sources by another partitioning of one column)
/// and `transDS!` (a function run on each data source's rows as `mr` reads them).
enum DataSourceBuiltins {
  /// DolphinDB's partition type codes, as `RANGE` and `VALUE` name them.
  static let rangeType: Int64 = 1
  static let valueType: Int64 = 3
  static let hashType: Int64 = 2

  /// The query narrowed to the rows whose `hashBucket(column, buckets)` is `k`.
  static func bucket(_ code: MetaCode, _ q: SelectQuery, _ column: String, buckets: Int64, _ k: Int64) -> DataSource {
    var bindings = code.bindings
    let (nKey, kKey) = (MetaCode.newKey(), MetaCode.newKey())
    bindings[nKey] = .int(buckets, .int)
    bindings[kKey] = .int(k, .int)
    var labels = code.labels
    labels[nKey] = String(buckets)
    labels[kKey] = String(k)
    let hash = MetacodeBuilder.node(
      .call(
        MetacodeBuilder.node(.name("hashBucket")),
        [
          Argument(name: nil, value: MetacodeBuilder.node(.name(column))),
          Argument(name: nil, value: MetacodeBuilder.node(.bound(nKey))),
        ]))
    let condition = MetacodeBuilder.node(.binary(op: "==", hash, MetacodeBuilder.node(.bound(kKey))))
    let expr = MetacodeBuilder.node(.sql(.query(q.filtered(q.whereClause + [condition]))))
    return DataSource(MetaCode(expr, bindings: bindings, labels: labels))
  }

  /// The query with more `where` conditions, each a binary operator between the column and a
  /// value the metacode holds.
  static func narrowed(_ code: MetaCode, _ q: SelectQuery, _ column: String, _ bounds: [(String, Value)]) -> DataSource
  {
    var bindings = code.bindings
    var conditions = q.whereClause
    for (op, value) in bounds {
      let key = MetaCode.newKey()
      bindings[key] = value
      conditions.append(
        MetacodeBuilder.node(.binary(op: op, MetacodeBuilder.node(.name(column)), MetacodeBuilder.node(.bound(key)))))
    }
    var labels = code.labels
    for (key, value) in bindings where labels[key] == nil && code.bindings[key] == nil {
      labels[key] = ValueFormatter().format(value)
    }
    let expr = MetacodeBuilder.node(.sql(.query(q.filtered(conditions))))
    return DataSource(MetaCode(expr, bindings: bindings, labels: labels))
  }

  static func isSubquery(_ e: Expr) -> Bool {
    if case .sql = e.kind { return true }
    return false
  }

  /// The partitioning `repartitionDS` was given: VALUE or RANGE with a scheme, HASH with a
  /// bucket count.
  static func given(_ a: CallArguments) throws(ScriptError) -> ColumnPartitioning {
    switch a[2].intValue {
    case valueType?: return .values(try a.vector(3, "the partitionScheme of 'repartitionDS'"))
    case rangeType?: return .ranges(try a.vector(3, "the partitionScheme of 'repartitionDS'"))
    case hashType?:
      let n = try a.integer(3, "the bucket count of 'repartitionDS'")
      guard n > 0, n <= 65_536 else {
        throw ScriptError(RuntimeMessages.mustBePositive("the bucket count of 'repartitionDS'", Int(n)))
      }
      return .buckets(Int(n))
    default:
      throw ScriptError(RuntimeMessages.repartitionTypes(ValueFormatter().format(a[2])))
    }
  }

  static let all: [Builtin] = [
    // repartitionDS(query, [column], [partitionType], [partitionScheme], [local]): a data source
    // per VALUE of the scheme, per RANGE between neighbouring boundaries, or per HASH bucket
    // (the scheme a bucket count); with no column, one per partition of the table, as sqlDS.
    Builtin(
      "repartitionDS", args: 1...5,
      parameterNames: ["query", "column", "partitionType", "partitionScheme", "local"]
    ) { a throws(ScriptError) in
      // A tuple of queries: a data source for each, as they are.
      if !a.has(1), case .tuple(let queries) = a[0] {
        var sources: [Value] = []
        for query in queries {
          let code = try MetacodeBuiltins.metacode(query, "repartitionDS")
          guard case .sql(.query) = code.expr.kind else { throw ScriptError(RuntimeMessages.sqlDSNeedsSelect()) }
          sources.append(.object(DataSource(code)))
        }
        return .tuple(sources)
      }
      guard a.has(1) else { return try a.machine.call(function: "sqlDS", [a[0]]) }
      let code = try MetacodeBuiltins.metacode(a[0], "repartitionDS")
      guard case .sql(.query(let q)) = code.expr.kind else {
        throw ScriptError(RuntimeMessages.sqlDSNeedsSelect())
      }
      let column = try a.text(1, "the column of 'repartitionDS'")
      // The table read, when the query reads one table (a subquery is not run here).
      var table: ScriptObject?
      if let from = q.from, q.joinedTables.isEmpty, !isSubquery(from),
        case .object(let o) = try a.machine.evaluate(MetaCode(from, bindings: code.bindings, labels: code.labels))
      {
        table = o
      }
      if let names = (table as? AppendableTable)?.columnNames,
        !names.contains(where: { $0.lowercased() == column.lowercased() })
      {
        throw ScriptError(RuntimeMessages.unknownColumn(column, known: Array(names.prefix(12))))
      }
      let partitioning: ColumnPartitioning
      if a.has(2) || a.has(3) {
        partitioning = try given(a)
      } else {
        // No scheme given: the table's own partitioning of the column (one level of COMPO).
        guard let source = table as? PartitionedSource, let own = source.partitioning(of: column) else {
          throw ScriptError(RuntimeMessages.repartitionNeedsScheme(column))
        }
        partitioning = own
      }
      switch partitioning {
      case .values(let scheme):
        return .tuple((0..<scheme.count).map { .object(narrowed(code, q, column, [("==", scheme[$0])])) })
      case .buckets(let count):
        // One data source per bucket of `hashBucket(column, n)`.
        let n = Int64(count)
        return .tuple((0..<n).map { .object(bucket(code, q, column, buckets: n, $0)) })
      case .ranges(let scheme):
        guard scheme.count >= 2 else { throw ScriptError(RuntimeMessages.rangeSchemeTooShort("repartitionDS")) }
        return .tuple(
          (0..<(scheme.count - 1)).map { i in
            .object(narrowed(code, q, column, [(">=", scheme[i]), ("<", scheme[i + 1])]))
          })
      }
    },
    // transDS!(ds, func): func runs on the rows of each data source when they are read.
    Builtin("transDS!", args: 2...2, parameterNames: ["ds", "tranFunc"], mutatesFirst: true) { a throws(ScriptError) in
      let f = try a.function(1, "the function of 'transDS!'")
      let sources = MetacodeBuilder.items(a[0])
      for s in sources {
        guard case .object(let o) = s, let ds = o as? DataSourceObject else {
          throw ScriptError(RuntimeMessages.needsDataSources("transDS!", got: s.typeString))
        }
        ds.transforms.append(f)
      }
      return a[0]
    },
  ]
}
