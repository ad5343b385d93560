/// A `group by` query's aggregates in a form a table source can compute where its rows are
/// (on the data nodes of a distributed table), so that only one row per group and chunk
/// travels instead of the rows themselves.
///
/// Each chunk of rows gives a *partial* table (`partials(of:)`): its group keys and, for each
/// aggregate, the few numbers that combine across chunks (a sum and a count for `avg`; a count,
/// a mean and a sum of squared deviations for `std`/`var`). `merge` combines the partials of
/// every chunk, given in the source's row order, into one row per group in ascending key
/// order, as the query computes them over all the rows.
public struct AggregatePlan: Sendable, Codable, Equatable {
  /// A group key: a column, or a temporal conversion of one (`date(DateTime)`).
  public struct Key: Sendable, Codable, Equatable {
    public var column: String
    /// One of `conversions`' names, or nil for the column as it is.
    public var function: String?

    public init(column: String, function: String? = nil) {
      self.column = column
      self.function = function
    }
  }

  /// An aggregate of one column (two for `wavg`; none for `count(*)`).
  public struct Aggregate: Sendable, Codable, Equatable {
    public var function: Function
    public var columns: [String]

    public init(_ function: Function, _ columns: [String]) {
      self.function = function
      self.columns = columns
    }
  }

  /// The aggregates whose partial results combine.
  public enum Function: String, Sendable, Codable, CaseIterable {
    case countStar = "count(*)"
    case count, sum, avg, min, max, first, last, std, `var`, wavg

    /// How many columns the aggregate reads.
    public var arity: Int {
      switch self {
      case .countStar: return 0
      case .wavg: return 2
      default: return 1
      }
    }

    /// Whether the aggregate's partials can be computed on a column of `type` (the query
    /// reads the rows instead when not).
    public func accepts(_ type: DataType) -> Bool {
      switch self {
      case .countStar, .count, .first, .last: return true
      case .sum, .avg: return type == .double || type.isIntegral
      case .min, .max: return type == .double || (type.isIntegerBacked && !type.isFloating)
      case .std, .var, .wavg: return type == .double || type == .float || type.isIntegral
      }
    }
  }

  /// Element-wise conversions a group key may apply to a column: the conversion built-ins of
  /// the temporal types.
  public static let conversions: [String: DataType] = [
    "date": .date, "month": .month, "datetime": .datetime, "timestamp": .timestamp, "second": .second,
    "minute": .minute, "time": .time, "nanotime": .nanotime, "nanotimestamp": .nanotimestamp, "datehour": .datehour,
  ]

  public var keys: [Key]
  public var aggregates: [Aggregate]

  public init(keys: [Key], aggregates: [Aggregate]) {
    self.keys = keys
    self.aggregates = aggregates
  }

  /// Every column the plan reads.
  public var columns: [String] {
    var seen = Set<String>()
    return (keys.map(\.column) + aggregates.flatMap(\.columns)).filter { seen.insert($0.lowercased()).inserted }
  }
}

/// A table source that computes a query's partial aggregates where its rows are.
public protocol AggregatingTableSource: TableSource {
  /// The partial table (`AggregatePlan.partials(of:)`) of each part of the rows that satisfy
  /// every predicate, in row order; nil when the source cannot, and the query reads the rows.
  func aggregate(_ plan: AggregatePlan, predicates: [ColumnPredicate]) throws(ScriptError) -> [Table]?
  /// Column types, by name, for deciding what the source can aggregate.
  var columnNames: [String] { get }
  var columnTypes: [DataType] { get }
}
