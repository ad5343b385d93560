/// The catalogue of runtime messages, kept in one place and in alphabetical order: the language
/// core's, its built-ins' and the session's (ScriptBuiltins and ScriptSession use it too).
///
/// Style: lowercase, no final period, code quoted with '...'.
public enum RuntimeMessages {
  public static func addColumnNeedsInMemoryTable(_ got: String) -> String {
    "'addColumn' adds columns to a table in memory, not to a \(got) (not supported yet)"
  }
  public static func addedMetricsOutput(_ got: String) -> String {
    "addMetrics adds the new metrics' columns to the engine's output table, which must be an in-memory or shared table, not \(got)"
  }
  public static func addedMetricsSchema(_ metrics: Int, _ columns: Int) -> String {
    "addMetrics gives \(metrics) new output column(s) but newMetricsSchema has \(columns); give one column (name and type) per new metric"
  }
  public static func addedMetricsWindow(_ size: Int64, _ sizes: [Int64]) -> String {
    "addMetrics' windowSize must be one of the engine's window lengths (\(sizes.map(String.init).joined(separator: ", "))), not \(size)"
  }
  public static func aggregateMustGiveScalar(_ function: String) -> String {
    "the func of '\(function)' must give one scalar per group (an aggregate such as sum or avg)"
  }
  public static func alignHow(_ given: String) -> String {
    "the how of 'align' must be outer (fj), inner (ej), left (lj) or asof (aj), or \"rows,columns\" of two of them when byRow is null; not '\(given)'"
  }
  public static func alignLabelTypes(_ a: String, _ b: String) -> String {
    "'align' cannot line up \(a) labels with \(b) labels"
  }
  public static func alignNeedsLabels(_ axis: String) -> String {
    "'align' needs \(axis) labels on both matrices (rename! sets them; exec ... pivot by gives them)"
  }
  public static func alreadyShared(_ name: String) -> String {
    "a table is already shared as '\(name)'; undef(\"\(name)\", SHARED) first"
  }
  public static func alreadySubscribed(_ table: String, _ action: String) -> String {
    "'\(table)' already has a subscription named '\(action)'; unsubscribeTable it first or choose another actionName"
  }
  public static func ambiguousFunction(_ name: String, modules: [String]) -> String {
    "'\(name)' is defined in several modules (\(modules.joined(separator: ", "))); qualify it as '\(modules[0])::\(name)'"
  }
  public static func anomalyDescriptionCount(_ got: Int, _ metrics: Int) -> String {
    "'anomalyDescription' needs one text per metric: \(got) for \(metrics) metrics"
  }
  public static func anomalyNeedsWindow() -> String {
    "a metric with an aggregate needs windowSize and step (createAnomalyDetectionEngine(..., windowSize, step))"
  }
  public static func appendColumnCountMismatch(_ count: Int, source: String, columns: Int) -> String {
    "cannot append \(count) column\(count == 1 ? "" : "s") (\(source)) to a table of \(columns) columns"
  }
  public static func appendedLengthsDiffer(_ a: Int, _ b: Int) -> String {
    "appended columns must have one length: \(a) and \(b)"
  }
  public static func arrayNeedsType() -> String { "the first argument of 'array' must be a type such as INT" }
  public static func arrayVectorArguments() -> String {
    "an array vector is made of plain vectors of numbers, temporals or strings of one type"
  }
  public static func arrayVectorCellsMismatch(_ rows: Int, _ columns: Int, _ got: String) -> String {
    "the new value of an array vector's cells (rows: \(rows), columns: \(columns)) must be a scalar, a vector of one value per column, or one such per row, not \(got)"
  }
  public static func arrayVectorIndex(_ count: Int) -> String {
    "the index of 'arrayVector' must rise, without nulls, to the number of values (\(count))"
  }
  public static func arrayVectorIntoPlain(_ type: String) -> String {
    "cannot put an array vector into a plain \(type) vector; make the target an array vector (\(type)[])"
  }
  public static func arrayVectorNotKey(_ clause: String) -> String {
    "'\(clause)' cannot use an array vector: its cells are rows of values; reduce them first (rowMax(x) > 5, x[0])"
  }
  public static func arrayVectorNotTaken(_ name: String) -> String {
    "'\(name)' does not take an array vector; use rowSum and the other row functions, byRow, or flatten"
  }
  public static func arrayVectorRange(_ range: String) -> String {
    "a column range of an array vector runs up from 0 (lo:hi with 0 <= lo <= hi); got \(range)"
  }
  public static func arrayVectorResultShape(_ name: String) -> String {
    "\(name) on an array vector must give one value per element"
  }
  public static func arrayVectorShapesDiffer(_ name: String) -> String {
    "'\(name)' needs array vectors of one shape: as many rows, each of the same length"
  }
  public static func arrayVectorSpanInvalid(_ what: String, _ got: String) -> String {
    "an array vector's \(what) index is a position or a pair of them, not \(got)"
  }
  public static func arrayVectorTooLarge(limit: Int) -> String {
    "an array vector of more than \(limit) elements is too large"
  }
  public static func arrayVectorUnevenRows(_ name: String) -> String {
    "'\(name)' needs an array vector whose rows all have one length"
  }
  public static func asFreqNeedsCalendar(_ rule: String) -> String {
    "'asFreq' here takes a trading calendar as its rule (one addMarketHoliday made or marketHolidayDir holds), not '\(rule)'; resample with first groups by other rules"
  }
  public static func assertionFailed(_ label: String? = nil) -> String {
    label.map { "assertion '\($0)' failed" } ?? "assertion failed"
  }
  public static func assignColumnByName() -> String { "assign a table column by name: t[`col] = v" }
  public static func assignmentCountMismatch(_ values: Int, variables: Int) -> String {
    "cannot assign \(values) value\(values == 1 ? "" : "s") to \(variables) variables"
  }
  public static func boxcoxData() -> String {
    "without lmbda, 'boxcox' needs X positive, without nulls, and not all equal"
  }
  public static func boxcoxNoOptimum() -> String {
    "'boxcox' found no lambda maximizing the likelihood of X; pass lmbda"
  }
  public static func bruteRanges(_ got: String) -> String {
    "ranges of 'brute' must be a tuple of (low, high) or (low, high, num) for each variable, not \(got)"
  }
  public static func byColumnShapes(_ x: String, _ y: String) -> String {
    "'byColumn' needs columns of one length (and Y of X's shape), got \(x) and \(y)"
  }
  public static func badEngineFill(_ got: String) -> String {
    "an engine's fill must be 'none', 'null', 'ffill' or a value ('none' only alone, not in a vector of one per metric), not '\(got)'"
  }
  public static func badRegex(_ pattern: String, function: String, _ why: String) -> String {
    "'\(function)' cannot use the pattern '\(pattern)': \(why)"
  }
  public static func regexFailed(function: String, _ why: String) -> String {
    "'\(function)' could not finish a match: \(why)"
  }
  public static func barIntervalInvalid(_ interval: String, _ type: String) -> String {
    "'bar' cannot group \(type) values by \(interval): the interval must be positive, and a duration needs times"
  }
  public static func betweenNeedsRange(_ got: String) -> String { "'between' needs a range such as 1:5, not \(got)" }
  public static func binCountInvalid(_ n: Int) -> String { "the number of bins must be 1 to 1000000, not \(n)" }
  public static func binSideInvalid(_ what: String, _ got: String) -> String {
    "\(what) must be \"left\" or \"right\", not \(got)"
  }
  public static func binsNotRising(_ function: String) -> String {
    "the bins of '\(function)' must rise strictly"
  }
  public static func boolIndexLength(_ index: Int, _ count: Int) -> String {
    "a BOOL index must have one element per element: \(index) and \(count)"
  }
  public static func boundsCrossed(_ what: String, _ row: Int, _ low: Double, _ high: Double) -> String {
    "\(what): row \(row) has its min \(low) above its max \(high)"
  }
  public static func boundsMatrix(_ what: String, _ rows: Int, _ got: String) -> String {
    "\(what) must be a matrix of \(rows > 0 ? "\(rows) rows" : "one row per variable") and 2 columns (min, max), not \(got)"
  }
  public static func boundsMustBeFinite(_ what: String) -> String {
    "\(what) must be finite numbers, not null or infinite"
  }
  public static func bucketCountInvalid(_ function: String, _ n: Int, limit: Int) -> String {
    "'\(function)' needs 1 to \(limit) buckets, not \(n)"
  }
  public static func bucketRangeInvalid(_ function: String, _ type: String) -> String {
    "the data range of '\(function)' must be a pair low:high with low below high, not \(type)"
  }
  public static func bucketRangeNotMultiple(_ function: String, _ span: Int64, _ n: Int) -> String {
    "the data range of '\(function)' spans \(span), which is not a multiple of \(n) buckets"
  }
  public static func bucketRangeType(_ function: String, _ values: String, _ range: String) -> String {
    "'\(function)' cannot place \(values) values in a \(range) range"
  }
  public static func cannotAddDuration(to type: String) -> String { "cannot add a duration to \(type)" }
  public static func cannotAddDurationUnit(_ unit: String, to type: String) -> String {
    "cannot add a duration in '\(unit)' to \(type)"
  }
  public static func cannotAddMetrics(_ engine: String) -> String {
    "addMetrics adds metrics to time-series, daily time-series, session window and cross-sectional engines, not to a \(engine)"
  }
  public static func cannotAppend(to type: String) -> String { "cannot append to \(type)" }
  public static func cannotAppendToColumn(_ column: String, _ reason: String) -> String {
    "cannot append to column '\(column)': \(reason)"
  }
  public static func cannotAppendToTable(_ type: String) -> String { "cannot append \(type) to a table" }
  public static func cannotApply(_ op: String, _ a: String, _ b: String) -> String {
    "cannot apply '\(op)' to \(a) and \(b)"
  }
  public static func cannotAssignByIndex(_ type: String) -> String { "cannot assign into \(type) by index" }
  public static func cannotAssignInto(_ type: String) -> String { "cannot assign into \(type)" }
  public static func cannotCompare(_ a: String, _ b: String, with op: String) -> String {
    "cannot compare \(a) and \(b) with '\(op)'"
  }
  public static func cannotConvert(_ type: String, to target: String) -> String {
    "cannot convert \(type) to \(target)"
  }
  public static func cannotDropEveryColumn() -> String { "a table must keep at least one column" }
  public static func cannotFindModule(_ name: String, _ relative: String, searched: [String]) -> String {
    "cannot find module '\(name)' (\(relative)); searched: \(searched.joined(separator: ", "))"
  }
  public static func cannotIndex(_ type: String) -> String { "cannot index \(type)" }
  public static func cannotIndexTable(with type: String) -> String { "cannot index a table with \(type)" }
  public static func cannotIndexWithVector(_ type: String) -> String { "cannot index with a \(type) vector" }
  public static func cannotIterate(_ type: String) -> String { "cannot iterate over \(type)" }
  public static func cannotJoin(_ a: String, _ b: String) -> String { "cannot join \(a) and \(b)" }
  public static func cannotMakePair(_ a: String, _ b: String) -> String { "cannot make a pair of \(a) and \(b)" }
  public static func cannotModifyConstant(_ name: String) -> String { "cannot modify constant '\(name)'" }
  public static func cannotNegate(_ type: String) -> String { "cannot negate \(type)" }
  public static func cannotRead(_ path: String, _ reason: String? = nil) -> String {
    reason.map { "cannot read '\(path)': \($0)" } ?? "cannot read '\(path)'"
  }
  public static func cannotRedefineConstant(_ name: String) -> String { "cannot redefine constant '\(name)'" }
  public static func cannotSortTuple() -> String { "cannot sort a tuple" }
  public static func cannotTake(_ function: String, _ type: String) -> String { "'\(function)' cannot take \(type)" }
  public static func cannotPushDown(_ what: String) -> String {
    "malformed partial aggregate: \(what)"
  }
  public static func cannotTakeVector(_ function: String, of type: String) -> String {
    "'\(function)' cannot take a \(type) vector"
  }
  public static func cannotWriteJSON(_ type: String) -> String { "\(type) cannot be written as JSON" }
  public static func castNeedsType(_ got: String) -> String {
    "the right side of '$' must be a type such as INT or SYMBOL, not \(got)"
  }
  public static func cellOutOfRange(_ row: Int, _ column: Int, _ rows: Int, _ columns: Int) -> String {
    "cell (\(row), \(column)) is outside a matrix of \(rows) rows and \(columns) columns"
  }
  public static func changesMemoryTablesOnly(_ function: String, got: String) -> String {
    "'\(function)' changes a table in memory, not a \(got) (not supported yet)"
  }
  public static func chartBinsInvalid(_ n: Int, limit: Int) -> String {
    "'plotHist' needs 1 to \(limit) bins, not \(n)"
  }
  public static func chartLabelsLength(_ labels: Int, _ points: Int) -> String {
    "'plot' got \(labels) labels for \(points) points; give one label per point"
  }
  public static func chartRangeInvalid(_ type: String) -> String {
    "the range of 'plotHist' must be a pair low:high of numbers with low below high, not \(type)"
  }
  public static func chartSeriesNotNumeric(_ what: String, _ type: String) -> String {
    "a chart draws numbers: \(what) is \(type)"
  }
  public static func chartTypeInvalid(_ got: String) -> String {
    "the chartType of 'plot' must be LINE, PIE, COLUMN, BAR, AREA or SCATTER, not \(got)"
  }
  public static func checkTimeOutOfDay(_ got: String) -> String {
    "the checkTimes of 'createLookupJoinEngine' holds \(got), which is not a time of day"
  }
  public static func checkTimesForm(_ got: String) -> String {
    "the checkTimes of 'createLookupJoinEngine' must be times of day (TIME, SECOND, MINUTE or NANOTIME) or a duration such as 10s, not \(got)"
  }
  public static func colIndexOutOfRange(_ index: Int, columns: Int, of container: String) -> String {
    "'col' has no column \(index): the \(container) has \(columns) column\(columns == 1 ? "" : "s")"
  }
  public static func columnCannotHold(_ name: String, _ type: String) -> String {
    "column '\(name)' cannot hold \(type)"
  }
  public static func columnLengthMismatch(_ name: String, _ count: Int, expected: Int) -> String {
    "column '\(name)' has \(count) values where \(expected) were expected"
  }
  public static func columnLengthsDiffer(_ a: String, _ aRows: Int, _ b: String, _ bRows: Int) -> String {
    "table columns must have one length: '\(a)' has \(aRows) rows, '\(b)' has \(bRows)"
  }
  public static func columnNeedsValues(_ name: String, _ count: Int, got: Int) -> String {
    "column '\(name)' needs \(count) values, got \(got)"
  }
  public static func columnNotScalars(_ name: String) -> String { "column '\(name)' is not a vector of scalars" }
  public static func commentTooLong(_ function: String, _ limit: Int) -> String {
    "'\(function)': a comment is at most \(limit) bytes"
  }
  public static func commentsNeedText(_ function: String) -> String {
    "'\(function)' needs a dictionary of column names to comment text"
  }
  public static func conditionalIterateTooLong(_ function: String, _ limit: Int) -> String {
    "conditionalIterate runs '\(function)' over every earlier result, so it takes at most \(limit) rows; use cumlastNot, cumfirstNot or a moving function with its window bound (msum{, 3})"
  }
  public static func conditionalNeedsBool(_ got: String) -> String {
    "the condition before '?' must be BOOL, not \(got)"
  }
  public static func conditionalNull() -> String { "the condition before '?' is null" }
  public static func constraintsDependent(_ function: String) -> String {
    "'\(function)': the equality constraints are linearly dependent"
  }
  public static func contextbyLengths() -> String {
    "the grouping vectors of 'contextby' must have one length"
  }
  public static func convertExcelFormulaColumns(_ start: String, _ end: String) -> String {
    "'convertExcelFormula' needs colStart and colEnd to be column letters (such as \"A\" and \"Z\"), colStart first, not '\(start)' and '\(end)'"
  }
  public static func convertExcelFormulaRows(_ start: Int, _ end: Int) -> String {
    "'convertExcelFormula' needs rows with 0 < rowStart <= rowEnd, not \(start) and \(end)"
  }
  public static func convertExcelFormulaUnsupported(_ formula: String, _ what: String) -> String {
    "'convertExcelFormula' cannot convert '\(formula)': \(what)"
  }
  public static func countStarOutsideQuery() -> String { "'count(*)' is only meaningful in a SQL query" }
  public static func crossNeedsVectors(_ function: String, got: String) -> String {
    "'\(function)' crosses vectors, tuples or matrices, not \(got)"
  }
  public static func cumulativeGroupsOneColumnEach() -> String {
    "with 'cgroup by', each selected expression gives one column: select its parts one by one"
  }
  public static func cumulativeGroupsTooLarge(_ limit: Int) -> String {
    "'cgroup by' would read more than \(limit) rows in all: use fewer cgroup values or smaller groups"
  }
  public static func cutNeedsSizeOrPositions(_ got: String) -> String {
    "'cut' needs a positive piece size or ascending start positions, not \(got)"
  }
  public static func cutPointsNeedsValues() -> String { "'cutPoints' needs at least one value that is not null" }
  public static func dailyAlignedBarLength(_ n: String) -> String {
    "'dailyAlignedBar' needs a window length n that is a positive integer or a duration of seconds, minutes or hours no longer than a day, not \(n)"
  }
  public static func dailyAlignedBarTypes(_ x: String, _ offset: String) -> String {
    "'dailyAlignedBar' needs X of SECOND, TIME, NANOTIME, DATETIME, TIMESTAMP or NANOTIMESTAMP and timeOffset of the same precision (SECOND, TIME or NANOTIME), not \(x) and \(offset)"
  }
  public static func decimalMultiplyNeedsDecimal(_ x: String, _ y: String) -> String {
    "'decimalMultiply' needs X or Y to be DECIMAL, not \(x) and \(y)"
  }
  public static func decimalOverflow(_ type: String) -> String {
    "DECIMAL math overflow: the result does not fit in \(type); use DECIMAL64, a smaller scale or DOUBLE"
  }
  public static func decimalScaleInvalid(_ bits: Int, _ scale: Int64, max: Int) -> String {
    "the scale of DECIMAL\(bits) must be 0 to \(max), not \(scale)"
  }
  public static func decimalTextInvalid(_ text: String, _ type: String) -> String {
    "'\(text)' is not a number that \(type) can hold"
  }
  public static func delayedTimeNeedsTimeColumn() -> String {
    "'createAsofJoinEngine' takes a delayedTime only with a timeColumn (and useSystemTime=false)"
  }
  public static func definedType(_ got: Int) -> String {
    "the type of 'defined' must be VAR, SHARED or DEF (0, 1 or 2), not \(got)"
  }
  public static func derivativeN(_ got: Int) -> String {
    "the n of 'derivative' must be 1 (only first derivatives are supported), not \(got)"
  }
  public static func derivativeOrder(_ got: Int) -> String {
    "the order of 'derivative' must be an odd number in [3, 1023], not \(got)"
  }
  public static func derivativeSpacing(_ got: String) -> String {
    "the dx of 'derivative' must be a positive finite number, not \(got)"
  }
  public static func dictionaryKeysMustBeScalars() -> String { "dictionary keys must be scalars" }
  public static func dictLengthsDiffer(_ keys: Int, _ values: Int) -> String {
    "'dict' needs keys and values of one length: \(keys) and \(values)"
  }
  public static func dictNeedsVectorsOrTypes() -> String { "'dict' needs two vectors or two types" }
  public static func dictionaryNamesNoColumn(_ columns: [String]) -> String {
    "the dictionary's keys name none of the table's columns (\(columns.joined(separator: ", ")))"
  }
  public static func discreteProbabilities() -> String {
    "'randDiscrete' needs as many probabilities as values, none negative and not all zero"
  }
  public static func distributionParameters(_ function: String) -> String {
    "the parameters of '\(function)' are out of range (scales and degrees of freedom must be positive, bounds must rise)"
  }
  public static func dotScalarMatrix() -> String { "Use * rather than ** for scalar and matrix multiplication." }
  public static func duplicateColumn(_ name: String) -> String { "duplicate column name '\(name)'" }
  public static func duplicateKey(_ key: String) -> String {
    "the key \(key) appears more than once; a keyed table holds one row per key"
  }
  public static func eachLengthsDiffer(_ n: Int, _ count: Int, argument: Int) -> String {
    "'each' needs arguments of one length: \(n) and \(count) (argument \(argument))"
  }
  public static func emptyPattern(_ function: String) -> String { "the pattern of '\(function)' cannot be empty" }
  public static func encodingNotHeld(_ function: String, _ encoding: String) -> String {
    "'\(function)' cannot convert non-ASCII text to or from \(encoding): strings here hold Unicode text, not \(encoding) bytes"
  }
  public static func engineExists(_ name: String) -> String {
    "a stream engine named '\(name)' already exists; dropStreamEngine(\"\(name)\") first"
  }
  public static func engineFillCount(_ got: Int, _ metrics: Int) -> String {
    "an engine's fill gives \(got) rules for \(metrics) metric values; give one, or one per metric"
  }
  public static func engineNeedsSession(_ name: String) -> String {
    "the stream engine '\(name)' takes rows from a session (append!, tableInsert or a subscription)"
  }
  public static func engineNeedsTimeColumn(_ function: String) -> String {
    "'\(function)' needs a timeColumn when useSystemTime is false"
  }
  public static func eqObjPrecision(_ given: Int) -> String {
    "the precision of 'eqObj' must be a number of decimal digits from 0 to 15, not \(given)"
  }
  public static func ewmDecayInvalid(_ got: String) -> String {
    "'ewmMean' needs com >= 0, span >= 1, halfLife > 0 or alpha in (0, 1], not \(got)"
  }
  public static func ewmNeedsOneDecay() -> String {
    "'ewmMean' needs exactly one of com, span, halfLife and alpha"
  }
  public static func execPivotNeedsOneColumn() -> String {
    "'exec ... pivot by' makes a matrix of one selected column; use 'select' for several"
  }
  public static func exprNeedsOperand() -> String { "'expr' needs an operand after each operator" }
  public static func eyeNeedsSize() -> String { "'eye' needs a size from 1 to 10000" }
  public static func fewerPoints(_ function: String, _ least: Int, _ got: Int) -> String {
    "'\(function)' needs at least \(least) points, not \(got)"
  }
  public static func findKeys(_ given: Int, _ keys: Int) -> String {
    "'find' on a keyed table needs a value for each of its \(keys) key columns (a tuple of vectors for several), not \(given)"
  }
  public static func findTable(_ columns: Int) -> String {
    "'find' needs a keyed or indexed table, or a table of one column, not a table of \(columns) columns"
  }
  public static func fromNeedsTable(_ got: String) -> String { "'from' needs a table, not \(got)" }
  public static func gaussianKdeBandwidth(_ got: String) -> String {
    "the bwMethod of 'gaussianKde' must be 'scott', 'silverman', a positive number or a function of X giving one, not \(got)"
  }
  public static func gaussianKdeDimensions(_ model: Int, _ got: Int) -> String {
    "'gaussianKdePredict' needs points of the model's \(model) dimensions, not \(got)"
  }
  public static func gaussianKdeNeedsModel(_ got: String) -> String {
    "'gaussianKdePredict' needs the dictionary 'gaussianKde' gives (X, cov, weights), not \(got)"
  }
  public static func gaussianKdeNoPoints(_ function: String) -> String { "'\(function)' needs at least one point" }
  public static func gaussianKdeSingular() -> String {
    "'gaussianKde': the covariance of X is singular (a dimension is constant, or one is a combination of others)"
  }
  public static func gaussianKdeTooFewPoints(_ n: Int, _ d: Int) -> String {
    "'gaussianKde' needs more points (\(n)) than dimensions (\(d))"
  }
  public static func gaussianKdeWeights() -> String {
    "the weights of 'gaussianKde' must be zero or more, not null, and not all zero"
  }
  public static func getChunkPathNeedsDFS(_ table: String) -> String {
    "'getChunkPath' needs data sources over a dfs:// table, not over \(table)"
  }
  public static func getTabletOneLevel() -> String {
    "'getTablet' takes a table partitioned on one level; select the rows of a COMPO partition with a where clause"
  }
  public static func gmd5MixedTypes(_ function: String, _ a: String, _ b: String) -> String {
    "'\(function)' needs elements of one type, not \(a) and \(b)"
  }
  public static func gmd5Type(_ function: String, _ type: String) -> String {
    "'\(function)' hashes integral, temporal, FLOAT and DOUBLE elements, not \(type)"
  }
  public static func gramSchmidtDependent() -> String {
    "'gramSchmidt' needs linearly independent columns: a column is a combination of the ones before it"
  }
  public static func groupCountRange(_ function: String, _ got: Int) -> String {
    "the groupCount of '\(function)' must be an integer from 2 to 8, not \(got)"
  }
  public static func groupTagRange(_ function: String, _ tag: Int64, _ count: Int) -> String {
    "the membership tags of '\(function)' must be in [0, \(count)), got \(tag)"
  }
  public static func groupbyResult(_ function: String, _ got: String) -> String {
    "'groupby' needs '\(function)' to give a scalar or a dictionary per group, not \(got)"
  }
  public static func groupResult(_ caller: String, _ function: String, _ rows: Int, _ got: String) -> String {
    "'\(caller)': '\(function)' must give one value or \(rows) values for a group of \(rows), not \(got)"
  }
  public static func groupsModeInvalid(_ mode: String) -> String {
    "the mode of 'groups' must be \"dict\", \"table\", \"vector\" or \"tuple\", not \"\(mode)\""
  }
  public static func histogramBins(_ function: String) -> String {
    "the bins of '\(function)' must be a positive count, increasing edges (at least 2), or a tuple of two of these, within 10000000 cells"
  }
  public static func histogramNulls(_ function: String, _ what: String) -> String {
    "\(what) of '\(function)' cannot contain nulls"
  }
  public static func histogramRange(_ function: String) -> String {
    "the range of '\(function)' must be two pairs of finite bounds, [[xmin, xmax], [ymin, ymax]], each min <= max"
  }
  public static func hitNeedsTests(_ function: String) -> String {
    "the function of '\(function)' must give one true or false per element"
  }
  public static func iifLengthsDiffer(_ n: Int, _ count: Int) -> String {
    "'iif' needs vectors of one length: \(n) and \(count)"
  }
  public static func imrCarryover() -> String {
    "'imr' does not take carryover=true yet: the map function gets each data source's rows and the previous result"
  }
  public static func imrDidNotConverge(_ n: Int) -> String {
    "'imr' stopped after \(n) iterations: its terminate function never said to stop"
  }
  public static func imrNeedsTerminate() -> String {
    "'imr' needs a terminate function or threshold: imr(ds, initValue, mapFunc, [reduceFunc], [finalFunc], terminateFunc)"
  }
  public static func incompatibleSizes(_ op: String, _ a: Int, _ b: Int) -> String {
    "incompatible sizes for '\(op)': \(a) and \(b)"
  }
  public static func integerOverflow(_ function: String) -> String {
    "'\(function)' overflowed LONG"
  }
  public static func incompatibleType(expected: String, actual: String) -> String {
    "incompatible type: expected \(expected), actual \(actual)"
  }
  public static func indexedAssignmentCountMismatch(_ values: Int, positions: Int) -> String {
    "cannot assign \(values) values to \(positions) positions"
  }
  public static func indexOutOfRange(_ index: Int, size: Int, of container: String = "vector") -> String {
    "index \(index) is out of range for a \(container) of size \(size)"
  }
  public static func indexedLabelsInvalid(_ function: String, _ side: String) -> String {
    "'\(function)' needs \(side) labels that increase, without nulls or repeats"
  }
  public static func indexedSeriesOneColumn(_ columns: Int) -> String {
    "an indexed series has one column, not \(columns); use setIndexedMatrix! for a matrix"
  }
  public static func insertCountMismatch(_ columns: Int, values: Int) -> String {
    "'insert' names \(columns) columns but gives \(values) values"
  }
  public static func integralSecondBounds() -> String {
    "a double 'integral' needs both start2 and end2"
  }
  public static func integralTooManyEvaluations(_ limit: Int) -> String {
    "'integral' stopped after running its function \(limit) times"
  }
  public static func interpolateLimit(_ given: Int) -> String {
    "the limit of 'interpolate' must be a positive number of nulls, not \(given)"
  }
  public static func interpolationInvalid(_ name: String) -> String {
    "the interpolation must be linear, lower, higher, nearest or midpoint, not '\(name)'"
  }
  public static func interrupted() -> String { "interrupted" }
  public static func invalidAssignmentTarget() -> String { "cannot assign to this expression" }
  public static func invalidColumnType(_ name: String, _ given: String) -> String {
    "column '\(name)' has no valid type: \(given)"
  }
  public static func intervalFillInvalid(_ given: String) -> String {
    "the fill of 'interval' is \"none\", \"null\", \"prev\", \"post\", \"linear\" or a value, not \(given)"
  }
  public static func intervalFillTooLarge(_ limit: Int) -> String {
    "'interval' would fill more than \(limit) rows: use a longer step or a shorter span"
  }
  public static func invalidIndexedTarget() -> String { "cannot assign into this expression" }
  public static func invalidIntegerText(_ function: String, _ text: String) -> String {
    "'\(function)' cannot parse \"\(text)\": no digit comes first"
  }
  public static func isDuplicatedKeep() -> String {
    "the keep of 'isDuplicated' must be FIRST, LAST or NONE"
  }
  public static func joinConditionNotBool(_ type: String) -> String {
    "a join's 'on' condition must give BOOL values, not \(type)"
  }
  public static func joinEngineNeedsTime(_ function: String) -> String {
    "'\(function)' needs a timeColumn: the name of both sides' time column, or a left and a right name"
  }
  public static func joinRowCountMismatch(_ rows: Int, _ count: Int) -> String {
    "cannot join a table of \(rows) rows to one of \(count) rows"
  }
  public static func jsonExtractType(_ type: String) -> String {
    "the type of 'jsonExtract' must be 'long', 'int', 'double' or 'string', not '\(type)'"
  }
  public static func jsonTooDeep(_ limit: Int) -> String { "JSON nested more than \(limit) levels deep" }
  public static func keyColumnFixed(_ name: String) -> String {
    "'\(name)' is a key column of a keyed table: it cannot be updated, replaced or dropped"
  }
  public static func keyColumnsNeedNames(_ function: String, _ got: String) -> String {
    "the first argument of '\(function)' names the key columns (`id or `sym`date), not \(got)"
  }
  public static func keyCountNeedsCount(_ got: String) -> String {
    "triggeringPattern='keyCount' needs a positive triggeringInterval (rows of one timestamp), not \(got)"
  }
  public static func keyCountNeedsTimeColumn() -> String {
    "triggeringPattern='keyCount' needs a timeColumn and useSystemTime=false"
  }
  public static func keyListLengthsDiffer() -> String { "the two key lists must have one length" }
  public static func knotsInvalid(_ function: String) -> String {
    "'\(function)': the knots t must increase strictly inside (x[0], x[last]) with data points between them (the Schoenberg-Whitney conditions)"
  }
  public static func latestTimeColumnNames(_ function: String, pairAllowed: Bool, got: String) -> String {
    let pair = pairAllowed ? " or a DATE and a time column (`date`time)" : ""
    return "the timeColumn of '\(function)' names one time column (`time)\(pair), not \(got)"
  }
  public static func latestTimeColumnType(_ function: String, _ column: String, _ type: String) -> String {
    "the timeColumn of '\(function)' must be an integral or temporal column; '\(column)' is \(type)"
  }
  public static func latestTimePairTypes(_ function: String, _ first: String, _ second: String) -> String {
    "the two time columns of '\(function)' must be a DATE and a TIME, SECOND or NANOTIME, not \(first) and \(second)"
  }
  public static func lengthMismatch(_ function: String, _ a: Int, _ b: Int) -> String {
    "'\(function)' needs vectors of one length, not \(a) and \(b)"
  }
  public static func linearFillValue(_ got: String) -> String {
    "the fillValue of 'linearInterpolateFit' must be \"extrapolate\" or a pair (below, above), not \(got)"
  }
  public static func locFilterLength(_ what: String, _ got: Int, _ count: Int) -> String {
    "the \(what) of 'loc' has \(got) BOOL values for \(count) rows or columns"
  }
  public static func locNoSuchLabel(_ what: String, _ label: String) -> String {
    "the \(what) of 'loc' names \(label), which is not a label (or position) of the matrix"
  }
  public static func logBase(_ base: String) -> String {
    "the base of 'log' must be a positive number other than 1, not \(base)"
  }
  public static func maTypeInvalid(_ got: String) -> String {
    "the maType of 'ma' must be 0 (sma), 1 (ema), 2 (wma), 3 (dema), 4 (tema), 5 (trima), 6 (kama) or 8 (t3), not \(got)"
  }
  public static func macroNeedsNames(_ form: String, got: String) -> String {
    form == "_$"
      ? "a '_$' macro variable must hold one column name as a STRING, not \(got)"
      : "a '_$$' macro variable must hold column names as a STRING vector, not \(got)"
  }
  public static func macroOutsideQuery() -> String {
    "macro variables ('_$name', '_$$names') and column series ('col1...col3') name columns: use them inside SQL"
  }
  public static func matrixColumnLength(_ count: Int, rows: Int) -> String {
    "a matrix column has \(count) elements, not the \(rows) rows of the matrix"
  }
  public static func matrixEmpty(_ function: String) -> String { "'\(function)' cannot take an empty matrix" }
  public static func matrixHasNull(_ function: String) -> String {
    "'\(function)' cannot take a matrix with null cells"
  }
  public static func matrixLabelCount(_ what: String, _ count: Int, expected: Int) -> String {
    "\(count) \(what) labels for a matrix of \(expected) \(what)s"
  }
  public static func matrixMixedTypes(_ types: [String]) -> String {
    "the columns of a matrix must have one type, not \(types.joined(separator: ", "))"
  }
  public static func matrixNotSquare(_ function: String, _ rows: Int, _ columns: Int) -> String {
    "'\(function)' needs a square matrix, not \(rows) x \(columns)"
  }
  public static func matrixNotPositiveDefinite(_ function: String) -> String {
    "'\(function)': the matrix is not positive definite"
  }
  public static func matrixOrderTooLarge(_ function: String, _ order: Int, limit: Int) -> String {
    "'\(function)' takes matrices of at most \(limit) x \(limit), not \(order) x \(order)"
  }
  public static func matrixProductShapes(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> String {
    "a matrix product needs the left's columns to match the right's rows: \(r1) x \(c1) and \(r2) x \(c2)"
  }
  public static func matrixShapeTooLarge(_ function: String, _ rows: Int, _ columns: Int, limit: Int) -> String {
    "'\(function)' takes matrices of at most \(limit) rows and \(limit) columns, not \(rows) x \(columns)"
  }
  public static func matrixShapeMismatch(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) -> String {
    "a \(r1)x\(c1) matrix and a \(r2)x\(c2) matrix do not have the same shape"
  }
  public static func matrixSingular(_ function: String) -> String {
    "'\(function)': the matrix is singular"
  }
  public static func matrixTooLarge(_ rows: Int, _ columns: Int, limit: Int) -> String {
    "a matrix of \(rows) rows by \(columns) columns is more than \(limit) cells"
  }
  public static func mergeKinds() -> String {
    "'merge' joins two indexed series or two indexed matrices, not one of each"
  }
  public static func mergeNeedsIndexed(_ what: String, got: String) -> String {
    "the \(what) of 'merge' must be an indexed series or indexed matrix, not \(got)"
  }
  public static func metacodeConditionExpected() -> String {
    "'t[column, condition] = <expr>' needs the condition as metacode, such as <sym = `IBM>"
  }
  public static func metacodeValueMissing() -> String { "metacode refers to a value it does not hold" }
  public static func methodNotSupported(_ function: String, _ method: String) -> String {
    "'\(function)' does not support method '\(method)'"
  }
  public static func minPeriodsOutOfRange(_ function: String, _ p: Int, window: Int) -> String {
    "the minPeriods of '\(function)' must be between 1 and the window \(window), not \(p)"
  }
  public static func minkowskiOrder(_ got: String) -> String {
    "the order p of 'minkowski' must be a positive number (NULL for infinity), not \(got)"
  }
  public static func minkowskiWeights() -> String { "the weights of 'minkowski' must not be negative" }
  public static func missingArgument(_ parameter: String, function: String) -> String {
    "missing argument '\(parameter)' in call to '\(function)'"
  }
  public static func mixedVectorLiteral(_ a: String, _ b: String) -> String {
    "cannot mix \(a) and \(b) in a vector literal"
  }
  public static func moduleAlreadySaved(_ path: String) -> String {
    "'\(path)' exists; saveModule(name, moduleDir, true) replaces it"
  }
  public static func moduleFunctionNeedsName() -> String { "a module function needs a name" }
  public static func moduleHasNoFunction(_ module: String, _ name: String) -> String {
    "module '\(module)' has no function '\(name)'"
  }
  public static func moduleHeaderMissing(_ name: String) -> String { "module file must start with 'module \(name)'" }
  public static func moduleNameMismatch(_ declared: String, loadedAs name: String) -> String {
    "module file declares '\(declared)' but was loaded as '\(name)'"
  }
  public static func moduleNotLoaded(_ module: String) -> String {
    "module '\(module)' is not loaded; add 'use \(module)' first"
  }
  public static func moduleOnlyFunctions() -> String { "a module may contain only function definitions and 'use'" }
  public static func moduleScriptsMismatch(_ names: Int, _ scripts: Int) -> String {
    "loadModuleFromScript needs one script per module name: \(names) name\(names == 1 ? "" : "s") and \(scripts) script\(scripts == 1 ? "" : "s")"
  }
  public static func monthOutOfRange(_ function: String, _ month: Int) -> String {
    "the month of '\(function)' must be 1 to 12, not \(month)"
  }
  public static func mrNeedsDataSource() -> String { "'mr' needs at least one data source" }
  public static func multipleAssignmentNeedsNames() -> String { "multiple assignment needs plain variable names" }
  public static func multivariateNormalAsymmetric() -> String {
    "the covar of 'randMultivariateNormal' must be a symmetric matrix"
  }
  public static func multivariateNormalShape(_ means: Int, _ order: Int) -> String {
    "'randMultivariateNormal' needs a mean for each of the \(order) rows of covar, not \(means)"
  }
  public static func mustBeBoolRows(_ what: String, got: String) -> String {
    "\(what) must be a BOOL matrix or array vector, not \(got)"
  }
  public static func mustBeDate(_ what: String, got: String) -> String { "\(what) must be a date, not \(got)" }
  public static func mustBeDictionary(_ what: String, got: String) -> String {
    "\(what) must be a dictionary, not \(got)"
  }
  public static func mustBeFunction(_ what: String, got: String) -> String { "\(what) must be a function, not \(got)" }
  public static func mustBeInteger(_ what: String, got: String) -> String { "\(what) must be an integer, not \(got)" }
  public static func mustBeMetacode(_ what: String, got: String) -> String {
    "\(what) must be metacode (such as <x + 1>), not \(got)"
  }
  public static func mustBeNonNegative(_ what: String, _ got: String) -> String {
    "\(what) must be zero or more, not \(got)"
  }
  public static func mustBeOneOf(_ what: String, _ options: [String], got: String) -> String {
    "\(what) must be one of \(options.joined(separator: ", ")), not \(got)"
  }
  public static func mustBeOperator(_ function: String, got: String) -> String {
    "'\(function)' needs an operator such as + or < here, not \(got)"
  }
  public static func mustBePositive(_ what: String, _ n: Int) -> String {
    "\(what) must be a positive integer, not \(n)"
  }
  public static func mustBePositiveNumber(_ what: String, _ got: String) -> String {
    "\(what) must be a positive number, not \(got)"
  }
  public static func mustReturnNumber(_ function: String, _ got: String) -> String {
    "the function '\(function)' calls must return a number, not \(got)"
  }
  public static func mustReturnScalar(_ what: String, got: String) -> String {
    "\(what) must return a scalar, not \(got)"
  }
  public static func mutationRange(_ what: String, _ got: String) -> String {
    "\(what) must be a number or a pair (min, max) in [0, 2), not \(got)"
  }
  public static func mustBeString(_ what: String, got: String) -> String { "\(what) must be a string, not \(got)" }
  public static func mustBeIntegerPair(_ what: String, got: String) -> String {
    "\(what) must be a pair of integers, not \(got)"
  }
  public static func mustBeMatrixOrArrayVector(_ what: String, got: String) -> String {
    "\(what) must be a matrix or an array vector, not \(got)"
  }
  public static func mustBeMatrix(_ what: String, got: String) -> String { "\(what) must be a matrix, not \(got)" }
  public static func mustBeScalar(_ what: String, got: String) -> String { "\(what) must be a scalar, not \(got)" }
  public static func mustBeScalarFill(_ function: String, got: String) -> String {
    "the fill value of '\(function)' must be a non-null scalar, not \(got)"
  }
  public static func mustBeTable(_ what: String, got: String) -> String { "\(what) must be a table, not \(got)" }
  public static func mustBeTuple(_ what: String, got: String) -> String { "\(what) must be a tuple, not \(got)" }
  public static func mustBeVector(_ what: String, got: String) -> String { "\(what) must be a vector, not \(got)" }
  public static func mvccTableNeedsName() -> String {
    "mvccTable(capacity:size, colNames, colTypes, path, tableName): a path needs the table's name after it"
  }
  public static func namesMismatch(_ names: Int, got: String, _ count: Int) -> String {
    "\(names) column names need \(names) values (a tuple, a matrix, a table or a vector of them); the expression gave \(count) (\(got))"
  }
  public static func needsBoolVector(_ function: String, got: String) -> String {
    "'\(function)' with one argument needs a BOOL vector, not \(got)"
  }
  public static func needsBoth(_ function: String, _ a: String, _ b: String) -> String {
    "'\(function)' needs \(a) and \(b) together"
  }
  public static func needsDataSources(_ function: String, got: String) -> String {
    "'\(function)' needs data sources (from sqlDS, repartitionDS or textChunkDS), not \(got)"
  }
  public static func needsDatabaseTable(_ function: String, got: String) -> String {
    "'\(function)' needs a table of a dfs:// database, not \(got)"
  }
  public static func needsDate(_ function: String, got: String) -> String {
    "'\(function)' needs dates (DATE, MONTH, DATETIME, TIMESTAMP, ...), not \(got)"
  }
  public static func needsDateTime(_ function: String, got: String) -> String {
    "'\(function)' needs DATETIME, TIMESTAMP or NANOTIMESTAMP values, not \(got)"
  }
  public static func needsDictionary(_ function: String, got: String) -> String {
    "'\(function)' needs a dictionary, not \(got)"
  }
  public static func needsIncreasing(_ function: String, strictly: Bool) -> String {
    "'\(function)' needs X \(strictly ? "strictly increasing" : "in increasing order")"
  }
  public static func needsInteger(_ clause: String) -> String { "'\(clause)' needs an integer" }
  public static func needsIntegers(_ function: String, got: String) -> String {
    "'\(function)' needs integers (a number or a vector of them), not \(got)"
  }
  public static func needsMatrices(_ function: String, got: String) -> String {
    "'\(function)' needs a tuple of matrices, not \(got)"
  }
  public static func needsMatrix(_ function: String, got: String) -> String {
    "'\(function)' needs a matrix, not \(got)"
  }
  public static func needsModel(_ function: String, _ model: String) -> String {
    "'\(function)' needs a model '\(model)' gave, a dictionary"
  }
  public static func needsNonNegativeInteger(_ clause: String) -> String { "'\(clause)' needs a non-negative integer" }
  public static func needsNumber(_ function: String, got: String) -> String {
    "'\(function)' needs a number, not \(got)"
  }
  public static func needsPairRange(_ function: String, got: String) -> String {
    "'\(function)' needs a range such as 2:5 (a pair of positions), not \(got)"
  }
  public static func needsNoNulls(_ function: String) -> String { "'\(function)' cannot take null values" }
  public static func needsPartitionedInMemoryTable(_ function: String, got: String) -> String {
    "'\(function)' needs a partitioned in-memory table (db = database(\"\", ...); db.createPartitionedTable(...)), not \(got)"
  }
  public static func needsPositiveInteger(_ function: String) -> String {
    "'\(function)' needs positive integers"
  }
  public static func needsPositiveStdev(_ function: String) -> String {
    "'\(function)' needs a numeric mean and a positive standard deviation"
  }
  public static func needsRows(_ function: String, got: String) -> String {
    "'\(function)' needs rows: a matrix, an array vector or a tuple of vectors, not \(got)"
  }
  public static func needsScalarVector(_ function: String) -> String {
    "'\(function)' needs a vector of scalars, not a tuple of mixed values"
  }
  public static func needsSets(_ function: String, _ a: String, _ b: String) -> String {
    "'\(function)' needs two sets, not \(a) and \(b)"
  }
  public static func needsSixteenBytes(_ function: String, got: String) -> String {
    "'\(function)' needs a UUID, IPADDR or INT128, not \(got)"
  }
  public static func needsString(_ function: String, got: String) -> String {
    "'\(function)' needs a string, not \(got)"
  }
  public static func needsTable(_ function: String, got: String) -> String { "'\(function)' needs a table, not \(got)" }
  public static func needsTemporal(_ function: String, got: String) -> String {
    "'\(function)' needs a temporal value, not \(got)"
  }
  public static func needsTimeOfDay(_ function: String, got: String) -> String {
    "'\(function)' needs a SECOND, TIME or NANOTIME, not \(got)"
  }
  public static func needsVectorOrMatrix(_ function: String, got: String) -> String {
    "'\(function)' needs a vector or a matrix, not \(got)"
  }
  public static func needsVectors(_ function: String, got: String) -> String {
    "'\(function)' needs vectors, not \(got)"
  }
  public static func negativeCount(_ what: String, _ count: Int) -> String { "\(what) cannot be negative (\(count))" }
  public static func noColumn(_ name: String, in table: String = "the table") -> String {
    "\(table) has no column '\(name)'"
  }
  public static func noConvergence(_ function: String) -> String { "'\(function)' did not converge" }
  public static func noEngine(_ name: String) -> String { "no stream engine named '\(name)'" }
  public static func noMember(_ name: String, in type: String) -> String { "\(type) has no member '\(name)'" }
  public static func noModulePath(_ module: String) -> String {
    "cannot load module '\(module)': no module path is set"
  }
  public static func noSuchParameter(_ parameter: String, function: String) -> String {
    "'\(function)' has no parameter named '\(parameter)'"
  }
  public static func noTradingCalendar(_ name: String) -> String {
    "no trading calendar '\(name)': add one with addMarketHoliday, or put \(name).csv in the node's marketHolidayDir"
  }
  public static func normNeedsPair(_ got: String) -> String {
    "'norm' takes (mean, std, count) or (mean:std, count); a first of two arguments must be a pair, not \(got)"
  }
  public static func notABinary128(_ text: String, _ type: String) -> String {
    switch type {
    case "UUID":
      return "'\(text)' is not a UUID: write 32 hex digits as 8-4-4-4-12, such as 5d212a78-cc48-e3b1-4235-b4d91473ee87"
    case "IPADDR": return "'\(text)' is not an IP address: write 192.168.1.13 or an IPv6 address such as 2001:db8::1"
    default: return "'\(text)' is not an \(type): write 32 hex digits"
    }
  }
  public static func notADuration(_ text: String) -> String {
    "'\(text)' is not a duration: write a count and a unit, such as \"3m\", \"1d\" or \"500ms\""
  }
  public static func notAFunction(_ type: String) -> String { "\(type) is not a function" }
  public static func notAFunctionDefinition(_ name: String) -> String {
    "the source of '\(name)' is not one function definition"
  }
  public static func notAVariable(_ name: String) -> String { "'\(name)' is not a variable" }
  public static func notBase64(_ text: String) -> String {
    "'\(text.prefix(40))' is not Base64 text of UTF-8"
  }
  public static func notDolphinJSON(_ why: String) -> String {
    "the text is not DolphinDB's JSON of an object (as toJson writes it): \(why)"
  }
  public static func notJSON(_ text: String) -> String { "'\(text)' is not JSON" }
  public static func notJoinEngine(_ got: String) -> String {
    "the engine must be a join engine (createAsofJoinEngine, createLookupJoinEngine, ...), not \(got)"
  }
  public static func notOnePerGroup(_ column: String) -> String {
    "'\(column)' must give one value per group (use an aggregate such as sum or first)"
  }
  public static func notPositiveSemidefinite(_ function: String, _ what: String) -> String {
    "'\(function)': \(what) must be positive semidefinite"
  }
  public static func notShared(_ name: String) -> String { "no table is shared as '\(name)'" }
  public static func notStreamEngine(_ function: String, _ got: String) -> String {
    "'\(function)' needs a stream engine (what createTimeSeriesEngine and the like return) or its name, not \(got)"
  }
  public static func notSubscribed(_ table: String, _ action: String) -> String {
    "'\(table)' has no subscription named '\(action)'"
  }
  public static func nullCompareFunction(_ name: String) -> String {
    "'nullCompare' takes <, <=, >, >=, between or in, not '\(name)'"
  }
  public static func inTableColumns(_ n: Int) -> String {
    "'in' looks in a table of one column or a keyed or indexed table's keys, not a table of \(n) columns"
  }
  public static func numberPatternInvalid(_ text: String) -> String {
    let shown = text.count > 40 ? text.prefix(40) + "..." : Substring(text)
    return "'\(shown)' is not a number format: use digits 0 and # (at most 18 after the point), with optional"
      + " , . % E0 and a ';' before a pattern for negatives (such as \"#,##0.00\")"
  }
  public static func objectChecksumPrev(_ got: Int) -> String {
    "the prev of 'objectChecksum' must be an earlier checksum (32 bits), not \(got)"
  }
  public static func objectChecksumType(_ type: String) -> String {
    "'objectChecksum' takes BOOL, CHAR, integer, temporal, FLOAT, DOUBLE, DECIMAL or STRING vectors, not \(type)"
  }
  public static func olsMode(_ mode: Int) -> String { "the mode of 'ols' must be 0, 1 or 2, not \(mode)" }
  public static func oneHotColumn(_ name: String) -> String {
    "the encodingColumns of 'oneHot' must name columns of the table, and it has no column '\(name)'"
  }
  public static func optimizerResultShape(_ function: String, _ what: String, _ expected: String, _ got: String)
    -> String
  {
    "'\(function)': \(what) must return \(expected), not \(got)"
  }
  public static func optionOutOfRange(_ what: String, _ value: Int, _ range: ClosedRange<Int>) -> String {
    "\(what) must be \(range.lowerBound) to \(range.upperBound), not \(value)"
  }
  public static func removeIndexNotAscending() -> String {
    "the positions 'remove!' takes out must be strictly ascending"
  }
  public static func removeIndexOutOfRange(_ p: Int64, _ n: Int) -> String {
    "'remove!' cannot take out position \(p) of \(n) element\(n == 1 ? "" : "s") (positions are 0 to \(n - 1))"
  }
  public static func temporalFractionWidth(_ pattern: String, _ field: String, _ digits: String) -> String {
    "invalid temporal format '\(pattern)': \(field) must have \(digits) digits"
  }
  public static func invalidSharedName(_ function: String, _ name: String) -> String {
    "the sharedName of '\(function)' must be a variable name (letters, digits, '_'), not '\(name)'"
  }
  public static func negativeWeights(_ function: String) -> String {
    "the weights of '\(function)' must not be negative"
  }
  public static func unknownDigest(_ name: String) -> String {
    "'hmac' takes the digest sha1, sha256, sha384, sha512 or md5, not '\(name)'"
  }
  public static func mustBeSymbolVector(_ what: String, got: String) -> String {
    "\(what) must be a SYMBOL vector or matrix, not \(got)"
  }
  public static func memberNotFound(_ function: String, _ key: String) -> String {
    "'\(function)': there is no member \(key)"
  }
  public static func memberModifyNeedsContainer(_ got: String) -> String {
    "'memberModify!' changes members of a tuple, a dictionary or an object, not of \(got)"
  }
  public static func memberModifyNeedsInPlace(_ got: String) -> String {
    "the function of 'memberModify!' must be an in-place built-in such as append!, not \(got)"
  }
  public static func unknownClass(_ name: String) -> String { "no class named '\(name)' is defined" }
  public static func duplicateAttribute(_ cls: String, _ name: String) -> String {
    "the class '\(cls)' declares the attribute '\(name)' twice (or its base class has it)"
  }
  public static func unknownAttributeType(_ name: String, _ type: String) -> String {
    "the attribute '\(name)' has an unknown type '\(type)'"
  }
  public static func unknownMethod(_ cls: String, _ name: String) -> String {
    "the class '\(cls)' has no method '\(name)'"
  }
  public static func unknownAttribute(_ cls: String, _ name: String) -> String {
    "the class '\(cls)' has no attribute '\(name)'"
  }
  public static func noConstructor(_ cls: String, got: Int) -> String {
    "the class '\(cls)' has no constructor (def \(cls)(...)) to take \(got) argument\(got == 1 ? "" : "s")"
  }
  public static func mustBeClass(_ what: String, got: String) -> String {
    "\(what) must be a class (its name, as in isInstanceOf(obj, Person)), not \(got)"
  }
  public static func notAnObject(_ what: String, got: String) -> String {
    "\(what) must be an object of a class, not \(got)"
  }
  public static func voidVector(_ function: String) -> String {
    "'\(function)' cannot make a vector of untyped NULL (VOID): give the NULL a type, such as int(NULL) or 00f"
  }
  public static func outOfMemory(_ what: String, _ count: Int, limit: String) -> String {
    "\(what) (\(count)) needs more memory than this node allows (maxMemSize: \(limit))"
  }
  public static func outOfUnitRange(_ what: String, _ got: String) -> String {
    "\(what) must be between 0 and 1, not \(got)"
  }
  public static func pairNeedsScalars(_ a: String, _ b: String) -> String {
    "both sides of ':' must be scalars, not \(a) and \(b)"
  }
  public static func parseExprNeedsExpression(_ text: String) -> String {
    "'parseExpr' needs one expression, not '\(text)'"
  }
  public static func parseIntegerType(_ got: String) -> String {
    "the type of 'parseInteger' must be CHAR, SHORT, INT or LONG, not \(got)"
  }
  public static func parserCannotOpen(_ function: String) -> String {
    "streamEngineParser cannot split '\(function)': a function it opens must be assignments to names and one return"
  }
  public static func parserNeedsTimeColumn() -> String {
    "streamEngineParser needs a timeColumn: the stages pass it on to each other"
  }
  public static func parserRollingSteps() -> String {
    "streamEngineParser: the 'rolling' calls of one time-series stage must have the same step"
  }
  public static func parserTooDeep(_ function: String) -> String {
    "streamEngineParser: script functions nest too deep at '\(function)' (at most 64 opened inside each other)"
  }
  public static func parserWindows() -> String {
    "streamEngineParser: the windows of 'rolling' calls in one stage must be integers or all the same"
  }
  public static func partitionColumnFixed(_ name: String) -> String {
    "'\(name)' is a partitioning column of a partitioned table: it cannot be updated, replaced or dropped"
  }
  public static func partialNeedsFunction() -> String { "only a function can be partially applied" }
  public static func penalizedNulls(_ function: String) -> String {
    "'\(function)' cannot take nulls in Y, X or the weights; fill them, or pass checkInput=false to leave their rows out"
  }
  public static func penalizedWeightColumn(_ function: String, _ column: String?) -> String {
    guard let column else { return "the swColName of '\(function)' names a column of X, so X must be a table" }
    return "the swColName of '\(function)' must name a column of X, and X has no column '\(column)'"
  }
  public static func penalizedWeights(_ function: String) -> String {
    "the sample weights of '\(function)' must be zero or more, and not all zero"
  }
  public static func percentileOutOfRange(_ function: String, _ got: String, upper: Int) -> String {
    "the second argument of '\(function)' must be a number from 0 to \(upper), not \(got)"
  }
  public static func percentileRankMethod(_ method: String) -> String {
    "the method of 'percentileRank' must be 'excel', 'weak', 'strict' or 'mean', not '\(method)'"
  }
  public static func pivotCallShape(_ name: String, got: String, rows: Int, columns: Int) -> String {
    "'\(name)' of the pivoted cells must give a matrix of \(rows) rows and \(columns) columns or one value per row, not \(got)"
  }
  public static func pluginsNotSupported(_ name: String) -> String {
    "cannot load the plugin '\(name)': DolphinDB's plugins are libraries built for DolphinDB's server, which Porpoise cannot load; read the data with loadText or through Porpoise's own built-ins instead"
  }
  public static func powNeedsNumbers(_ a: String, _ b: String) -> String { "'pow' needs numbers, not \(a) and \(b)" }
  public static func pivotTooLarge(_ rows: Int, _ columns: Int, limit: Int) -> String {
    "'pivot by' would make \(rows) rows by \(columns) columns, more than \(limit) cells"
  }
  public static func queryNeedsFrom() -> String { "a query needs 'from' and a table" }
  public static func queryResultTooLarge(_ size: String, limit: String) -> String {
    "the result of this query takes about \(size), more than the \(limit) a query's result may take here (the node's memLimitOfQueryResult, or the user's QUERY_RESULT_MEM_LIMIT); narrow the query"
  }
  public static func qcutBadProbabilities() -> String {
    "the quantiles of 'qcut' must be at least two probabilities from 0 to 1, rising strictly"
  }
  public static func qcutDuplicateEdges() -> String {
    "the bin edges of 'qcut' are not unique (several quantiles are one value): pass dropDuplicates=true to merge them"
  }
  public static func qcutLabelCount(_ bins: Int, got: Int) -> String {
    "'qcut' makes \(bins) bins but was given \(got) labels"
  }
  public static func qcutNeedsNumbers(_ got: String) -> String { "'qcut' needs a numeric vector, not \(got)" }
  public static func qcutNeedsValues() -> String { "'qcut' needs at least one value that is not null" }
  public static func randBoundNotPositive() -> String { "the bound of 'rand' must be positive" }
  public static func randCountInvalid() -> String { "the count of 'rand' must be a non-negative integer" }
  public static func randEmptyVector() -> String { "'rand' cannot sample an empty vector" }
  public static func randNeedsNumberOrVector(_ got: String) -> String {
    "'rand' takes a positive number or a vector, not \(got)"
  }
  public static func rangeBoundsNull() -> String { "the bounds of '..' cannot be null" }
  public static func rangeIndexNeedsIntegers() -> String { "a range index needs integer bounds" }
  public static func rangeNeedsIntegralBounds(_ a: String, _ b: String) -> String {
    "'..' needs integral or temporal bounds, not \(a) and \(b)"
  }
  public static func rangeOutOfBounds(_ function: String, _ low: Int64, _ high: Int64, _ count: Int) -> String {
    "the range \(low):\(high) of '\(function)' is outside 0:\(count)"
  }
  public static func rangeSchemeTooShort(_ function: String) -> String {
    "a RANGE scheme of '\(function)' needs at least two boundaries"
  }
  public static func rangeTooLong(_ low: some CustomStringConvertible, _ high: some CustomStringConvertible) -> String {
    "the range \(low)..\(high) is too long"
  }
  public static func regressionMode(_ function: String, _ mode: Int) -> String {
    "the mode of '\(function)' must be 0, 1 or 2, not \(mode)"
  }
  public static func repartitionNeedsScheme(_ column: String) -> String {
    "'repartitionDS' needs a partitionType and partitionScheme: the query's table is not partitioned on '\(column)'"
  }
  public static func repartitionTypes(_ got: String) -> String {
    "'repartitionDS' splits by VALUE, RANGE or HASH, not \(got)"
  }
  public static func repeatedX(_ function: String) -> String { "'\(function)' needs distinct X values" }
  public static func resampleNeedsAggregate(_ function: String) -> String {
    "the function of 'resample' must reduce each period to one value, which '\(function)' does not"
  }
  public static func resampleNeedsLabelledTimes(_ got: String) -> String {
    "'resample' needs a matrix or indexed series whose rows are labelled by times, not \(got)"
  }
  public static func resampleRuleCount(_ rule: String, _ function: String, taken: Bool) -> String {
    taken
      ? "the count of the calendar rule '\(rule)' must be from 1 to 1048576"
      : "the calendar rule '\(rule)' takes no count: '\(function)' has no n"
  }
  public static func resampleRuleCountNotTaken(_ function: String, _ rule: String) -> String {
    "'\(function)' takes a calendar rule without a count, not '\(rule)'"
  }
  public static func resampleRuleInvalid(_ function: String, _ rule: String, _ type: String) -> String {
    "'\(function)' cannot group \(type) values by rule '\(rule)': use a calendar rule (B, W, WOM, LWOM, M, MS, BM, BMS, SM, SMS, Q, QS, BQ, BQS, REQ, A, AS, BA, BAS, RE, D), a trading calendar, or a count of H, min, S, L, U or N for times of day"
  }
  public static func resampleRuleOptions(_ rule: String) -> String {
    "the calendar rule '\(rule)' is closed and labelled on its own side: give no closed or label"
  }
  public static func reshapeCount(_ count: Int, _ rows: Int, _ columns: Int) -> String {
    "cannot reshape \(count) elements into a \(rows)x\(columns) matrix"
  }
  public static func reshapeNeedsPair(_ got: String) -> String {
    "the dim of 'reshape' must be a pair rows:columns, not \(got)"
  }
  public static func residualParams(_ given: Int, _ needed: Int) -> String {
    "'residual' needs a coefficient for each factor (and the intercept first, when intercept=true): \(needed), not \(given)"
  }
  public static func returnOutsideFunction() -> String { "'return' outside a function" }
  public static func rollingStepMustEqualWindow(_ step: Int, _ window: Int) -> String {
    "'rolling' with a vectorized function takes tumbling windows: step must equal window (\(window)), not \(step)"
  }
  public static func roundPrecisionRange() -> String { "the precision of 'round' must be 0 to 10" }
  public static func rowAlignHow(_ got: String) -> String {
    "the how of 'rowAlign' must be bid, ask, allBid or allAsk, not \(got)"
  }
  public static func rowAlignNeedsArrayVectors(_ left: String, _ right: String) -> String {
    "'rowAlign' aligns two array vectors of numbers, not \(left) and \(right)"
  }
  public static func rowShapesDiffer(_ function: String) -> String {
    "the Y of '\(function)' must have X's shape: as many rows, each of as many cells"
  }
  public static func runNestedTooDeep(_ depth: Int) -> String { "'run' is nested more than \(depth) deep" }
  public static func runUnavailable() -> String { "'run' is not available here" }
  public static func sampleTooSmall(_ function: String, _ what: String, need: Int, got: Int) -> String {
    "'\(function)' needs at least \(need) non-null values in \(what), not \(got)"
  }
  public static func sequenceStep(_ step: String, _ type: String) -> String {
    "the step \(step) of 'temporalSeq' does not apply to \(type) times"
  }
  public static func sessionBoundsInvalid(_ what: String, _ got: String) -> String {
    "\(what) must be times of day (SECOND, TIME or NANOTIME), not \(got)"
  }
  public static func sessionBoundsMismatch(_ begins: Int, _ ends: Int) -> String {
    "sessionBegin and sessionEnd must give one time each per session: \(begins) and \(ends)"
  }
  public static func sessionEndsMismatch(_ count: Int, _ type: String) -> String {
    "'dailyAlignedBar' needs timeEnd as \(count) \(type) value(s), one per session start"
  }
  public static func sessionsNotIncreasing(_ what: String) -> String {
    "the session starts (\(what)) must be non-null and increasing"
  }
  public static func sessionsOutOfOrder(_ session: Int) -> String {
    "the sessions must come in order of time, each beginning before it ends and after the one before ends: session \(session) does not"
  }
  public static func shareNeedsTable(_ got: String) -> String { "'share' shares a table in memory, not a \(got)" }
  public static func sharedUnderOneName(_ name: String) -> String {
    "this table is already shared as '\(name)'; a table is shared under one name only"
  }
  public static func singularRegression(_ function: String) -> String {
    "'\(function)': the factors are linearly dependent (a singular matrix); drop a redundant factor"
  }
  public static func sliceByKeyKeys(_ given: Int, _ keys: Int) -> String {
    "'sliceByKey' needs values for the first 1 to \(keys) key columns (a scalar, a vector, or a tuple of either), not \(given)"
  }
  public static func sliceByKeyTable(_ got: String) -> String {
    "'sliceByKey' needs a keyed or indexed table, not \(got)"
  }
  public static func smoothingFactorRange(_ function: String, _ got: String) -> String {
    "the smoothing factor of '\(function)' must be in (0, 1], not \(got)"
  }
  public static func snapshotNeedsDFSTable(_ got: String) -> String {
    "[HINT_SNAPSHOT] reads a dfs:// table's snapshot engine (registerSnapshotEngine), not a \(got)"
  }
  public static func solveShapes(_ order: Int, _ rows: Int) -> String {
    "'solve' needs the right side to have as many rows as the \(order) x \(order) matrix, not \(rows)"
  }
  public static func sortKeyLength(_ got: Int, _ rows: Int) -> String {
    "a sort expression gave \(got) values for \(rows) rows"
  }
  public static func splineTck(_ function: String, _ got: String) -> String {
    "tck of '\(function)' must be a tuple (knots, coefficients, degree 1 to 5) as 'splrep' gives, not \(got)"
  }
  public static func sqlDSNeedsSelect() -> String { "'sqlDS' needs select metacode, such as <select * from t>" }
  public static func sqlNeedsSelect() -> String { "'sql' needs at least one select item" }
  public static func sqlTupleEmptyName() -> String { "the colNames of 'sqlTuple' cannot hold an empty name" }
  public static func sqlTupleNoNames() -> String { "'sqlTuple' needs at least one column name" }
  public static func sqlUpdateNeedsAlias() -> String {
    "each update of 'sqlUpdate' must name its column: a column, or metacode given an alias with sqlColAlias"
  }
  public static func stackOverflow(depth: Int) -> String { "stack overflow: calls nested deeper than \(depth)" }
  public static func starInGroupBy() -> String { "'*' cannot be selected in a group by query" }
  public static func stateIterateCoefficients(_ count: Int) -> String {
    "the combineCoeff of 'stateIterate' must be a numeric vector of length 2, not of length \(count)"
  }
  public static func stateIterateTooLong(_ function: String, _ limit: Int) -> String {
    "stateIterate runs '\(function)' over every earlier result, so it takes at most \(limit) rows; use cumlastNot, ffill or a moving function with its window bound (msum{, 3})"
  }
  public static func starTableUnknown(_ name: String, known: [String]) -> String {
    "'\(name).*' names no table of the join; its tables are \(known.joined(separator: ", "))"
  }
  public static func startOutsideBounds(_ function: String) -> String {
    "'\(function)': the initial guess lies outside the bounds"
  }
  public static func streamTableNeeded(_ function: String, _ got: String) -> String {
    "'\(function)' needs a shared stream table or its name, not \(got)"
  }
  public static func streamTableNotShared(_ name: String) -> String {
    "no shared stream table '\(name)' on this node; share it first (share streamTable(...) as \(name))"
  }
  public static func streamTablesOption(_ got: String) -> String {
    "the option of 'getStreamTables' must be 0 (every stream table), 1 (the persisted ones) or 2 (the others), not \(got)"
  }
  public static func stringFormatInvalid(_ why: String) -> String { "'stringFormat': \(why)" }
  public static func subscribeRemote(_ server: String) -> String {
    "subscribing to a table on another node ('\(server)') is not supported yet; subscribe on that node"
  }
  public static func tableNameCountMismatch(_ names: Int, columns: Int) -> String {
    "a table needs one name per column: \(names) names and \(columns) columns"
  }
  public static func tableNeedsCapacity() -> String { "the first argument of 'table' must be capacity:size" }
  public static func tableTypeCountMismatch(_ names: Int, types: Int) -> String {
    "'table' needs one type per column: \(names) names and \(types) types"
  }
  public static func takeCountNotInteger() -> String { "the count of 'take' must be an integer" }
  public static func takeCountsMismatch() -> String { "'take' with a vector of counts needs one count per element" }
  public static func taskGroupTooLarge(_ size: String, limit: String) -> String {
    "the tables this query reads take about \(size), more than the \(limit) its user's TASK_GROUP_MEM_LIMIT allows; narrow the query"
  }
  public static func templateNeedsFunction(_ letter: Character) -> String {
    "':\(letter)' needs a function on its left"
  }
  public static func templateTakesOneOrTwoArguments(_ letter: Character) -> String {
    "':\(letter)' takes 1 or 2 arguments"
  }
  public static func templateTakesOneVector(_ letter: Character) -> String { "':\(letter)' takes 1 vector" }
  public static func templateTakesTwoArguments(_ letter: Character) -> String { "':\(letter)' takes 2 arguments" }
  public static func templateTakesTwoVectors(_ letter: Character) -> String { "':\(letter)' takes 2 vectors" }
  public static func temporalAddNeedsCount() -> String { "'temporalAdd' needs a count or a duration" }
  public static func temporalAddNeedsUnit() -> String {
    "'temporalAdd' needs a unit when the second argument is a number"
  }
  public static func temporalAddUnsupported(_ unit: String, to type: String) -> String {
    "'temporalAdd' cannot add '\(unit)' to \(type)"
  }
  public static func temporalDiffTypes(_ function: String, _ x: String, _ y: String) -> String {
    "'\(function)' needs X and Y of one temporal type, not \(x) and \(y)"
  }
  public static func temporalUnitNeedsDates(_ function: String, _ unit: String, got: String) -> String {
    "'\(function)' counts '\(unit)' days between DATE values only, not \(got)"
  }
  public static func testArgumentInvalid(_ function: String, _ what: String) -> String { "'\(function)': \(what)" }
  public static func timeColumnNotTemporal(_ column: String, _ type: String) -> String {
    "the time column '\(column)' must hold times, not \(type)"
  }
  public static func timeWindowNeedsTimes(_ function: String, got: String) -> String {
    "the times (T) of '\(function)' must be a temporal or integral vector, not \(got)"
  }
  public static func timeWindowNotRising(_ function: String, row: Int) -> String {
    "the times (T) of '\(function)' must not go down, but row \(row) is earlier than the row before it"
  }
  public static func timeWindowNullTime(_ function: String, row: Int) -> String {
    "the times (T) of '\(function)' must have no nulls, but row \(row) is null"
  }
  public static func timeWindowUnit(_ function: String, _ window: String, _ type: String) -> String {
    "the window \(window) of '\(function)' does not apply to \(type) times"
  }
  public static func toleranceOutOfRange(_ function: String, _ got: String) -> String {
    "the toleranceLevel of '\(function)' must be a number between 0 and 100 (exclusive), not \(got)"
  }
  public static func tooFewObservations(_ function: String, _ n: Int, _ k: Int) -> String {
    "'\(function)' needs more observations (\(n)) than coefficients (\(k))"
  }
  public static func tooMany(_ function: String, _ what: String, _ got: Int, _ limit: Int) -> String {
    "'\(function)' takes at most \(limit) \(what), not \(got)"
  }
  public static func tooManyCells(_ function: String, _ rows: Int, _ columns: Int) -> String {
    "'\(function)' would make a \(rows)x\(columns) matrix, more cells than a matrix may hold (\(Matrix.maxCells))"
  }
  public static func topNTooManyTies(_ limit: Int) -> String {
    "the rows a cumulative TopN takes grew past \(limit) row visits (ties kept whole with tiesMethod='all' keep every row); use 'latest' or 'oldest'"
  }
  public static func topNeedsCount(_ function: String, got: String) -> String {
    "'\(function)' needs top to be a positive integer, not \(got)"
  }
  public static func topNeedsCountOrFraction(_ function: String, got: String) -> String {
    "'\(function)' needs top to be a positive integer or a fraction between 0 and 1, not \(got)"
  }
  public static func topOutOfRange(_ function: String, _ top: Int, window: Int) -> String {
    "the top of '\(function)' must be between 1 and the window \(window), not \(top)"
  }
  public static func tradingCalendarEmpty(_ name: String) -> String {
    "the trading calendar '\(name)' holds no dates: give a startDate and an endDate"
  }
  public static func tradingCalendarRuleOptions(_ rule: String) -> String {
    "the trading calendar rule '\(rule)' groups by runs of trading days from the earliest: give no closed or label"
  }
  public static func tradingCalendarSpanTooLong(_ limit: Int) -> String {
    "a trading calendar span of more than \(limit) trading days is refused"
  }
  public static func tradingDayStepTooLarge(_ n: Int64, _ limit: Int64) -> String {
    "cannot move \(n) trading days: at most \(limit) either way"
  }
  public static func transFreqNeedsTimes(_ got: String) -> String {
    "'transFreq' needs dates or times, not \(got)"
  }
  public static func transFreqOrigin(_ got: String) -> String {
    "'transFreq' takes origin 'start_day' or 'epoch', not \(got)"
  }
  public static func transposeDictionaryKeys(_ got: String) -> String {
    "'transpose' makes a table of a dictionary whose keys are column names (STRING), not \(got) keys"
  }
  public static func transposeTupleLengths() -> String {
    "'transpose' of a tuple needs vectors of one length"
  }
  public static func undefinedVariable(_ name: String, suggestion: String = "") -> String {
    "undefined variable '\(name)'\(suggestion)"
  }
  public static func ungroupLengths(_ a: String, _ b: String, row: Int) -> String {
    "'ungroup': the array columns \(a) and \(b) hold different numbers of elements in row \(row)"
  }
  public static func uniformBounds() -> String {
    "'randUniform' needs finite bounds with lower below upper"
  }
  public static func unionColumnCountMismatch(_ k: Int, _ count: Int, _ expected: Int) -> String {
    "table \(k) of 'unionAll' has \(count) columns, not \(expected) as the first; give byColName=true to match columns by name"
  }
  public static func unionNeedsTables() -> String { "'unionAll' needs at least one table" }
  public static func unitRootConstant(_ function: String) -> String {
    "'\(function)' cannot test a constant series"
  }
  public static func unitRootMaxLag(_ function: String, _ given: Int, limit: Int) -> String {
    "the maxLag of '\(function)' must be 0 to \(limit) (below nobs/2 - 1 - the number of trend terms), not \(given)"
  }
  public static func unitRootTooShort(_ function: String, _ n: Int, _ regression: String) -> String {
    "'\(function)': \(n) observations are too few for the regression '\(regression)'"
  }
  public static func unknownBuiltin(_ name: String) -> String { "unknown built-in function '\(name)'" }
  public static func unknownColumn(_ name: String, known: [String]) -> String {
    "unknown column '\(name)'; the table has \(known.joined(separator: ", "))"
  }
  public static func unknownDispatchType(_ given: String) -> String {
    "unknown dispatchType '\(given)': use hash, uniform or saltedHash"
  }
  public static func unknownEncoding(_ function: String, _ encoding: String) -> String {
    "'\(function)' does not know the encoding '\(encoding)' (names are lowercase, such as utf-8, gbk, gb2312, euc-cn, latin1)"
  }
  public static func unknownFunction(_ name: String, suggestion: String = "") -> String {
    "unknown function '\(name)'\(suggestion)"
  }
  public static func unknownInterpolation(_ given: String) -> String {
    "unknown interpolation method '\(given)': use linear, pad, bfill or nearest"
  }
  public static func unknownOperator(_ op: String) -> String { "unknown operator '\(op)'" }
  public static func unknownSetting(_ key: String) -> String {
    "unknown setting '\(key)'; expected 'rows' or 'elements'"
  }
  public static func unknownTiesMethod(_ function: String, _ got: String) -> String {
    "the tiesMethod of '\(function)' must be 'min', 'max', 'first' or 'average', not '\(got)'"
  }
  public static func unknownTimeZone(_ zone: String) -> String {
    "unknown time zone '\(zone)': use a name of the time zone database such as \"Asia/Shanghai\" or \"UTC\""
  }
  public static func unknownTriggeringPattern(_ given: String) -> String {
    "unknown triggeringPattern '\(given)': use perBatch, perRow, interval, keyCount or dataInterval"
  }
  public static func unpivotTypes(_ a: String, _ b: String) -> String {
    "the value columns of 'unpivot' must be of one type (or all numbers), not \(a) and \(b)"
  }
  public static func unsupportedTemplate(_ letter: Character) -> String { "the template ':\(letter)' is not supported" }
  public static func updateNeedsOneValuePerColumn(_ names: Int, _ values: Int) -> String {
    "'update!' needs one new value per column name: \(names) names and \(values) values were given"
  }
  public static func upsertNeedsKeys() -> String {
    "'upsert!' on a table without keys needs keyColNames, the columns that identify a row"
  }
  public static func upsertNeedsTable(_ got: String) -> String { "'upsert!' needs tables in memory, not \(got)" }
  public static func valueAtRiskLevel(_ function: String) -> String {
    "the confidenceLevel of '\(function)' must be a number between 0 and 1 (exclusive)"
  }
  public static func valueAtRiskReturns(_ function: String) -> String {
    "'\(function)' needs returns, each above -1 and not null"
  }
  public static func volumeBarInterval(_ got: String) -> String {
    "the interval of 'volumeBar' must be a non-zero number, not \(got)"
  }
  public static func wavgLengthsDiffer(_ a: Int, _ b: Int) -> String {
    "'wavg' needs two vectors of one length: \(a) and \(b)"
  }
  public static func weightsHaveNulls(_ function: String) -> String {
    "the weights of '\(function)' cannot contain nulls"
  }
  public static func weightsWithForcedPoints(_ function: String) -> String {
    "'\(function)' cannot force points (XC, YC) and take weights together"
  }
  public static func weekdayOutOfRange(_ function: String, _ day: Int) -> String {
    "the weekday of '\(function)' must be 0 (Monday) to 6 (Sunday), not \(day)"
  }
  public static func whereLengthMismatch(_ count: Int, rows: Int) -> String {
    "a 'where' condition gave \(count) values for \(rows) rows"
  }
  public static func whereNeedsBool(_ got: String) -> String { "a 'where' condition must give BOOL values, not \(got)" }
  public static func windowBelowTwo(_ function: String, _ w: Int) -> String {
    "the window of '\(function)' must be an integer of at least 2, not \(w)"
  }
  public static func windowJoinDuration(_ name: String, _ duration: String, _ type: String) -> String {
    "the window of '\(name)' cannot step \(duration) on a \(type) time column; give it in the column's unit"
  }
  public static func windowJoinNeedsTime() -> String {
    "the window join engine joins by the data's own times: give timeColumn (useSystemTime is not supported)"
  }
  public static func windowJoinTooLarge(_ name: String, _ limit: Int) -> String {
    "the windows of '\(name)' hold more than \(limit) rows in all; narrow the window or the tables"
  }
  public static func windowJoinWindow(_ name: String, _ got: String) -> String {
    "the window of '\(name)' must be a pair lo:hi (lo <= hi) of integers or durations, not \(got)"
  }
  public static func windowJoinWindowInvalid(_ got: String) -> String {
    "the window of a window join engine must be a pair a:b of integers or durations with a <= b, not \(got)"
  }
  public static func windowLength(_ what: String, _ got: String) -> String {
    "\(what) must be a positive length in the time column's unit (or a duration such as 1m), not \(got)"
  }
  public static func windowMustBePositive(_ function: String, _ w: Int) -> String {
    "the window of '\(function)' must be a positive integer, not \(w)"
  }
  public static func windowNotMultipleOfStep(_ window: Int64, _ step: Int64) -> String {
    "windowSize must be a multiple of step: \(window) and \(step)"
  }
  public static func windowSizesPerMetric(_ sizes: Int, _ metrics: Int) -> String {
    "windowSize gives \(sizes) lengths for \(metrics) metrics: give one length, or one per metric"
  }
  public static func winsorizeInclusive(_ function: String) -> String {
    "the inclusive of '\(function)' must be a boolean or a pair of them"
  }
  public static func winsorizeLimits(_ function: String) -> String {
    "the limit of '\(function)' must be a fraction (or a pair of fractions) from 0 with a sum at most 1"
  }
  public static func winsorizeNanPolicy(_ function: String, _ got: String) -> String {
    "the nanPolicy of '\(function)' must be 'upper', 'lower', 'omit' or 'raise', not '\(got)'"
  }
  public static func winsorizeNulls(_ function: String) -> String {
    "'\(function)' with nanPolicy 'raise' cannot take null values"
  }
  public static func withQueriesMalformed() -> String {
    "'withQueries' takes the names of the queries, each query as metacode, then the last query"
  }
  public static func wlsWeights() -> String { "the weights W of 'wls' must be zero or more, and not null" }
  public static func wolfeConstants(_ function: String, _ c1: Double, _ c2: Double) -> String {
    "'\(function)' needs 0 < c1 < c2 < 1, not c1 = \(c1), c2 = \(c2)"
  }
  public static func wrongArgumentCount(_ function: String, min: Int, max: Int, got: Int) -> String {
    let expected = min == max ? "\(min)" : (max == Int.max ? "at least \(min)" : "\(min) to \(max)")
    return "'\(function)' takes \(expected) argument\(expected == "1" ? "" : "s"), got \(got)"
  }
  public static func zigzagMatrix(_ columns: Int) -> String {
    "the HL of 'zigzag' must be a numeric vector or a numeric matrix of two columns, not of \(columns) columns"
  }
}
