import ScriptRuntime
import ScriptSyntax
import Testing
import WireProtocol

/// Values survive the trip through the binary encoding: same type, same form, same elements.
@Suite struct ValueCodecTests {
  func roundTrip(_ v: Value) throws -> Value { try ValueCodec.decode(try ValueCodec.encode(v)) }

  func render(_ v: Value) -> String { ValueFormatter().format(v) }

  @Test func scalarsKeepTypeAndNull() throws {
    let values: [Value] = [
      .void, .int(42), .int(7, .date), .int(Value.nullInt, .int), .double(2.5), .double(.nan, .double),
      .string("IBM", .symbol), .string("", .string), .bool(true), .duration(Duration(count: 3, unit: "M")),
    ]
    for v in values {
      let back = try roundTrip(v)
      #expect(back.type == v.type)
      #expect(back.typeString == v.typeString)
      #expect(render(back) == render(v))
    }
  }

  @Test func vectorsOfEveryStorage() throws {
    let vectors: [Vector] = [
      Vector(bools: [true, false]), Vector(type: .short, ints: [1, Int64.min, 3]), Vector(type: .int, ints: [1, 2, 3]),
      Vector(type: .timestamp, ints: [1_600_000_000_000, Int64.min]), Vector(type: .float, ints: [1, 2]),
      Vector(doubles: [1.5, .nan, -3]), Vector(strings: ["a", "", "héllo"]),
      Vector(strings: ["b", "a", "b", "c"], type: .symbol),
      Vector(type: .uuid, storage: .u128([0x5d21_2a78_cc48_e3b1_4235_b4d9_1473_ee87, 0])),
      Vector(type: .ipaddr, storage: .u128([0x0a00_0001, 0x2001_0db8 << 96 | 1])),
    ]
    for v in vectors {
      let back = try roundTrip(.vector(v))
      guard case .vector(let w) = back else {
        Issue.record("not a vector: \(back.typeString)")
        continue
      }
      #expect(w.type == v.type)
      #expect(w.count == v.count)
      #expect(render(back) == render(.vector(v)))
    }
  }

  @Test func sixteenByteScalarsTravelOnlyAsTheirCanonicalText() throws {
    let ip = Value.string("10.0.0.1", .ipaddr)
    #expect(render(try roundTrip(ip)) == "10.0.0.1")
    // A peer's text that is no address of the type (or not in canonical form) is refused.
    for text in ["10.0.0.300", "2001:DB8::1"] {
      #expect(throws: WireError.self) { try ValueCodec.decode(try ValueCodec.encode(.string(text, .ipaddr))) }
    }
  }

  @Test func tablesTravelColumnar() throws {
    let t = try Table(
      names: ["id", "sym", "price"],
      columns: [
        Vector(type: .int, ints: [1, 2, 3]), Vector(strings: ["IBM", "MSFT", "IBM"], type: .symbol),
        Vector(doubles: [10.5, 20.5, .nan]),
      ])
    let back = try roundTrip(.object(t))
    guard case .object(let o) = back, let u = o as? Table else {
      Issue.record("not a table")
      return
    }
    #expect(u.names == t.names)
    #expect(u.columns.map(\.type) == t.columns.map(\.type))
    #expect(render(back) == render(.object(t)))
  }

  @Test func nestedFormsRoundTrip() throws {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("a"), .int(1))
    try d.set(.string("b"), .vector(Vector(doubles: [1, 2])))
    var s = SetValue(keyType: .int)
    s.insert(.int(3))
    s.insert(.int(1))
    let values: [Value] = [
      .tuple([.int(1), .string("x"), .void]), .dictionary(d), .set(s), .pair(Vector(type: .int, ints: [1, 5])),
    ]
    for v in values {
      let back = try roundTrip(v)
      #expect(back.typeString == v.typeString)
      #expect(render(back) == render(v))
    }
  }

  @Test func metacodeTravelsAsItsTextAndCodeHoldingATableDoesNot() throws {
    guard case .success(let program) = Parser.parse(SourceFile(name: "t", text: "select sum(x) from t where y > 2"))
    else { Issue.record("did not parse"); return }
    guard case .expression(let e) = program.statements[0].kind else { Issue.record("not an expression"); return }
    let code = Value.object(MetaCode(e, bindings: ["n": .int(5)]))
    let back = try roundTrip(code)
    #expect(back.typeString == code.typeString)
    #expect(render(back) == render(code))
    let table = Value.object(try Table(names: ["x"], columns: [Vector(doubles: [1])]))
    let holding = Value.object(MetaCode(e, bindings: ["t": table]))
    #expect(throws: WireError.self) { try ValueCodec.encode(holding) }
  }

  @Test func truncatedOrCorruptBytesAreRejectedWithAReason() throws {
    let bytes = try ValueCodec.encode(.vector(Vector(doubles: [1, 2, 3])))
    for cut in [1, 3, bytes.count - 1] {
      #expect(throws: WireError.self) { try ValueCodec.decode(Array(bytes.prefix(cut))) }
    }
    #expect(throws: WireError.self) { try ValueCodec.decode([99]) }
    // A symbol code outside its dictionary.
    var bad = try ValueCodec.encode(.vector(Vector(strings: ["a"], type: .symbol)))
    bad[bad.count - 1] = 9
    #expect(throws: WireError.self) { try ValueCodec.decode(bad) }
  }

  @Test func arrayVectorsKeepTheirRows() throws {
    let rows = NestedColumn(ends: [2, 2, 5], values: Vector(doubles: [1.5, 2, 3, .nan, 4]))
    let v = Vector(type: .double, storage: .nested(rows))
    let t = try Table(names: ["id", "levels"], columns: [Vector(type: .int, ints: [1, 2, 3]), v])
    for value in [Value.vector(v), .object(t)] {
      let back = try roundTrip(value)
      #expect(back.typeString == value.typeString)
      #expect(render(back) == render(value))
    }
    guard case .vector(let w) = try roundTrip(.vector(v)), case .nested(let back) = w.storage else {
      Issue.record("not an array vector")
      return
    }
    #expect(back.ends == [2, 2, 5])
  }

  @Test func arrayVectorsWithBadRowEndsOrNestingAreRejected() throws {
    // Row ends that go down, or end past the elements, never build a vector.
    for ends in [[3, 1, 5], [2, 2, 9]] {
      let bad = Vector(
        type: .int, storage: .nested(NestedColumn(ends: ends, values: Vector(type: .int, ints: [1, 2, 3, 4, 5]))))
      #expect(throws: WireError.self) { try ValueCodec.decode(try ValueCodec.encode(.vector(bad))) }
    }
    // An array vector inside an array vector is refused, so a peer cannot make the decoder recurse.
    let inner = Vector(type: .int, storage: .nested(NestedColumn(ends: [1], values: Vector(type: .int, ints: [1]))))
    let outer = Vector(type: .int, storage: .nested(NestedColumn(ends: [1], values: inner)))
    #expect(throws: WireError.self) { try ValueCodec.decode(try ValueCodec.encode(.vector(outer))) }
  }

  @Test func aColumnSplitsIntoItsHeadAndBulkAndReadsBackThroughABulk() throws {
    let columns = [
      Vector(doubles: [1.5, .nan, 3]), Vector(type: .int, ints: [1, 2, Value.nullInt]),
      Vector(strings: ["a", "b", "a"], type: .symbol), Vector(strings: ["x", "y", "z"]),
    ]
    for v in columns {
      let plain = try ValueCodec.encode(.object(try Table(names: ["c"], columns: [v])))
      let (head, bulk) = ValueCodec.encodeColumn(name: "c", v)
      let bulkBytes = bulk.map { b in b.withBytes { Array($0) } } ?? []
      // Head then bulk is the plain encoding, whatever the storage.
      #expect(head + bulkBytes == plain)
      guard let bulk else {
        #expect(v.type == .string)
        continue
      }
      // Read back with the bulk supplied apart (as a compressed column's is).
      let back = try head.withUnsafeBytes { raw in
        try ValueCodec.decodeTable(
          unsafeRaw: raw,
          bulk: ByteReader.Bulk(count: bulk.byteCount) { out in
            bulkBytes.withUnsafeBytes { out.copyMemory(from: $0) }
            return true
          }, columns: nil)
      }
      #expect(render(.vector(back.table.columns[0])) == render(.vector(v)))
      // A bulk that does not expand is an error, not a column of garbage.
      #expect(throws: WireError.self) {
        try head.withUnsafeBytes { raw in
          try ValueCodec.decodeTable(
            unsafeRaw: raw, bulk: ByteReader.Bulk(count: bulk.byteCount) { _ in false }, columns: nil)
        }
      }
    }
  }

  @Test func functionsStayOnTheirNode() {
    let f = FunctionValue(.builtin(Builtin("f", args: 0...0) { _ in .void }))
    #expect(throws: WireError.self) { try ValueCodec.encode(.function(f)) }
  }

  @Test func requestsAndRepliesRoundTrip() throws {
    let r = try Request.decode(
      try Request.run(name: "job.dos", text: "1+1", options: RunOptions(printResults: false, returnValue: true))
        .encode())
    guard case .run(let name, let text, let options) = r else {
      Issue.record("not a run request")
      return
    }
    #expect(name == "job.dos" && text == "1+1" && options == RunOptions(printResults: false, returnValue: true))
    let c = try Request.decode(try Request.call(function: "add", source: "", arguments: [.int(1), .int(2)]).encode())
    guard case .call(let fn, _, let args) = c else {
      Issue.record("not a call")
      return
    }
    #expect(fn == "add" && args.count == 2)
    let d = try Reply.decode(try Reply.done(.runtimeError, .int(3)).encode())
    guard case .done(let outcome, let v) = d else {
      Issue.record("not done")
      return
    }
    #expect(outcome == .runtimeError && v?.intValue == 3)
  }

  @Test func nestingIsBoundedBothWays() throws {
    // Decoding: each level is a tuple of one; past the limit it is an error, not a deep recursion.
    for depth in [ValueCodec.maxDepth - 1, 100_000] {
      var w = ByteWriter()
      for _ in 0..<depth {
        w.u8(7)
        w.u32(1)
      }
      w.u8(0)
      if depth < ValueCodec.maxDepth {
        #expect(throws: Never.self) { try ValueCodec.decode(w.bytes) }
      } else {
        #expect(throws: WireError.self) { try ValueCodec.decode(w.bytes) }
      }
    }
    // Encoding refuses what the other side would refuse.
    var v: Value = .int(1)
    for _ in 0..<ValueCodec.maxDepth { v = .tuple([v]) }
    #expect(throws: WireError.self) { try ValueCodec.encode(v) }
  }

  @Test func theSizeEstimateCoversFixedWidthColumnsSoBuffersAreNotRegrown() throws {
    let n = 10_000
    let table = try Table(
      names: ["t", "x", "k", "b"],
      columns: [
        Vector(type: .datetime, ints: (0..<n).map(Int64.init)), Vector(doubles: (0..<n).map(Double.init)),
        Vector(strings: (0..<n).map { "S\($0 % 5000)" }, type: .symbol), Vector(bools: (0..<n).map { $0 % 2 == 0 }),
      ])
    for v in [Value.object(table), .vector(Vector(doubles: [1, 2, 3])), .tuple([.object(table), .int(1, .int)])] {
      let size = try ValueCodec.encode(v).count
      let estimate = ValueCodec.estimatedSize(v) + 64
      #expect(estimate >= size, "\(size) bytes, estimated \(estimate)")
      // Close: a buffer sized by it wastes little.
      #expect(estimate < size + size / 10 + 200, "\(size) bytes, estimated \(estimate)")
    }
  }
}
