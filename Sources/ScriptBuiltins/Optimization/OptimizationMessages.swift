/// The catalogue of the optimization built-ins' messages, in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum OptimizationMessages {
  static func columns(_ name: String, _ got: Int, _ variables: Int) -> String {
    "\(name) has \(got) columns; it needs one per variable (\(variables))"
  }
  static func infeasible(_ function: String) -> String { "\(function): no x meets every constraint" }
  static func needsMatrix(_ name: String, _ got: String) -> String {
    "\(name) must be a matrix with one row per constraint, not \(got)"
  }
  static func nullInConstraints(_ name: String) -> String { "\(name) and its right side must hold no nulls" }
  static func rightHandSide(_ name: String, _ got: Int, _ rows: Int) -> String {
    "\(name) has \(got) elements; it needs \(rows)"
  }
  static func size(_ function: String, _ got: Int, _ limit: Int) -> String {
    "\(function): \(got) is more than the \(limit) variables or constraints it takes"
  }
  static func unbounded(_ function: String) -> String {
    "\(function): the objective has no minimum (it falls without bound within the constraints)"
  }
}
