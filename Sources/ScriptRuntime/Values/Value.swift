/// A script value.
///
/// Scalars carry their type beside a raw payload: integral and temporal scalars are an
/// `Int64` whose null is `Int64.min`; FLOAT and DOUBLE are a `Double` whose null is NaN;
/// STRING and SYMBOL are a `String` whose null is empty. Vectors are typed columns.
public enum Value {
  /// VOID: `NULL`, and the result of statements that return nothing.
  case void
  /// An integral or temporal scalar; `Int64.min` is null.
  case int(Int64, DataType)
  /// A FLOAT or DOUBLE scalar; NaN is null.
  case double(Double, DataType)
  /// A STRING or SYMBOL scalar; empty is null.
  case string(String, DataType)
  /// A DURATION such as `1s` or `3M`.
  case duration(Duration)
  /// A typed vector.
  case vector(Vector)
  /// A pair `a:b`: a typed vector of exactly two elements.
  case pair(Vector)
  /// A tuple (ANY vector): elements of any form.
  case tuple([Value])
  /// A dictionary.
  case dictionary(DictionaryValue)
  /// A set.
  case set(SetValue)
  /// A function: built-in, user-defined, lambda, partial application or template.
  case function(FunctionValue)
  /// An object defined by a higher layer (tables, database and connection handles).
  case object(ScriptObject)

  /// The null integer payload.
  public static let nullInt = Int64.min

  /// A BOOL scalar.
  public static func bool(_ b: Bool) -> Value { .int(b ? 1 : 0, .bool) }
  /// An INT scalar.
  public static func int(_ v: Int) -> Value { .int(Int64(v), .int) }
  /// A LONG scalar.
  public static func long(_ v: Int64) -> Value { .int(v, .long) }
  /// A DOUBLE scalar.
  public static func double(_ v: Double) -> Value { .double(v, .double) }
  /// A STRING scalar.
  public static func string(_ s: String) -> Value { .string(s, .string) }

  /// A typed null scalar.
  public static func null(_ type: DataType) -> Value {
    switch type {
    case .void: return .void
    case .float, .double: return .double(.nan, type)
    case .string, .symbol, .uuid, .ipaddr, .int128: return .string("", type)
    default: return .int(nullInt, type)
    }
  }

  /// The data type (the element type for vectors and pairs).
  public var type: DataType {
    switch self {
    case .void: return .void
    case .int(_, let t), .double(_, let t), .string(_, let t): return t
    case .duration: return .duration
    case .vector(let v), .pair(let v): return v.type
    case .tuple: return .any
    case .dictionary(let d): return d.valueType
    case .set(let s): return s.keyType
    case .function: return .function
    case .object(let o): return o.dataType
    }
  }

  /// DolphinDB's data forms, with the ids `form()` returns.
  public enum Form: Int {
    case scalar = 0, vector = 1, pair = 2, matrix = 3, set = 4, dictionary = 5, table = 6
    /// The name used by `typestr`.
    public var name: String {
      switch self {
      case .scalar: return "SCALAR"
      case .vector: return "VECTOR"
      case .pair: return "PAIR"
      case .matrix: return "MATRIX"
      case .set: return "SET"
      case .dictionary: return "DICTIONARY"
      case .table: return "TABLE"
      }
    }
  }

  /// The data form.
  public var form: Form {
    switch self {
    case .vector, .tuple: return .vector
    case .pair: return .pair
    case .dictionary: return .dictionary
    case .set: return .set
    case .object(let o): return o.form
    default: return .scalar
    }
  }

  /// Whether this is a scalar (VOID included).
  public var isScalar: Bool {
    switch self {
    case .void, .int, .double, .string, .duration: return true
    default: return false
    }
  }

  /// Whether this scalar is null (VOID, a null sentinel, NaN or an empty string).
  public var isNull: Bool {
    switch self {
    case .void: return true
    case .int(let v, _): return v == Value.nullInt
    case .double(let v, _): return v.isNaN
    case .string(let s, _): return s.isEmpty
    default: return false
    }
  }

  /// Element count: 1 for scalars, the length for vectors, entries for dictionaries.
  public var count: Int {
    switch self {
    case .vector(let v), .pair(let v): return v.count
    case .tuple(let t): return t.count
    case .dictionary(let d): return d.count
    case .set(let s): return s.count
    case .object(let o): return o.rowCount
    default: return 1
    }
  }

  /// The name `typestr` prints, such as `INT`, `FAST INT VECTOR` or `STRING PAIR`.
  public var typeString: String {
    switch self {
    case .vector(let v) where v.isArrayVector:
      return "FAST \(v.type.name)[] VECTOR"
    case .vector(let v):
      // A SYMBOL vector is fast too (its strings are kept once, the rows are integers).
      return v.type.isNumeric || v.type.isTemporal || v.type.isDecimal || v.type.is128 || v.type == .symbol
        ? "FAST \(v.type.name) VECTOR" : "\(v.type.name) VECTOR"
    case .pair(let v): return "\(v.type.name) PAIR"
    case .tuple: return "ANY VECTOR"
    case .dictionary(let d): return "\(d.keyType.name)->\(d.valueType.name) DICTIONARY"
    case .set(let s): return "\(s.keyType.name) SET"
    case .function(let f): return f.isPartial ? "PARTIAL FUNCTION" : "FUNCTIONDEF"
    case .object(let o): return o.typeString
    default: return type.name
    }
  }

  /// The integer payload of an integer-backed scalar.
  public var intValue: Int64? {
    switch self {
    case .int(let v, let t) where t.isDecimal: return v == Value.nullInt ? nil : v / FixedPoint.power(t.decimalScale)
    case .int(let v, _): return v == Value.nullInt ? nil : v
    case .double(let d, _): return d.isNaN ? nil : Int64(exactly: d.rounded(.towardZero))
    default: return nil
    }
  }

  /// The numeric payload as a Double (nil for null or non-numeric).
  public var doubleValue: Double? {
    switch self {
    case .int(let v, let t) where t.isIntegral: return v == Value.nullInt ? nil : Double(v)
    case .int(let v, let t) where t.isDecimal:
      return v == Value.nullInt ? nil : FixedPoint.double(v, scale: t.decimalScale)
    case .double(let d, _): return d.isNaN ? nil : d
    default: return nil
    }
  }

  /// The text of a STRING or SYMBOL scalar.
  public var stringValue: String? {
    if case .string(let s, _) = self { return s }
    return nil
  }

  /// Truth in `if` and `do-while`: null and zero are false.
  public var isTruthy: Bool {
    switch self {
    case .void: return false
    case .int(let v, _): return v != 0 && v != Value.nullInt
    case .double(let d, _): return !d.isNaN && d != 0
    case .string(let s, _): return !s.isEmpty
    case .vector(let v) where v.count == 1: return v[0].isTruthy
    default: return true
    }
  }
}

/// An object of a higher layer that the interpreter holds as a value (tables, handles).
///
/// The runtime knows only what it needs to print and classify the object.
public protocol ScriptObject: AnyObject {
  /// The data form (`table` for tables).
  var form: Value.Form { get }
  /// The data type code.
  var dataType: DataType { get }
  /// What `typestr` prints.
  var typeString: String { get }
  /// Rows for `size`/`rows`.
  var rowCount: Int { get }
  /// The console rendering.
  func render(_ formatter: ValueFormatter) -> String
  /// A named member (a table column), or nil.
  func member(_ name: String) -> Value?
  /// Rows as dictionaries, for `for (row in t)`; nil when not iterable.
  var rows: [Value]? { get }
}

extension Int64 {
  /// A double's whole part (toward zero); nil for NaN, infinities and values outside Int64,
  /// where `Int64(d)` would trap.
  public init?(wholePartOf d: Double) {
    guard d.isFinite, d >= -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else { return nil }
    self.init(d)
  }
}
