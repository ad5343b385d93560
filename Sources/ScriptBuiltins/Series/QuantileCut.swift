import ScriptRuntime

/// `qcut(X, q, [labels], [dropDuplicates=false])`: which quantile bin each value falls in, as
/// pandas' `qcut` does. The bin edges are the values' quantiles (linear interpolation) at `q`
/// evenly spaced probabilities (an integer `q`) or at the probabilities `q` lists; bin `i` holds
/// the values in (edge i, edge i+1], the first bin its lower edge too. A null stays null.
enum QuantileCut {
  static let builtin = Builtin("qcut", args: 2...4, parameterNames: ["X", "q", "labels", "dropDuplicates"]) {
    a throws(ScriptError) in
    let x = try Series.vector(a, 0, "qcut")
    guard x.type.isNumeric else { throw ScriptError(RuntimeMessages.qcutNeedsNumbers(a[0].typeString)) }
    let values = x.doubles
    let probabilities = try probabilities(a)
    let sorted = values.filter { !$0.isNaN }.sorted()
    guard !sorted.isEmpty else { throw ScriptError(RuntimeMessages.qcutNeedsValues()) }
    var edges = probabilities.map { Statistics.quantile(sorted: sorted, $0, .linear) }
    let dropDuplicates = a.has(3) && a[3].isTruthy
    if zip(edges, edges.dropFirst()).contains(where: { $0 == $1 }) {
      guard dropDuplicates else { throw ScriptError(RuntimeMessages.qcutDuplicateEdges()) }
      edges = edges.enumerated().filter { $0.offset == 0 || edges[$0.offset - 1] != $0.element }.map(\.element)
    }
    let bins = edges.count - 1
    var codes = [Int64](repeating: Value.nullInt, count: values.count)
    for (i, v) in values.enumerated() where !v.isNaN && bins > 0 {
      // The first edge not below v closes v's bin; the lowest value goes in the first bin.
      var low = 1
      var high = bins
      while low < high {
        let mid = (low + high) / 2
        if edges[mid] >= v { high = mid } else { low = mid + 1 }
      }
      codes[i] = Int64(low - 1)
    }
    guard a.has(2) else { return .vector(Vector(type: .int, ints: codes)) }
    let labels = try Series.vector(a, 2, "qcut")
    guard labels.count == bins else { throw ScriptError(RuntimeMessages.qcutLabelCount(bins, got: labels.count)) }
    var out = Vector.empty(labels.type, capacity: codes.count)
    for c in codes {
      try out.append(c == Value.nullInt ? Value.null(labels.type) : labels[Int(c)])
    }
    return .vector(out)
  }

  /// `q` as the probabilities of the bin edges: 0, 1/q, ..., 1 for a count; as given (ascending,
  /// between 0 and 1, at least two) for a vector.
  private static func probabilities(_ a: CallArguments) throws(ScriptError) -> [Double] {
    if a[1].isScalar {
      let n = try a.integer(1, "the number of quantiles")
      guard n > 0, n <= 1_000_000 else { throw ScriptError(RuntimeMessages.binCountInvalid(n)) }
      return (0...n).map { Double($0) / Double(n) }
    }
    let q = try Series.vector(a, 1, "qcut").doubles
    guard q.count >= 2, q.allSatisfy({ $0 >= 0 && $0 <= 1 }), zip(q, q.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw ScriptError(RuntimeMessages.qcutBadProbabilities())
    }
    return q
  }
}
