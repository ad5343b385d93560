import ScriptRuntime

/// What a coordinator asks a data node for: the committed segments of some chunks, the
/// columns it wants of them, and the query's column conditions, which the data node applies so
/// that only rows that may match travel.
public struct ChunkScanRequest: @unchecked Sendable {
  // @unchecked: the predicates' values are a query's constants, never changed once made.
  public var chunks: [ChunkRecord]
  /// Column names to return (nil: all), matched without regard to case.
  public var columns: [String]?
  /// Conditions every returned row satisfies (all of them: they come from `and`-ed terms).
  public var predicates: [ColumnPredicate]
  /// When set, each chunk's partial aggregates of those rows instead of the rows.
  public var aggregate: AggregatePlan?
  /// Columns added to the table after it was made, by name, with their types: a segment
  /// written before reads them as null.
  public var added: [String: DataType]

  public init(
    chunks: [ChunkRecord], columns: [String]?, predicates: [ColumnPredicate] = [], aggregate: AggregatePlan? = nil,
    added: [String: DataType] = [:]
  ) {
    self.chunks = chunks
    self.columns = columns
    self.predicates = predicates
    self.aggregate = aggregate
    self.added = added
  }
}

/// Reads chunks on a data node: each chunk's committed segments (exactly those its catalog
/// record lists, never a staged one), checked, decoded and put together in append order.
public struct ChunkReader {
  public let store: ChunkStore
  /// Decoded segments kept between reads (nil: decode every time).
  public let cache: SegmentCache?
  public init(store: ChunkStore, cache: SegmentCache? = nil) {
    self.store = store
    self.cache = cache
  }

  /// One table per chunk, in the request's order: its rows, or their partial aggregates.
  public func read(_ request: ChunkScanRequest) throws(ScriptError) -> [Table] {
    // The columns to decode: those returned and those the predicates test.
    let needed = request.columns.map { Set(($0 + request.predicates.map(\.column)).map { $0.lowercased() }) }
    var out: [Table] = []
    for chunk in request.chunks {
      if let partial = try scanned(chunk, request, needed) {
        out.append(partial)
        continue
      }
      var parts: [Table] = []
      for segment in chunk.segments {
        let rows = try ChunkReader.withAdded(
          try columns(chunk.chunkId, segment, needed), request.added, needed, segment.rows)
        parts.append(try ChunkReader.filter(rows, request.predicates))
      }
      let rows = try ChunkReader.concatenate(parts, columns: request.columns)
      out.append(try request.aggregate.map { plan throws(ScriptError) in try plan.partials(of: rows) } ?? rows)
    }
    return out
  }

  /// A chunk's partial aggregates scanned from its one segment in place (`SegmentScan`),
  /// when the request suits a scan and its columns are not cached already; nil otherwise.
  func scanned(_ chunk: ChunkRecord, _ request: ChunkScanRequest, _ needed: Set<String>?) throws(ScriptError)
    -> Table?
  {
    guard let plan = request.aggregate, plan.scannedColumns != nil, request.predicates.isEmpty,
      chunk.segments.count == 1, cache?.get(chunk.chunkId, chunk.segments[0].id, columns: needed) == nil
    else { return nil }
    do {
      return try store.scanAggregate(chunk.chunkId, chunk.segments[0], plan)
    } catch {
      if error.kind == .damaged { store.discard(chunk.chunkId, chunk.segments[0].id) }
      throw ScriptError(error.message)
    }
  }

  /// A segment's columns among `needed` (lower-cased; nil: all), cached or read and checked.
  func columns(_ chunkId: String, _ segment: SegmentRecord, _ needed: Set<String>?) throws(ScriptError) -> Table {
    if let cached = cache?.get(chunkId, segment.id, columns: needed) { return cached }
    let (table, names): (Table, [String])
    do {
      if let found = try store.readColumns(chunkId, segment, needed) {
        (table, names) = found
      } else {
        (table, names) = try SegmentCodec.decode(try store.read(chunkId, segment), columns: needed)
      }
    } catch let error as CatalogError {
      // A corrupt copy goes, so that recovery copies a good one in its place; the query
      // reads another replica meanwhile.
      if error.kind == .damaged { store.discard(chunkId, segment.id) }
      throw ScriptError(error.message)
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError("\(error)")
    }
    cache?.put(chunkId, segment.id, names: names, table)
    return table
  }

  /// A segment's columns with the added columns it lacks (among `needed`), null.
  static func withAdded(_ table: Table, _ added: [String: DataType], _ needed: Set<String>?, _ rows: Int)
    throws(ScriptError) -> Table
  {
    let missing = added.filter { name, _ in
      (needed?.contains(name.lowercased()) ?? true) && table.column(name) == nil
    }
    guard !missing.isEmpty else { return table }
    let sorted = missing.sorted { $0.key < $1.key }
    return try Table(
      names: table.names + sorted.map(\.key),
      columns: table.columns + sorted.map { Vector.nulls($0.value, count: rows) })
  }

  /// The rows of `table` that satisfy every predicate whose column it has.
  static func filter(_ table: Table, _ predicates: [ColumnPredicate]) throws(ScriptError) -> Table {
    var keep: [Bool]?
    for p in predicates {
      guard let column = table.column(p.column) else { continue }
      let hits = try p.matches(column)
      keep = keep.map { zip($0, hits).map { $0 && $1 } } ?? hits
    }
    guard let keep, keep.contains(false) else { return table }
    return table.gather(keep.indices.filter { keep[$0] })
  }

  /// Tables one after another, keeping `columns` (all when nil), matched by name: a column
  /// added to the table after a part was written is null in that part's rows.
  public static func concatenate(_ parts: [Table], columns: [String]?) throws(ScriptError) -> Table {
    guard let first = parts.first else { return try Table(names: [], columns: []) }
    let wanted = columns.map { Set($0.map { $0.lowercased() }) }
    // Every name in the order of first appearance (the parts of one schema share one order).
    var names: [String] = []
    var seen = Set<String>()
    for part in parts {
      for name in part.names
      where (wanted?.contains(name.lowercased()) ?? true) && seen.insert(name.lowercased()).inserted {
        names.append(name)
      }
    }
    if parts.count == 1, names == first.names { return first }
    var merged: [Vector] = []
    for name in names {
      let sample = parts.lazy.compactMap { $0.column(name) }.first ?? Vector.empty(.double)
      var column = sample.emptyLike
      for part in parts {
        if let c = part.column(name) {
          try column.append(contentsOf: c)
        } else {
          try column.append(contentsOf: sample.nullsLike(count: part.rowCount))
        }
      }
      merged.append(column)
    }
    return try Table(names: names, columns: merged)
  }
}
