import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// Printing, reflection, the session and higher-order functions.
enum CoreBuiltins {
  static let all: [Builtin] = [
    Builtin("print", args: 0...Int.max) { a throws(ScriptError) in
      let f = a.machine.formatter
      for v in a.values { a.machine.output.write(f.format(v) + "\n") }
      return .void
    },
    Builtin("typestr", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in .string(a[0].typeString, .string)
    },
    Builtin("type", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // DolphinDB's ids: a DECIMAL's is its width's (37, 38), whatever its scale.
      if case .vector(let v) = a[0] {
        return .int(v.type.typeID + (v.isArrayVector ? DataType.arrayCodeOffset : 0), .int)
      }
      return .int(a[0].type.typeID, .int)
    },
    Builtin("memSize", args: 1...1, parameterNames: ["obj"]) { a throws(ScriptError) in
      .long(Int64(a[0].approximateBytes))
    },
    Builtin("form", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in .int(Int64(a[0].form.rawValue), .int)
    },
    Builtin("isVoid", args: 1...1) { a throws(ScriptError) in
      if case .void = a[0] { return .bool(true) }
      return .bool(false)
    },
    Builtin("version", args: 0...0) { _ throws(ScriptError) in .string(PorpoiseVersion.string, .string) },
    Builtin("getEnv", args: 1...2, parameterNames: ["name", "default"]) { a throws(ScriptError) in
      // A node's environment is its administrator's: guests could read what it holds.
      try a.machine.require(.admin("read the node's environment"))
      let name = try a.text(0, "the variable name")
      if let v = a.machine.host?.environment(name) { return .string(v, .string) }
      return a.count > 1 ? a[1] : .string("", .string)
    },
    Builtin("sleep", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // In slices, so a stop asked of this session (not a signal) ends the wait too.
      var left = Int64(max(0, try a.integer(0, "the milliseconds of 'sleep'")))
      while left > 0 && !a.machine.isInterrupted {
        let slice = min(left, 50)
        a.machine.clock.sleep(milliseconds: slice)
        left -= slice
        // A waiting session handles its subscriptions' messages.
        a.machine.drainInbox()
      }
      if a.machine.isInterrupted { throw Machine.interrupted() }
      return .void
    },
    Builtin("args", args: 0...0) { a throws(ScriptError) in
      .vector(Vector(strings: a.machine.host?.scriptArguments ?? []))
    },
    Builtin("each", args: 2...Int.max, parameterNames: ["func"]) { a throws(ScriptError) in
      try HigherOrder.each(try a.function(0, "the first argument of 'each'"), Array(a.values.dropFirst()), a.machine)
    },
    // eachLeft(f, X, Y) and eachRight: f of each item of one side with the whole other (`:L`, `:R`).
    Builtin("eachLeft", args: 3...3) { a throws(ScriptError) in
      try HigherOrder.eachSide(try a.function(0, "the first argument of 'eachLeft'"), a[1], a[2], left: true, a.machine)
    },
    Builtin("eachRight", args: 3...3) { a throws(ScriptError) in
      try HigherOrder.eachSide(
        try a.function(0, "the first argument of 'eachRight'"), a[1], a[2], left: false, a.machine)
    },
    // eachPre(f, X, [pre]): f(X[i], X[i-1]), the first with `pre` (null without); eachPost(f, X,
    // [post]): f(X[i], X[i+1]), the last with `post`.
    Builtin("eachPre", args: 2...3) { a throws(ScriptError) in
      try neighbours(a, "eachPre", offset: -1)
    },
    Builtin("eachPost", args: 2...3) { a throws(ScriptError) in
      try neighbours(a, "eachPost", offset: 1)
    },
    Builtin("loop", args: 2...Int.max, parameterNames: ["func"]) { a throws(ScriptError) in
      try HigherOrder.each(
        try a.function(0, "the first argument of 'loop'"), Array(a.values.dropFirst()), a.machine, asTuple: true)
    },
    Builtin("reduce", args: 2...3) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'reduce'")
      return a.count == 3
        ? try HigherOrder.reduce(f, a[1], initial: a[2], a.machine)
        : try HigherOrder.reduce(f, a[1], initial: nil, a.machine)
    },
    Builtin("accumulate", args: 2...3) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'accumulate'")
      return a.count == 3
        ? try HigherOrder.accumulate(f, a[1], initial: a[2], a.machine)
        : try HigherOrder.accumulate(f, a[1], initial: nil, a.machine)
    },
    // partial(f, a, b): f with its first arguments bound, as `f{a, b}` writes it.
    Builtin("partial", args: 1...Int.max, parameterNames: ["func"]) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'partial'")
      return .function(FunctionValue(.partial(f, bound: a.values.dropFirst().map { $0 })))
    },
    Builtin("call", args: 1...Int.max, parameterNames: ["func"]) { a throws(ScriptError) in
      try a.machine.call(try a.function(0, "the first argument of 'call'"), Array(a.values.dropFirst()))
    },
    // undef(names, [VAR | SHARED]): forgets session variables, or stops sharing tables.
    Builtin("undef", args: 1...2, parameterNames: ["obj", "objType"]) { a throws(ScriptError) in
      // `undef(all)`: every variable of the session (DolphinDB's scripts start so).
      if case .function(let f) = a[0], f.name == "all", !a.has(1) {
        a.machine.clearVariables()
        return .void
      }
      let shared = a.count > 1 && a[1].intValue == 1
      for name in try column(a[0], "undef").strings {
        if shared {
          // Under access control, unsharing takes the right to delete from it.
          if let s = a.machine.sharedObjects.table(name) { try a.machine.requireWrite(s, .delete) }
          guard a.machine.sharedObjects.remove(name) else { throw ScriptError(RuntimeMessages.notShared(name)) }
          _ = a.machine.undefine(name)
        } else if !a.machine.undefine(name) {
          throw ScriptError(RuntimeMessages.notAVariable(name))
        }
      }
      return .void
    },
    // share(t, name): `share t as name` as a function.
    Builtin("share", args: 2...2) { a throws(ScriptError) in
      let name = try a.text(1, "the shared name")
      try a.machine.share(a[0], as: name)
      return .void
    },
    // objByName(name, [sharedVar]): a session variable, else (or with sharedVar) a shared table.
    Builtin("objByName", args: 1...2, parameterNames: ["name", "sharedVar"]) { a throws(ScriptError) in
      let name = try a.text(0, "the object name")
      let sharedOnly = a.count > 1 && a[1].isTruthy
      if !sharedOnly, let v = a.machine.variable(name) { return v }
      if let t = a.machine.sharedObjects.table(name) { return .object(t) }
      throw ScriptError(RuntimeMessages.undefinedVariable(name))
    },
    // defined(names, [type=VAR]): whether each name is a variable of the session (VAR), a shared
    // table of the node (SHARED) or a function the session defined (DEF).
    Builtin("defined", args: 1...2, parameterNames: ["names", "type"]) { a throws(ScriptError) in
      let names = try column(a[0], "defined").strings
      let kind = a.has(1) ? try a.integer(1, "the type of 'defined' (VAR, SHARED or DEF)") : 0
      guard (0...2).contains(kind) else {
        throw ScriptError(RuntimeMessages.definedType(kind))
      }
      let found = names.map { name -> Bool in
        let shared = a.machine.sharedObjects.table(name)
        switch kind {
        case 1: return shared != nil
        case 2: return a.machine.sessionFunctions[name] != nil
        default:
          // `share t as name` also names the table in the sharing session; it is the shared one.
          guard let value = a.machine.variable(name) else { return false }
          if let shared, case .object(let o) = value, o === shared { return false }
          return true
        }
      }
      return a[0].isScalar ? .bool(found[0]) : .vector(Vector(bools: found))
    },
    Builtin("setSystem", args: 2...2, parameterNames: ["paramName", "paramValue"]) { a throws(ScriptError) in
      let key = try a.text(0, "the setting name")
      switch key {
      case "rows":
        a.machine.formatter.maxTableRows = max(1, try a.integer(1, "the row limit"))
      case "elements":
        a.machine.formatter.maxVectorElements = max(1, try a.integer(1, "the element limit"))
      default:
        throw ScriptError(RuntimeMessages.unknownSetting(key))
      }
      return .void
    },
    Builtin("run", args: 1...1, parameterNames: ["scriptFile"]) { a throws(ScriptError) in
      let path = try a.text(0, "the script path")
      guard let host = a.machine.host else { throw ScriptError(RuntimeMessages.runUnavailable()) }
      try a.machine.require(.runScript)
      try a.machine.runScript(try host.scriptSource(path))
      return .void
    },
    // funcByName(name): the function of that name (built-in, defined or from a module).
    Builtin("funcByName", args: 1...1, parameterNames: ["name"]) { a throws(ScriptError) in
      let text = try a.text(0, "the name of 'funcByName'")
      // An operator names its function: funcByName("+") is add.
      let name = Parser.operatorFunctions[text] ?? text
      guard let f = try a.machine.lookupFunction(name) else {
        throw ScriptError(RuntimeMessages.unknownFunction(name))
      }
      return .function(f)
    },
    // copy(x): a copy that later changes to x leave alone (tables and matrices are shared
    // otherwise; other values are copied when they change anyway).
    Builtin("copy", args: 1...1, parameterNames: ["obj"]) { a throws(ScriptError) in
      switch a[0] {
      case .object(let t as Table): return .object(t.copy())
      case .object(let m as Matrix):
        return .object(
          try Matrix(columns: m.columns, rows: m.rowCount, rowLabels: m.rowLabels, columnLabels: m.columnLabels))
      default: return a[0]
      }
    },
    // runScript(script): runs script text, as `run` runs a file (what `porpoise submit`
    // sends a node).
    Builtin("runScript", args: 1...1, parameterNames: ["script"]) { a throws(ScriptError) in
      let text = try a.text(0, "the script")
      try a.machine.require(.runScript)
      try a.machine.runScript(SourceFile(name: "<runScript>", text: text))
      return .void
    },
  ]

  /// `eachPre` (offset -1) and `eachPost` (offset 1): f of each item and its neighbour; the end
  /// without one pairs with the optional third argument, or gives null.
  static func neighbours(_ a: CallArguments, _ name: String, offset: Int) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of '\(name)'")
    guard let result = try HigherOrder.neighbours(f, a[1], edge: a.has(2) ? a[2] : nil, offset: offset, a.machine)
    else {
      throw ScriptError(RuntimeMessages.mustBeVector("the second argument of '\(name)'", got: a[1].typeString))
    }
    return result
  }
}

/// Every built-in function of the language core.
public enum StandardLibrary {
  public static let library = BuiltinLibrary(
    "core",
    // One array of the parts, joined once: a chain of `+` copied the growing list at every step.
    functions: Array(
      [
        CoreBuiltins.all, AggregateBuiltins.all, MathBuiltins.all, VectorBuiltins.all, BinningBuiltins.all,
        ConversionBuiltins.all, StringBuiltins.all, TableBuiltins.all, MetacodeBuiltins.all, SQLMetacodeBuiltins.all,
        KeyedTableBuiltins.all, MatrixBuiltins.all, TableUnion.all, TableUpdateBuiltins.all, SeriesBuiltins.all,
        IterativeBuiltins.all, MovingBuiltins.all, StatisticsBuiltins.all, RowBuiltins.all, StreamingBuiltins.all,
        EngineBuiltins.all, ReplayBuiltins.all, ArrayVectorBuiltins.all, CalendarBuiltins.all, TemporalPattern.builtins,
        RowPickBuiltins.all, MatrixShapeBuiltins.all, LinearAlgebra.all, Bucket.all, IndexedMatrixBuiltins.all,
        TableReshapeBuiltins.all, [Regression.builtin], DataSourceBuiltins.all, DecimalBuiltins.all,
        [NumberPattern.builtin, QuantileCut.builtin],
        [DataSourceAnalytics.olsEx, DataSourceAnalytics.imr, Summary.builtin],
        JoinEngineBuiltins.all, RegexBuiltins.all, CrossBuiltins.all, UnitTests.all,
        [RollingBuiltin.builtin, DailyAlignedBar.builtin, MatrixLoc.builtin], PluginBuiltins.all, ChartBuiltins.all,
        TechnicalAnalysis.all, TalibHigherOrder.all, ModelBuiltins.functions, [ExponentialWeighting.builtin],
        DeviationAndStreaks.all, VectorEditing.all, MathFunctions.all,
        [WithQueries.builtin, ContextBy.builtin, RowAlign.builtin, LinearProgram.builtin, SessionObjects.builtin],
        [EngineMetricsAddition.builtin], TradingCalendarBuiltins.all, TimeMovingBuiltins.all, MovingStatistics.all,
        BitwiseBuiltins.all,
        VectorPredicates.all, CumulativeStatistics.all, TextFunctions.all, SearchAndReplace.all,
        NormalAndRandomDraws.all, VectorEnds.all, NullChoices.all, Scaling.all, CharacterClasses.all,
        ShortGenomeSequences.all, ObjectBuiltins.all, FunctionUtilities.all, SymbolCodes.all,
        WeightedSimpleRegression.all, SynchronizedDictionaries.all, MemberModify.all,
        CalendarPositions.all, MatrixTriangles.all, ProbabilityFunctions.all, PowerSums.all, NeighbourRanges.all,
        OrderStatistics.all, StandardJSON.all, SeriesLookups.all, [MovingRegression.builtin, TemporalSequence.builtin],
        SixteenByteHalves.all, DolphinJSON.all, TableComments.all, Upserts.all, [PartitionTablets.builtin],
        BusinessCalendar.all, MonthAnchors.all, IntegerText.all, StringFormat.all, TextEncodings.all, ElementAccess.all,
        DeepCopy.all, FunctionCatalog.all, RandomDistributions.all, DiscreteQuantiles.all, KeyedRows.all,
        NullFilling.all, ApproximateEquality.all, [ValueChanges.builtin], MovingNonNull.all, ContextSums.all,
        MovingTopN.all, TimeWindows.all, RangeWindows.all, Drawdown.all, GroupApplication.all, TupleFunctions.all,
        DynamicGroups.all, [ConditionalFilter.builtin], FullJoins.all, RowStatistics.all, RowShifts.all,
        LinearDecompositions.all, MatrixStatistics.all, NegatedPredicates.all, Polynomials.all, HypothesisTests.all,
        ExponentialMoments.all,
        Autocorrelation.all, [QuantileSeries.builtin], StateIterate.all, Dependence.all, Calculus.all, ZigZag.all,
        IndexedMerge.all, Interpolation.all, ScalarOptimization.all,
        ProbabilityDensities.all, PseudoInverse.all, GramSchmidt.all, WeightedRegression.all, PenalizedBasic.all,
        BoxCox.all, UnitRootTests.all, GaussianKde.all, MultivariateNormal.all, OneHot.all, ConditionalValueAtRisk.all,
        CumulativeTopN.all, TimeTopN.all, RowCumulative.all, [CumulativeDenseRank.builtin], TemporalDifferences.all,
        [WeightedSquares.builtin],
        BSplines.all, HermiteSplines.all, KroghInterpolateFit.all, ResampledInterpolation.all, PiecewiseLinearFit.all,
        GradientMinimizers.all, BoundedMinimization.all, GridSearch.all, DifferentialEvolution.all,
        QuadraticProgram.all, QuadraticConstraints.all,
        OrderedDictionaries.all, SQLTuple.all, UnifiedCall.all, ObjectChecksum.all,
        [VolumeBar.builtin, MovingWindowData.builtin, TimeStateIterate.builtin, StateMovingAverage.builtin],
        [AggregateTopN.builtin], StreamTableAdmin.all, LatestKeyedTables.all,
        StateNeighbours.all, FiscalCalendar.all,
        [
          SessionWindows.builtin, CrossStatistics.builtin, PolynomialEvaluation.builtin, WordCount.builtin,
          Snippets.builtin, DecimalProducts.builtin, ExcelFormulas.builtin, EvalTimer.builtin, ChunkPaths.builtin,
        ],
        SeriesDistances.all,
      ].joined()),
    aliases: [
      "push!": "append!", "getArgs": "args", "createTimeSeriesAggregator": "createTimeSeriesEngine",
      "createCrossSectionalAggregator": "createCrossSectionalEngine",
      "datetimeAdd": "temporalAdd", "temporalFormat": "format", "columns": "cols", "flip": "transpose",
      "bigarray": "array", "randNormal": "norm", "datetimeParse": "temporalParse",
      // The parallel forms give what the serial ones give; this node runs them serially.
      "ploop": "loop", "peach": "each", "pcall": "call", "dropAggregator": "dropStreamEngine",
      "getAggregatorStat": "getStreamEngineStat",
      // DolphinDB's own gtja191Alpha module calls signum by this name.
      "sign": "signum", "extendMetrics": "addMetrics", "drop!": "dropColumns!", "asfreq": "asFreq",
      "substru": "substr", "shl": "lshift", "shr": "rshift", "inverse": "inv", "parseInt": "parseInteger",
      "normal": "norm", "pinv": "pinverse", "multivariateNormal": "randMultivariateNormal", "power": "pow",
      "colNames": "columnNames",
    ],
    constants: { ChartBuiltins.constants() })
}
