import ScriptRuntime

/// DolphinDB's machine-learning built-ins: training functions that give a model (a dictionary
/// with `modelName`), `predict(model, table)` (also `model.predict(table)`) and `pca`. Training
/// data is a table, a data source (`sqlDS`) or several.
enum ModelBuiltins {
  static let functions: [Builtin] = [
    Builtin(
      "logisticRegression", args: 3...9,
      parameterNames: [
        "ds", "yColName", "xColNames", "intercept", "initTheta", "tolerance", "maxIter", "regularizationCoeff",
        "numClasses",
      ]
    ) { a throws(ScriptError) in
      let name = "logisticRegression"
      let x = try TrainingData.names(a[2], "xColNames")
      let data = try TrainingData.read(a[0], x: x, y: try a.text(1, "yColName"), a.machine, name)
      try checkWidth(x.count, name)
      let intercept = a.has(3) ? a[3].isTruthy : true
      let initial = a.has(4) ? try a.vector(4, "initTheta").doubles : nil
      if let initial, initial.count != x.count + (intercept ? 1 : 0) {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, initial.count, x.count + (intercept ? 1 : 0)))
      }
      let tolerance = try positive(a, 5, 1e-3, "tolerance", name)
      let maxIter = try positiveInt(a, 6, 500, "maxIter", name)
      let lambda = try positive(a, 7, 1.0, "regularizationCoeff", name)
      let classes = a.has(8) ? try a.integer(8, "numClasses") : 2
      guard classes >= 2, classes <= 1_000 else {
        throw ScriptError(ModelMessages.outOfRange(name, "numClasses", "2 to 1000"))
      }
      try checkClasses(data.target, classes, name)
      var d = model("Logistic Regression", x)
      try d.set(.string("intercept"), .bool(intercept))
      try d.set(.string("tolerance"), .double(tolerance, .double))
      try d.set(.string("numClasses"), .int(Int64(classes), .int))
      // Two classes: one model of class 1; more: one model per class against the rest.
      let targets = classes == 2 ? [1] : Array(0..<classes)
      let fits = targets.map { c in
        LinearModels.logistic(
          data.features, data.target.map { $0 == Double(c) ? 1 : 0 }, intercept: intercept, initial: initial,
          tolerance: tolerance, maxIter: maxIter, lambda: lambda)
      }
      if classes == 2 {
        try d.set(.string("coefficients"), .vector(Vector(doubles: fits[0].coefficients)))
        try d.set(.string("iterations"), .int(Int64(fits[0].iterations), .int))
        try d.set(.string("logLikelihood"), .double(fits[0].logLikelihood, .double))
      } else {
        try d.set(.string("coefficients"), try rowsMatrix(fits.map(\.coefficients)))
        try d.set(.string("iterations"), .vector(Vector(type: .int, ints: fits.map { Int64($0.iterations) })))
        try d.set(.string("logLikelihood"), .vector(Vector(doubles: fits.map(\.logLikelihood))))
      }
      return .dictionary(d)
    },
    Builtin(
      "lasso", args: 3...11,
      parameterNames: [
        "ds", "yColName", "xColNames", "alpha", "intercept", "normalize", "maxIter", "tolerance", "positive",
        "swColName", "checkInput",
      ]
    ) { a throws(ScriptError) in
      try penalized(a, "lasso", l1Ratio: 1, from: 3)
    },
    Builtin(
      "elasticNet", args: 3...12,
      parameterNames: [
        "ds", "yColName", "xColNames", "alpha", "l1Ratio", "intercept", "normalize", "maxIter", "tolerance",
        "positive", "swColName", "checkInput",
      ]
    ) { a throws(ScriptError) in
      let ratio = a.has(4) ? a[4].doubleValue ?? 0.5 : 0.5
      guard ratio >= 0, ratio <= 1 else {
        throw ScriptError(ModelMessages.outOfRange("elasticNet", "l1Ratio", "0 to 1"))
      }
      var rest = a
      // Without l1Ratio the rest are lasso's: drop its slot when the call reached it.
      if rest.values.count > 4 { rest.values.remove(at: 4) }
      return try penalized(rest, "elasticNet", l1Ratio: ratio, from: 3)
    },
    Builtin(
      "ridge", args: 3...10,
      parameterNames: [
        "ds", "yColName", "xColNames", "alpha", "intercept", "normalize", "maxIter", "tolerance", "solver",
        "swColName",
      ]
    ) { a throws(ScriptError) in
      let name = "ridge"
      let x = try TrainingData.names(a[2], "xColNames")
      try checkWidth(x.count, name)
      let (data, weights) = try weighted(a, x, weightColumn: 9, name)
      let alpha = try nonNegative(a, 3, 1.0, "alpha", name)
      let intercept = a.has(4) ? a[4].isTruthy : true
      let normalize = a.has(5) ? a[5].isTruthy : false
      let fit = LinearModels.ridge(
        data.features, data.target, weights, alpha: alpha, intercept: intercept, normalize: normalize && intercept)
      var d = model("ridge", x)
      try d.set(.string("coefficients"), .vector(Vector(doubles: fit.coefficients)))
      try d.set(.string("intercept"), .double(fit.intercept, .double))
      return .dictionary(d)
    },
    Builtin(
      "randomForestClassifier", args: 4...11,
      parameterNames: [
        "ds", "yColName", "xColNames", "numClasses", "maxFeatures", "numTrees", "numBins", "maxDepth",
        "minImpurityDecrease", "numJobs", "randomSeed",
      ]
    ) { a throws(ScriptError) in
      let classes = try a.integer(3, "numClasses")
      guard classes >= 2, classes <= 10_000 else {
        throw ScriptError(ModelMessages.outOfRange("randomForestClassifier", "numClasses", "2 to 10000"))
      }
      return try forest(a, classes: classes, from: 4, "randomForestClassifier", "Random Forest Classifier")
    },
    Builtin(
      "randomForestRegressor", args: 3...10,
      parameterNames: [
        "ds", "yColName", "xColNames", "maxFeatures", "numTrees", "numBins", "maxDepth", "minImpurityDecrease",
        "numJobs", "randomSeed",
      ]
    ) { a throws(ScriptError) in
      try forest(a, classes: nil, from: 3, "randomForestRegressor", "Random Forest Regressor")
    },
    Builtin(
      "adaBoostRegressor", args: 3...11,
      parameterNames: [
        "ds", "yColName", "xColNames", "maxFeatures", "numTrees", "numBins", "maxDepth", "minImpurityDecrease",
        "learningRate", "loss", "randomSeed",
      ]
    ) { a throws(ScriptError) in
      let name = "adaBoostRegressor"
      let x = try TrainingData.names(a[2], "xColNames")
      try checkWidth(x.count, name)
      let data = try TrainingData.read(a[0], x: x, y: try a.text(1, "yColName"), a.machine, name)
      // AdaBoost's trees look at every feature by default, as scikit-learn's.
      let settings = try treeSettings(a, from: 3, classes: nil, features: x.count, all: true, depth: 10, name)
      let rate = try positive(a, 8, 0.1, "learningRate", name)
      let lossName = a.has(9) ? try a.text(9, "loss") : "linear"
      guard let loss = AdaBoost.Loss(rawValue: lossName) else {
        throw ScriptError(ModelMessages.outOfRange(name, "loss", "'linear', 'square' or 'exponential'"))
      }
      var random =
        a.has(10)
        ? RandomGenerator(seed: UInt64(bitPattern: Int64(try a.integer(10, "randomSeed")))) : a.machine.random
      let (trees, weights) = AdaBoost.regressor(
        data.features, data.target, settings, learningRate: rate, loss: loss, random: &random)
      if !a.has(10) { a.machine.random = random }
      var d = model("AdaBoost Regressor", x)
      try d.set(.string("minImpurityDecrease"), .double(settings.minImpurityDecrease, .double))
      try d.set(.string("maxDepth"), .int(Int64(settings.maxDepth), .int))
      try d.set(.string("numBins"), .int(Int64(settings.bins), .int))
      try d.set(.string("numTrees"), .int(Int64(trees.count), .int))
      try d.set(.string("maxFeatures"), .int(Int64(settings.maxFeatures), .int))
      try d.set(.string("learningRate"), .double(rate, .double))
      try d.set(.string("loss"), .string(loss.rawValue, .string))
      try d.set(.string("model"), .tuple(trees.map(ModelPrediction.encode)))
      try d.set(.string("treeWeights"), .vector(Vector(doubles: weights)))
      return .dictionary(d)
    },
    Builtin("gaussianNB", args: 2...3, parameterNames: ["Y", "X", "varSmoothing"]) { a throws(ScriptError) in
      try naiveBayes(a, gaussian: true)
    },
    Builtin("multinomialNB", args: 2...3, parameterNames: ["Y", "X", "varSmoothing"]) { a throws(ScriptError) in
      try naiveBayes(a, gaussian: false)
    },
    Builtin("kmeans", args: 2...5, parameterNames: ["X", "k", "maxIter", "randomSeed", "init"]) {
      a throws(ScriptError) in
      let name = "kmeans"
      let tables = try TrainingData.tables(a[0], a.machine, name)
      guard let first = tables.first else { throw ScriptError(ModelMessages.needsRows(name)) }
      let x = first.names
      try checkWidth(x.count, name)
      let data = try TrainingData.read(a[0], x: x, y: nil, a.machine, name)
      let k = try a.integer(1, "k")
      guard k >= 1 else { throw ScriptError(ModelMessages.mustBePositive(name, "k")) }
      guard k <= data.count else { throw ScriptError(ModelMessages.tooFewRows(name, data.count, k)) }
      let maxIter = try positiveInt(a, 2, 300, "maxIter", name)
      var random =
        a.has(3) ? RandomGenerator(seed: UInt64(bitPattern: Int64(try a.integer(3, "randomSeed")))) : a.machine.random
      let plusPlus = a.has(4) ? (try a.text(4, "init")) != "random" : true
      let fit = KMeans.fit(data.features, k: k, maxIter: maxIter, tolerance: 1e-4, plusPlus: plusPlus, random: &random)
      if !a.has(3) { a.machine.random = random }
      var d = model("KMeans", x)
      try d.set(.string("centers"), try rowsMatrix(fit.centers))
      try d.set(.string("labels"), .vector(Vector(type: .int, ints: fit.labels.map { Int64($0) })))
      try d.set(.string("iterations"), .int(Int64(fit.iterations), .int))
      try d.set(.string("inertia"), .double(fit.inertia, .double))
      return .dictionary(d)
    },
    Builtin(
      "pca", args: 1...7, parameterNames: ["ds|X", "colNames", "k", "normalize", "maxIter", "svdSolver", "randomState"]
    ) { a throws(ScriptError) in
      let name = "pca"
      let tables = try TrainingData.tables(a[0], a.machine, name)
      let x = a.has(1) ? try TrainingData.names(a[1], "colNames") : tables.first?.names ?? []
      guard x.count <= PrincipalComponents.maxColumns else {
        throw ScriptError(ModelMessages.tooManyColumns(name, x.count, PrincipalComponents.maxColumns))
      }
      let data = try TrainingData.read(a[0], x: x, y: nil, a.machine, name)
      let k = a.has(2) ? try a.integer(2, "k") : x.count
      guard k >= 1, k <= x.count else { throw ScriptError(ModelMessages.outOfRange(name, "k", "1 to \(x.count)")) }
      let r = PrincipalComponents.analyze(data.features, k: k, normalize: a.has(3) && a[3].isTruthy)
      var d = DictionaryValue(keyType: .string, valueType: .any)
      // One row per component, as DolphinDB prints them (its tutorial projects rows on
      // `components.transpose()`).
      try d.set(.string("components"), try rowsMatrix(r.components))
      try d.set(.string("explainedVarianceRatio"), .vector(Vector(doubles: r.explainedVarianceRatio)))
      try d.set(.string("singularValues"), .vector(Vector(doubles: r.singularValues)))
      return .dictionary(d)
    },
    Builtin("predict", args: 2...2, parameterNames: ["model", "X"]) { a throws(ScriptError) in
      // Fitted curves (polyFit, cubicSpline, linearInterpolateFit) carry their own predictor.
      if case .dictionary(let d) = a[0], d[.string("xColNames")] == nil, case .function(let f)? = d[.string("predict")]
      {
        return try a.machine.call(f, [a[0], a[1]])
      }
      return try ModelPrediction.predict(a[0], a[1])
    },
  ]

  /// A model's dictionary with its name and feature columns.
  static func model(_ name: String, _ x: [String]) -> DictionaryValue {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try? d.set(.string("modelName"), .string(name, .string))
    try? d.set(.string("xColNames"), .vector(Vector(strings: x)))
    return d
  }

  /// A matrix whose rows are `rows`.
  static func rowsMatrix(_ rows: [[Double]]) throws(ScriptError) -> Value {
    let width = rows.first?.count ?? 0
    return .object(
      try Matrix(columns: (0..<width).map { j in Vector(doubles: rows.map { $0[j] }) }, rows: rows.count))
  }

  static func checkWidth(_ count: Int, _ name: String) throws(ScriptError) {
    guard count <= LinearModels.maxFeatures else {
      throw ScriptError(ModelMessages.tooManyColumns(name, count, LinearModels.maxFeatures))
    }
  }

  static func checkClasses(_ y: [Double], _ classes: Int, _ name: String) throws(ScriptError) {
    if let bad = y.first(where: { $0 < 0 || $0 >= Double(classes) || $0 != $0.rounded() }) {
      throw ScriptError(ModelMessages.classOutOfRange(name, bad, classes))
    }
  }

  static func positive(_ a: CallArguments, _ i: Int, _ fallback: Double, _ what: String, _ name: String)
    throws(ScriptError) -> Double
  {
    guard a.has(i) else { return fallback }
    guard let v = a[i].doubleValue, v > 0, v.isFinite else {
      throw ScriptError(ModelMessages.mustBePositive(name, what))
    }
    return v
  }

  static func nonNegative(_ a: CallArguments, _ i: Int, _ fallback: Double, _ what: String, _ name: String)
    throws(ScriptError) -> Double
  {
    guard a.has(i) else { return fallback }
    guard let v = a[i].doubleValue, v >= 0, v.isFinite else {
      throw ScriptError(ModelMessages.outOfRange(name, what, "0 or more"))
    }
    return v
  }

  static func positiveInt(_ a: CallArguments, _ i: Int, _ fallback: Int, _ what: String, _ name: String)
    throws(ScriptError) -> Int
  {
    guard a.has(i) else { return fallback }
    let v = try a.integer(i, what)
    guard v > 0 else { throw ScriptError(ModelMessages.mustBePositive(name, what)) }
    return min(v, 1_000_000)
  }

  /// The training rows and, when `weightColumn` names one, their sample weights.
  static func weighted(
    _ a: CallArguments, _ x: [String], weightColumn: Int, _ name: String, refusingNulls: Bool = false
  ) throws(ScriptError) -> (TrainingData, [Double]?) {
    let y = try a.text(1, "yColName")
    guard a.has(weightColumn) else {
      return (try TrainingData.read(a[0], x: x, y: y, a.machine, name, refusingNulls: refusingNulls), nil)
    }
    let weight = try a.text(weightColumn, "swColName")
    var data = try TrainingData.read(a[0], x: x + [weight], y: y, a.machine, name, refusingNulls: refusingNulls)
    let weights = data.features.removeLast()
    return (data, weights)
  }

  /// lasso and elasticNet: arguments from `alpha` on, at `from`.
  static func penalized(_ a: CallArguments, _ name: String, l1Ratio: Double, from k: Int) throws(ScriptError) -> Value {
    let x = try TrainingData.names(a[2], "xColNames")
    try checkWidth(x.count, name)
    // checkInput (true by default): a null is an error, as DolphinDB's; false leaves such rows out.
    let check = a.has(k + 7) ? a[k + 7].isTruthy : true
    let (data, weights) = try weighted(a, x, weightColumn: k + 6, name, refusingNulls: check)
    let alpha = try nonNegative(a, k, 1.0, "alpha", name)
    let intercept = a.has(k + 1) ? a[k + 1].isTruthy : true
    let normalize = a.has(k + 2) ? a[k + 2].isTruthy : false
    let maxIter = try positiveInt(a, k + 3, 1000, "maxIter", name)
    let tolerance = try positive(a, k + 4, 1e-4, "tolerance", name)
    let positiveOnly = a.has(k + 5) ? a[k + 5].isTruthy : false
    let fit = LinearModels.elasticNet(
      data.features, data.target, weights, alpha: alpha, l1Ratio: l1Ratio, intercept: intercept,
      normalize: normalize && intercept, maxIter: maxIter, tolerance: tolerance, positive: positiveOnly)
    var d = model(name, x)
    try d.set(.string("coefficients"), .vector(Vector(doubles: fit.coefficients)))
    try d.set(.string("intercept"), .double(fit.intercept, .double))
    try d.set(.string("dual_gap"), .double(fit.dualGap, .double))
    try d.set(.string("tolerance"), .double(tolerance, .double))
    try d.set(.string("iterations"), .int(Int64(fit.iterations), .int))
    return .dictionary(d)
  }

  /// gaussianNB and multinomialNB: labels `Y`, the features a table `X`.
  static func naiveBayes(_ a: CallArguments, gaussian: Bool) throws(ScriptError) -> Value {
    let name = gaussian ? "gaussianNB" : "multinomialNB"
    let labels = try a.vector(0, "Y")
    guard case .object(let o) = a[1], let t = o as? Table else {
      throw ScriptError(ModelMessages.needsTable(name, a[1].typeString))
    }
    guard t.rowCount == labels.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, labels.count, t.rowCount))
    }
    try checkWidth(t.names.count, name)
    let columns = try t.names.map { n throws(ScriptError) in try TrainingData.column(t, n, name) }
    // Rows with a null label or feature are left out.
    let kept = (0..<t.rowCount).filter { i in !labels[i].isNull && columns.allSatisfy { $0[i].isFinite } }
    guard !kept.isEmpty else { throw ScriptError(ModelMessages.needsRows(name)) }
    let x = columns.map { c in kept.map { c[$0] } }
    let y = labels.gather(kept)
    if !gaussian, x.contains(where: { $0.contains { $0 < 0 } }) {
      throw ScriptError(ModelMessages.negativeCounts(name))
    }
    let smoothing = a.has(2) ? a[2].doubleValue ?? -1 : (gaussian ? 1e-9 : 1.0)
    guard smoothing >= 0, smoothing.isFinite else {
      throw ScriptError(ModelMessages.outOfRange(name, "varSmoothing", "0 or more"))
    }
    let groups = NaiveBayes.classes(y)
    let fit =
      gaussian
      ? NaiveBayes.gaussian(x, groups, smoothing: smoothing) : NaiveBayes.multinomial(x, groups, alpha: smoothing)
    var d = model(gaussian ? "GaussianNB" : "multinomialNB", t.names)
    try d.set(.string("varSmoothing"), .double(smoothing, .double))
    try d.set(.string("classes"), .vector(y.gather(fit.labelRows)))
    try d.set(.string("logPriors"), .vector(Vector(doubles: fit.logPriors)))
    if gaussian {
      try d.set(.string("means"), try rowsMatrix(fit.first))
      try d.set(.string("variances"), try rowsMatrix(fit.second))
    } else {
      try d.set(.string("featureLogProbabilities"), try rowsMatrix(fit.first))
    }
    return .dictionary(d)
  }

  /// The tree arguments `maxFeatures, numTrees, numBins, maxDepth, minImpurityDecrease` from
  /// `from` on. `maxFeatures` 0 (the default) is every feature with `all`, else its square root.
  static func treeSettings(
    _ a: CallArguments, from k: Int, classes: Int?, features: Int, all: Bool, depth: Int, _ name: String
  ) throws(ScriptError) -> RandomForest.Settings {
    var maxFeatures = all ? features : Int(Double(features).squareRoot())
    if a.has(k), let v = a[k].doubleValue {
      if v >= 1 { maxFeatures = Int(v) } else if v > 0 { maxFeatures = Int(v * Double(features)) }
    }
    return RandomForest.Settings(
      classes: classes, maxFeatures: max(1, min(maxFeatures, features)),
      trees: min(try positiveInt(a, k + 1, 10, "numTrees", name), 10_000),
      bins: max(2, min(try positiveInt(a, k + 2, 32, "numBins", name), 65_536)),
      maxDepth: min(try positiveInt(a, k + 3, depth, "maxDepth", name), 64),
      minImpurityDecrease: a.has(k + 4) ? a[k + 4].doubleValue ?? 0 : 0)
  }

  /// randomForestClassifier and randomForestRegressor: arguments from `maxFeatures` on, at `from`.
  static func forest(_ a: CallArguments, classes: Int?, from k: Int, _ name: String, _ modelName: String)
    throws(ScriptError) -> Value
  {
    let x = try TrainingData.names(a[2], "xColNames")
    try checkWidth(x.count, name)
    let data = try TrainingData.read(a[0], x: x, y: try a.text(1, "yColName"), a.machine, name)
    if let classes { try checkClasses(data.target, classes, name) }
    let settings = try treeSettings(a, from: k, classes: classes, features: x.count, all: false, depth: 32, name)
    // A split's histogram holds bins times classes cells.
    guard settings.bins * (classes ?? 2) <= 10_000_000 else {
      throw ScriptError(ModelMessages.outOfRange(name, "numBins times numClasses", "at most 10,000,000"))
    }
    var random =
      a.has(k + 6)
      ? RandomGenerator(seed: UInt64(bitPattern: Int64(try a.integer(k + 6, "randomSeed")))) : a.machine.random
    let trees = RandomForest.fit(data.features, data.target, settings, random: &random)
    if !a.has(k + 6) { a.machine.random = random }
    var d = model(modelName, x)
    if let classes { try d.set(.string("numClasses"), .int(Int64(classes), .int)) }
    try d.set(.string("minImpurityDecrease"), .double(settings.minImpurityDecrease, .double))
    try d.set(.string("maxDepth"), .int(Int64(settings.maxDepth), .int))
    try d.set(.string("numBins"), .int(Int64(settings.bins), .int))
    try d.set(.string("numTrees"), .int(Int64(settings.trees), .int))
    try d.set(.string("maxFeatures"), .int(Int64(settings.maxFeatures), .int))
    try d.set(.string("model"), .tuple(trees.map(ModelPrediction.encode)))
    return .dictionary(d)
  }
}
