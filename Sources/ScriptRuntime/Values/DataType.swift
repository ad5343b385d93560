import ScriptSyntax

/// DolphinDB's data types, with DolphinDB's numeric type ids (what `type(x)` returns).
public enum DataType: UInt8, Sendable, CaseIterable {
  case void = 0, bool = 1, char = 2, short = 3, int = 4, long = 5, date = 6, month = 7, time = 8
  case minute = 9, second = 10, datetime = 11, timestamp = 12, nanotime = 13, nanotimestamp = 14
  case float = 15, double = 16, symbol = 17, string = 18, function = 20, handle = 21, code = 22, any = 25
  case anyDictionary = 27, datehour = 28, duration = 36
  /// The 16-byte types (`Binary128`).
  case uuid = 19, ipaddr = 30, int128 = 31
  // DECIMAL32(S) and DECIMAL64(S): one case per scale, so that every path that copies a
  // column's type keeps its scale. DolphinDB's ids are 37 and 38 (`typeID`); the raw
  // values here are Porpoise's own (storage and wire use them), above 128 so that no
  // array-vector code (64 + an element's, below 128) is taken by one.
  case decimal32s0 = 160, decimal32s1 = 161, decimal32s2 = 162, decimal32s3 = 163, decimal32s4 = 164, decimal32s5 = 165,
    decimal32s6 = 166, decimal32s7 = 167, decimal32s8 = 168, decimal32s9 = 169
  case decimal64s0 = 170, decimal64s1 = 171, decimal64s2 = 172, decimal64s3 = 173, decimal64s4 = 174, decimal64s5 = 175,
    decimal64s6 = 176, decimal64s7 = 177, decimal64s8 = 178, decimal64s9 = 179
  case decimal64s10 = 180, decimal64s11 = 181, decimal64s12 = 182, decimal64s13 = 183, decimal64s14 = 184,
    decimal64s15 = 185, decimal64s16 = 186, decimal64s17 = 187, decimal64s18 = 188

  /// The upper-case name printed by `typestr` and used as a script constant.
  public var name: String {
    switch self {
    case .void: return "VOID"
    case .bool: return "BOOL"
    case .char: return "CHAR"
    case .short: return "SHORT"
    case .int: return "INT"
    case .long: return "LONG"
    case .date: return "DATE"
    case .month: return "MONTH"
    case .time: return "TIME"
    case .minute: return "MINUTE"
    case .second: return "SECOND"
    case .datetime: return "DATETIME"
    case .timestamp: return "TIMESTAMP"
    case .nanotime: return "NANOTIME"
    case .nanotimestamp: return "NANOTIMESTAMP"
    case .float: return "FLOAT"
    case .double: return "DOUBLE"
    case .symbol: return "SYMBOL"
    case .string: return "STRING"
    case .function: return "FUNCTIONDEF"
    case .handle: return "HANDLE"
    case .any: return "ANY"
    case .code: return "CODE"
    case .anyDictionary: return "ANY DICTIONARY"
    case .datehour: return "DATEHOUR"
    case .duration: return "DURATION"
    case .uuid: return "UUID"
    case .ipaddr: return "IPADDR"
    case .int128: return "INT128"
    default: return decimalBits == 32 ? "DECIMAL32" : "DECIMAL64"
    }
  }

  /// Looks a type up by its script name (`INT`, `DOUBLE`, ...).
  public static func named(_ name: String) -> DataType? {
    if let d = decimal(named: name) { return d }
    return allCases.first { $0.name == name && $0 != .anyDictionary && !$0.isDecimal }
  }

  /// DolphinDB numbers an array vector type (`INT[]`) as its element type plus 64.
  public static let arrayCodeOffset: Int64 = 64

  /// Whether an array vector (`INT[]`) may hold this type: numbers, temporals, text and BOOL.
  public var canBeArrayElement: Bool { isNumeric || isTemporal || isText }

  /// Whether a type code names an array vector type (64 + the element's code).
  /// (DECIMALs' codes are 160-188, so theirs are 224-252.)
  public static func isArrayCode(_ code: Int64) -> Bool {
    (code > arrayCodeOffset && code < 2 * arrayCodeOffset) || (224...252).contains(code)
  }

  /// The element type a type code names when it is an array type code (68 is `INT[]`).
  public static func arrayElement(ofCode code: Int64) -> DataType? {
    guard isArrayCode(code), let t = DataType(rawValue: UInt8(code - arrayCodeOffset)), t.canBeArrayElement else {
      return nil
    }
    return t
  }

  /// Looks up a type by its script name, `INT[]` too: the element type and whether it is an array.
  public static func parse(_ name: String) -> (type: DataType, isArray: Bool)? {
    if name.hasSuffix("[]") {
      guard let t = named(String(name.dropLast(2))), t.canBeArrayElement else { return nil }
      return (t, true)
    }
    return named(name).map { ($0, false) }
  }

  /// BOOL, CHAR, SHORT, INT, LONG.
  public var isIntegral: Bool {
    switch self {
    case .bool, .char, .short, .int, .long: return true
    default: return false
    }
  }
  /// The date and time types.
  public var isTemporal: Bool {
    switch self {
    case .date, .month, .time, .minute, .second, .datetime, .timestamp, .nanotime, .nanotimestamp, .datehour:
      return true
    default: return false
    }
  }
  /// FLOAT and DOUBLE.
  public var isFloating: Bool { self == .float || self == .double }
  /// Integral, floating or DECIMAL.
  public var isNumeric: Bool { isIntegral || isFloating || isDecimal }
  /// UUID, IPADDR and INT128: 16 bytes, stored as `UInt128`.
  public var is128: Bool { self == .uuid || self == .ipaddr || self == .int128 }
  /// STRING and SYMBOL.
  public var isText: Bool { self == .string || self == .symbol }
  /// Stored as a 64-bit or narrower integer (integral and temporal types).
  public var isIntegerBacked: Bool { isIntegral || isTemporal || isDecimal }

  /// The temporal kind of a literal.
  public init(_ kind: TemporalKind) {
    switch kind {
    case .date: self = .date
    case .month: self = .month
    case .time: self = .time
    case .minute: self = .minute
    case .second: self = .second
    case .datetime: self = .datetime
    case .timestamp: self = .timestamp
    case .nanotime: self = .nanotime
    case .nanotimestamp: self = .nanotimestamp
    case .datehour: self = .datehour
    }
  }

  /// The type a typed-null suffix letter names (`00i` is INT).
  public init?(nullSuffix: Character) {
    switch nullSuffix {
    case "b": self = .bool
    case "c": self = .char
    case "h": self = .short
    case "i": self = .int
    case "l": self = .long
    case "d": self = .date
    case "M": self = .month
    case "t": self = .time
    case "m": self = .minute
    case "s": self = .second
    case "D": self = .datetime
    case "T": self = .timestamp
    case "n": self = .nanotime
    case "N": self = .nanotimestamp
    case "f": self = .float
    case "F": self = .double
    case "S": self = .symbol
    case "W": self = .string
    default: return nil
    }
  }

  /// Rank used to pick the wider of two numeric types.
  var numericRank: Int {
    switch self {
    case .bool: return 1
    case .char: return 2
    case .short: return 3
    case .int: return 4
    case .long: return 5
    case .float: return 6
    case .double: return 7
    default: return 0
    }
  }
}
