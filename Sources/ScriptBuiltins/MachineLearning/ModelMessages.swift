/// The catalogue of the machine-learning built-ins' messages, in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum ModelMessages {
  static func classOutOfRange(_ function: String, _ value: Double, _ classes: Int) -> String {
    let shown = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    return "\(function): the class column holds \(shown); classes must be integers in [0, \(classes))"
  }
  static func columnNotNumeric(_ function: String, _ name: String, _ type: String) -> String {
    "\(function): the column '\(name)' must be numeric, not \(type)"
  }
  static func mustBePositive(_ function: String, _ what: String) -> String {
    "\(function): \(what) must be positive"
  }
  static func needsModel(_ got: String) -> String {
    "predict needs a model a training function gave (a dictionary with modelName and xColNames, such as logisticRegression's or kmeans'; pca gives none), not \(got)"
  }
  static func needsRows(_ function: String) -> String {
    "\(function): no row has a value in every column it needs"
  }
  static func needsTable(_ function: String, _ got: String) -> String {
    "\(function) needs a table or data sources of tables, not \(got)"
  }
  static func negativeCounts(_ function: String) -> String {
    "\(function): features are counts and must not be negative"
  }
  static func nullInColumn(_ function: String, _ column: String) -> String {
    "\(function): the column '\(column)' holds nulls; fill them, or pass checkInput=false to leave their rows out"
  }
  static func outOfRange(_ function: String, _ what: String, _ range: String) -> String {
    "\(function): \(what) must be \(range)"
  }
  static func tooFewRows(_ function: String, _ rows: Int, _ k: Int) -> String {
    "\(function): \(rows) rows cannot make \(k) clusters"
  }
  static func tooManyColumns(_ function: String, _ count: Int, _ limit: Int) -> String {
    "\(function): \(count) columns is more than the \(limit) it takes"
  }
  static func unknownModel(_ name: String) -> String {
    "predict does not know the model '\(name)'"
  }
}
