import ScriptRuntime

/// `predict(model, table)`: what a trained model says of each row (null where a feature it needs
/// is null).
enum ModelPrediction {
  static func predict(_ modelValue: Value, _ rows: Value) throws(ScriptError) -> Value {
    guard case .dictionary(let d) = modelValue, let name = d[.string("modelName")]?.stringValue,
      let xValue = d[.string("xColNames")]
    else { throw ScriptError(ModelMessages.needsModel(modelValue.typeString)) }
    let names = try TrainingData.names(xValue, "xColNames")
    let x = try TrainingData.predictors(rows, names, "predict")
    let n = x.first?.count ?? 0
    func row(_ i: Int) -> [Double] { x.map { $0[i] } }
    switch name {
    case "Logistic Regression":
      let intercept = d[.string("intercept")]?.isTruthy ?? true
      func score(_ theta: [Double], _ r: [Double]) -> Double {
        var z = intercept ? theta[r.count] : 0
        for k in r.indices { z += theta[k] * r[k] }
        return z
      }
      let coefficients = try member(d, "coefficients")
      // One model per class (a matrix, a row each), or the one model of class 1.
      var models: [[Double]]?
      if case .object(let o) = coefficients, o is Matrix { models = try matrixRows(coefficients) }
      let binary = vector(coefficients)
      var out: [Int64] = []
      for i in 0..<n {
        let r = row(i)
        guard r.allSatisfy(\.isFinite) else {
          out.append(Int64(Int32.min))
          continue
        }
        if let models {
          // The class whose model scores highest.
          let scores = models.map { score($0, r) }
          out.append(Int64(scores.indices.max { scores[$0] < scores[$1] } ?? 0))
        } else {
          out.append(score(binary, r) >= 0 ? 1 : 0)
        }
      }
      return .vector(Vector(type: .int, ints: out))
    case "lasso", "ridge", "elasticNet":
      let w = vector(try member(d, "coefficients"))
      let b = d[.string("intercept")]?.doubleValue ?? 0
      return .vector(
        Vector(
          doubles: (0..<n).map { i in
            let r = row(i)
            return zip(w, r).reduce(b) { $0 + $1.0 * $1.1 }
          }))
    case "KMeans":
      guard case .object(let o) = try member(d, "centers"), let centers = o as? Matrix else {
        throw ScriptError(ModelMessages.needsModel(modelValue.typeString))
      }
      let points = (0..<centers.rowCount).map { c in centers.columns.map { $0.doubles[c] } }
      return .vector(
        Vector(
          type: .int,
          ints: (0..<n).map { i in
            let r = row(i)
            guard r.allSatisfy(\.isFinite) else { return Int64(Int32.min) }
            let d2 = points.map { p in zip(p, r).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            return Int64(d2.indices.min { d2[$0] < d2[$1] } ?? 0)
          }))
    case "GaussianNB", "multinomialNB":
      let gaussian = name == "GaussianNB"
      guard case .vector(let classes) = try member(d, "classes") else {
        throw ScriptError(ModelMessages.needsModel(modelValue.typeString))
      }
      let priors = vector(try member(d, "logPriors"))
      let first = try matrixRows(try member(d, gaussian ? "means" : "featureLogProbabilities"))
      let second = gaussian ? try matrixRows(try member(d, "variances")) : []
      guard priors.count == classes.count, first.count == classes.count, first.allSatisfy({ $0.count == names.count }),
        !gaussian || second.count == classes.count
      else { throw ScriptError(ModelMessages.needsModel("DICTIONARY")) }
      let fit = NaiveBayes.Fit(labelRows: [], logPriors: priors, first: first, second: second)
      let chosen = (0..<n).map { i in NaiveBayes.predict(fit, gaussian: gaussian, row(i)) ?? -1 }
      var out = classes.gather(chosen.map { max($0, 0) })
      for (i, c) in chosen.enumerated() where c < 0 { try out.set(i, Value.null(out.type)) }
      return .vector(out)
    case "AdaBoost Regressor":
      guard case .tuple(let encoded) = try member(d, "model") else {
        throw ScriptError(ModelMessages.needsModel(modelValue.typeString))
      }
      let trees = try encoded.map { v throws(ScriptError) in try decode(v, features: names.count) }
      let treeWeights = vector(try member(d, "treeWeights"))
      guard treeWeights.count == trees.count else { throw ScriptError(ModelMessages.needsModel("TUPLE")) }
      return .vector(
        Vector(doubles: (0..<n).map { i in AdaBoost.predict(trees, treeWeights) { k in x[k][i] } ?? .nan }))
    case "Random Forest Classifier", "Random Forest Regressor":
      guard case .tuple(let encoded) = try member(d, "model") else {
        throw ScriptError(ModelMessages.needsModel(modelValue.typeString))
      }
      let trees = try encoded.map { v throws(ScriptError) in try decode(v, features: names.count) }
      if name == "Random Forest Regressor" {
        return .vector(
          Vector(
            doubles: (0..<n).map { i in
              let votes = trees.compactMap { $0.predict { k in x[k][i] } }
              return votes.count == trees.count && !votes.isEmpty ? votes.reduce(0, +) / Double(votes.count) : .nan
            }))
      }
      let classes = Int(d[.string("numClasses")]?.intValue ?? 2)
      return .vector(
        Vector(
          type: .int,
          ints: (0..<n).map { i in
            var counts = [Int](repeating: 0, count: max(classes, 1))
            for t in trees {
              guard let v = t.predict({ k in x[k][i] }) else { return Int64(Int32.min) }
              let c = Int(v)
              if c >= 0 && c < counts.count { counts[c] += 1 }
            }
            return Int64(counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0)
          }))
    default:
      throw ScriptError(ModelMessages.unknownModel(name))
    }
  }

  static func member(_ d: DictionaryValue, _ key: String) throws(ScriptError) -> Value {
    guard let v = d[.string(key)] else { throw ScriptError(RuntimeMessages.noMember(key, in: "the model")) }
    return v
  }

  /// A matrix's rows.
  static func matrixRows(_ v: Value) throws(ScriptError) -> [[Double]] {
    guard case .object(let o) = v, let m = o as? Matrix else {
      throw ScriptError(ModelMessages.needsModel(v.typeString))
    }
    let columns = m.columns.map(\.doubles)
    return (0..<m.rowCount).map { r in columns.map { $0[r] } }
  }

  static func vector(_ v: Value) -> [Double] {
    if case .vector(let vec) = v { return vec.doubles }
    return v.doubleValue.map { [$0] } ?? []
  }

  /// A tree as the model keeps it: a tuple of its five arrays.
  static func encode(_ t: RandomForest.Tree) -> Value {
    .tuple([
      .vector(Vector(type: .int, ints: t.feature.map { Int64($0) })), .vector(Vector(doubles: t.threshold)),
      .vector(Vector(type: .int, ints: t.left.map { Int64($0) })),
      .vector(Vector(type: .int, ints: t.right.map { Int64($0) })), .vector(Vector(doubles: t.value)),
    ])
  }

  /// A tree back from its tuple, checked so that a damaged model cannot send a walk out of it.
  static func decode(_ v: Value, features: Int) throws(ScriptError) -> RandomForest.Tree {
    guard case .tuple(let parts) = v, parts.count == 5 else {
      throw ScriptError(ModelMessages.needsModel(v.typeString))
    }
    let arrays = parts.map(vector)
    let n = arrays[0].count
    guard n > 0, arrays.allSatisfy({ $0.count == n }) else { throw ScriptError(ModelMessages.needsModel("TUPLE")) }
    var t = RandomForest.Tree()
    t.feature = arrays[0].map { $0.isFinite ? Int($0) : -1 }
    t.threshold = arrays[1]
    t.left = arrays[2].map { $0.isFinite ? Int($0) : -1 }
    t.right = arrays[3].map { $0.isFinite ? Int($0) : -1 }
    t.value = arrays[4]
    // Children come after their parent, so every walk ends.
    for i in 0..<n where t.feature[i] >= 0 {
      guard t.feature[i] < features, t.left[i] > i, t.left[i] < n, t.right[i] > i, t.right[i] < n else {
        throw ScriptError(ModelMessages.needsModel("TUPLE"))
      }
    }
    return t
  }
}
