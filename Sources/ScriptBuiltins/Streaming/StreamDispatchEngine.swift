import ScriptRuntime

/// `createStreamDispatchEngine`: sends each row on to one of several output tables or engines,
/// all rows of a key to the same one: by a hash of the key (`hash`, `saltedHash`) or by the
/// order keys first come, spread in turn (`uniform`). Rows go on in the order they came, each
/// output's in one append per batch. The queue and thread parameters are accepted; the session
/// that appends does the sending.
final class StreamDispatchEngine: StreamEngine, @unchecked Sendable {
  let outputs: [AppendableTable]
  let keyIndices: [Int]
  let uniform: Bool
  /// With `uniform`: the output of each key seen.
  private var outputOfKey: [[ScalarKey]: Int] = [:]

  init(
    name: String, dummy: Value, keys: [String], outputs: Value, dispatchType: String, _ m: Machine
  ) throws(ScriptError) {
    var tables: [AppendableTable] = []
    for o in HigherOrder.elements(outputs) ?? [outputs] {
      guard case .object(let t as AppendableTable) = o else {
        throw ScriptError(
          RuntimeMessages.mustBeTable("each outputTable of 'createStreamDispatchEngine'", got: o.typeString))
      }
      tables.append(t)
    }
    guard let first = tables.first else {
      throw ScriptError(RuntimeMessages.mustBeTable("the outputTable of 'createStreamDispatchEngine'", got: "nothing"))
    }
    guard ["hash", "uniform", "saltedHash"].contains(dispatchType) else {
      throw ScriptError(RuntimeMessages.unknownDispatchType(dispatchType))
    }
    self.outputs = tables
    uniform = dispatchType == "uniform"
    let dummyNames: [String]
    if case .object(let d as AppendableTable) = dummy { dummyNames = d.columnNames } else { dummyNames = [] }
    keyIndices = try StreamEngine.columns(keys, in: dummyNames, "keyColumn")
    try super.init(name: name, dummy: dummy, output: .object(first), "createStreamDispatchEngine")
  }

  override var engineType: String { "STREAM DISPATCH ENGINE" }

  override func append(columns: [Vector], from source: String, machine: Machine) throws(ScriptError) {
    try machine.requireWrite(self, .insert)
    try feed(columns, names: inputNames, types: inputTypes, from: source, machine) { input throws(ScriptError) in
      var rowsOf = [[Int]](repeating: [], count: outputs.count)
      for i in 0..<input.rowCount {
        let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
        rowsOf[output(of: key, input, row: i)].append(i)
      }
      for (k, rows) in rowsOf.enumerated() where !rows.isEmpty {
        try outputs[k].append(columns: input.columns.map { $0.gather(rows) }, from: "the engine \(name)", in: machine)
      }
      return nil
    }
  }

  /// The output a key's rows go to.
  private func output(of key: [ScalarKey], _ input: Table, row: Int) -> Int {
    if uniform {
      if let k = outputOfKey[key] { return k }
      let k = outputOfKey.count % outputs.count
      outputOfKey[key] = k
      return k
    }
    // FNV-1a over the key's text: the same output in every run (Swift's hashes are seeded).
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in keyIndices {
      for byte in ValueFormatter.plain(input.columns[c][row]).utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      }
    }
    return Int(hash % UInt64(outputs.count))
  }
}
