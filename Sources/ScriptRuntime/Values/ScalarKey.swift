/// A hashable scalar, used as a dictionary key or set element.
public enum ScalarKey: Hashable {
  case int(Int64)
  case double(Double)
  case string(String)
  case null

  /// The key of a scalar value; nil for non-scalars.
  public init?(_ v: Value) {
    switch v {
    case .void: self = .null
    case .int(let i, _): self = .int(i)
    case .double(let d, _): self = d.isNaN ? .null : .double(d)
    case .string(let s, _): self = .string(s)
    default: return nil
    }
  }
}
