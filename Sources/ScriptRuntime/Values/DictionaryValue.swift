/// A dictionary that keeps insertion order, so printing is deterministic.
public struct DictionaryValue {
  public private(set) var keys: [Value] = []
  public private(set) var values: [Value] = []
  private var index: [ScalarKey: Int] = [:]
  /// Declared key and value types (`dict(INT, DOUBLE)`), ANY when mixed.
  public var keyType: DataType
  public var valueType: DataType
  /// Made by `dict(..., ordered=true)`: entries always keep insertion order here, so this only
  /// records what was asked, for `isOrderedDict`.
  public var isOrdered = false

  public init(keyType: DataType = .any, valueType: DataType = .any) {
    self.keyType = keyType
    self.valueType = valueType
  }

  public var count: Int { keys.count }

  /// The value for a key, or nil.
  public subscript(key: Value) -> Value? {
    guard let k = ScalarKey(key), let i = index[k] else { return nil }
    return values[i]
  }

  /// Inserts or replaces an entry.
  public mutating func set(_ key: Value, _ value: Value) throws(ScriptError) {
    guard let k = ScalarKey(key) else { throw ScriptError(RuntimeMessages.dictionaryKeysMustBeScalars()) }
    let key = keyType == .any || keyType == key.type ? key : try Cast.scalar(key, to: keyType)
    let value =
      valueType == .any || !value.isScalar || value.type == valueType
      ? value : try Cast.scalar(value, to: valueType)
    if let i = index[k] {
      values[i] = value
    } else {
      index[k] = keys.count
      keys.append(key)
      values.append(value)
    }
  }

  /// Removes an entry if present.
  public mutating func remove(_ key: Value) { remove(keys: [key]) }

  /// Removes the entries of the given keys at once (one pass, however many keys).
  public mutating func remove(keys gone: [Value]) {
    let drop = Set(gone.compactMap(ScalarKey.init).compactMap { index[$0] })
    guard !drop.isEmpty else { return }
    keys = keys.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    values = values.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    index = [:]
    for (j, key) in keys.enumerated() { if let sk = ScalarKey(key) { index[sk] = j } }
  }
}

/// A set of scalars, in insertion order.
public struct SetValue {
  public private(set) var elements: [Value] = []
  private var members: Set<ScalarKey> = []
  public var keyType: DataType

  public init(keyType: DataType) { self.keyType = keyType }

  public var count: Int { elements.count }

  public func contains(_ v: Value) -> Bool {
    guard let k = ScalarKey(v) else { return false }
    return members.contains(k)
  }

  public mutating func insert(_ v: Value) {
    guard let k = ScalarKey(v), !members.contains(k) else { return }
    members.insert(k)
    elements.append(v)
  }

  /// Removes the given elements, keeping the others' order.
  public mutating func remove(_ values: [Value]) {
    let gone = Set(values.compactMap(ScalarKey.init))
    guard !gone.isDisjoint(with: members) else { return }
    members.subtract(gone)
    elements.removeAll { v in ScalarKey(v).map(gone.contains) ?? false }
  }
}
