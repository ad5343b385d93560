import ScriptRuntime

/// `symbolCode(X)`: each SYMBOL's code in the column's symbol list, as DolphinDB numbers
/// them: the empty symbol 0, the others 1, 2, ... in order of first appearance (a matrix
/// column by column).
enum SymbolCodes {
  static func codes(_ symbols: [String]) -> [Int64] {
    var numbers: [String: Int64] = [:]
    return symbols.map { s in
      if s.isEmpty { return 0 }
      if let k = numbers[s] { return k }
      let k = Int64(numbers.count + 1)
      numbers[s] = k
      return k
    }
  }

  static let all: [Builtin] = [
    Builtin("symbolCode", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]), m.columns.first?.type == .symbol {
        let flat = codes(m.columns.flatMap(\.strings))
        let rows = m.rowCount
        let columns = (0..<m.columns.count).map { j in
          Vector(type: .int, ints: Array(flat[(j * rows)..<((j + 1) * rows)]))
        }
        return .object(try m.withColumns(columns))
      }
      guard case .vector(let v) = a[0], v.type == .symbol, !v.isArrayVector else {
        throw ScriptError(RuntimeMessages.mustBeSymbolVector("the argument of 'symbolCode'", got: a[0].typeString))
      }
      return .vector(Vector(type: .int, ints: codes(v.strings)))
    }
  ]
}
