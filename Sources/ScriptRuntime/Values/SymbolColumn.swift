import Synchronization

/// The distinct strings of a SYMBOL column, each numbered by its position.
///
/// Shared between columns (a slice, a gather, a scan of one partition) and copied before a
/// write when shared, so a column behaves as a value. The index from string to code is built
/// on first use, once, under a lock, so concurrent readers never race on it: a dictionary
/// decoded from a segment is often only read by code (hashing its 5,000 symbols cost more
/// than a query's aggregation).
public final class SymbolDictionary: @unchecked Sendable {
  /// The symbols by code.
  public private(set) var symbols: [String]
  /// Read only once `indexed` is set; written only under `building` or by the dictionary's
  /// one owner (`insert`).
  private var index: [String: Int32] = [:]
  private let indexed: Atomic<Bool>
  private let building = Mutex(())

  /// A dictionary of `symbols`, which must be distinct.
  public init(symbols: [String] = []) {
    self.symbols = symbols
    indexed = Atomic(symbols.isEmpty)
  }

  private func ensureIndex() {
    if indexed.load(ordering: .acquiring) { return }
    building.withLock { _ in
      guard !indexed.load(ordering: .relaxed) else { return }
      var index: [String: Int32] = [:]
      index.reserveCapacity(symbols.count)
      for (k, s) in symbols.enumerated() where index[s] == nil { index[s] = Int32(k) }
      self.index = index
      indexed.store(true, ordering: .releasing)
    }
  }

  /// The code of `s`, if the dictionary holds it.
  public func code(of s: String) -> Int32? {
    ensureIndex()
    return index[s]
  }

  /// The code of `s`, added if new. Only call on an unshared dictionary.
  func insert(_ s: String) -> Int32 {
    ensureIndex()
    if let k = index[s] { return k }
    let k = Int32(symbols.count)
    symbols.append(s)
    index[s] = k
    return k
  }

  func copy() -> SymbolDictionary {
    let d = SymbolDictionary(symbols: symbols)
    if indexed.load(ordering: .acquiring) {
      d.index = index
      d.indexed.store(true, ordering: .releasing)
    }
    return d
  }
}

/// A SYMBOL column: Int32 codes into a dictionary. Grouping, sorting and storage work on the
/// codes; strings are only made when a value is asked for.
public struct SymbolColumn: Sendable {
  /// One code per element.
  public var codes: [Int32]
  /// The symbols the codes name.
  public var dictionary: SymbolDictionary

  public init(codes: [Int32], dictionary: SymbolDictionary) {
    self.codes = codes
    self.dictionary = dictionary
  }

  /// Encodes strings.
  public init(_ strings: [String]) {
    let d = SymbolDictionary()
    var codes: [Int32] = []
    codes.reserveCapacity(strings.count)
    for (i, s) in strings.enumerated() {
      // Equal neighbours (clustered data) reuse the code without a lookup.
      if i > 0, s == strings[i - 1], let last = codes.last {
        codes.append(last)
      } else {
        codes.append(d.insert(s))
      }
    }
    self.codes = codes
    self.dictionary = d
  }

  /// The element at `i`.
  public subscript(i: Int) -> String { dictionary.symbols[Int(codes[i])] }

  /// All elements as strings.
  public var strings: [String] {
    let symbols = dictionary.symbols
    return codes.map { symbols[Int($0)] }
  }

  private mutating func uniqueDictionary() -> SymbolDictionary {
    if !isKnownUniquelyReferenced(&dictionary) { dictionary = dictionary.copy() }
    return dictionary
  }

  /// The code of `s` in this column's dictionary, added if new.
  public mutating func code(for s: String) -> Int32 {
    if let k = dictionary.code(of: s) { return k }
    return uniqueDictionary().insert(s)
  }

  /// Appends one string.
  public mutating func append(_ s: String) {
    let k = code(for: s)
    codes.append(k)
  }

  /// Appends another column, translating its codes into this dictionary.
  public mutating func append(contentsOf other: SymbolColumn) {
    if other.dictionary === dictionary {
      codes += other.codes
      return
    }
    let map = other.dictionary.symbols.map { code(for: $0) }
    codes.reserveCapacity(codes.count + other.codes.count)
    for c in other.codes { codes.append(map[Int(c)]) }
  }

  /// The rank of each dictionary entry among the entries in string order (equal strings cannot
  /// occur: entries are distinct).
  public var dictionaryRanks: [Int32] {
    let symbols = dictionary.symbols
    let order = symbols.indices.sorted { symbols[$0] < symbols[$1] }
    var rank = [Int32](repeating: 0, count: symbols.count)
    for (r, k) in order.enumerated() { rank[k] = Int32(r) }
    return rank
  }

  /// The same codes over only the symbols in use, renumbered densely (for writing a segment).
  public var compacted: SymbolColumn {
    let symbols = dictionary.symbols
    var remap = [Int32](repeating: -1, count: symbols.count)
    var used: [String] = []
    var codes = self.codes
    codes.withUnsafeMutableBufferPointer { c in
      for i in 0..<c.count {
        let k = Int(c[i])
        if remap[k] < 0 {
          remap[k] = Int32(used.count)
          used.append(symbols[k])
        }
        c[i] = remap[k]
      }
    }
    return SymbolColumn(codes: codes, dictionary: SymbolDictionary(symbols: used))
  }
}

extension Vector {
  /// For a SYMBOL vector, a BOOL vector of `test` applied to every element, testing each
  /// distinct symbol once; nil for other storage.
  public func testingSymbols(_ test: (String) -> Bool) -> Vector? {
    guard case .sym(let column) = storage else { return nil }
    let table: [Int8] = column.dictionary.symbols.map { test($0) ? 1 : 0 }
    let out = table.withUnsafeBufferPointer { t in
      column.codes.withUnsafeBufferPointer { c in
        let (t, c) = (SendableBox(t), SendableBox(c))
        return ParallelChunks.makeArray(count: c.value.count) { (r: Range<Int>, out: UnsafeMutablePointer<Int8>) in
          for i in r { out[i] = t.value[Int(c.value[i])] }
        }
      }
    }
    return Vector(type: .bool, storage: .i8(out))
  }
}
