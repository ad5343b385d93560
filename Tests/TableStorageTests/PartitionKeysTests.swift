import Foundation
import Testing

@testable import ScriptRuntime
@testable import TableStorage

/// Partition keys are read without a JSON decoder when they are integral, as `route` writes
/// them; whatever that reader does not take, the decoder reads, so both give the same keys.
@Suite struct PartitionKeysTests {
  func encoded(_ keys: [StoredScalar]) -> String { PartitionLayout.json(keys) }

  @Test func integralKeysReadAsTheDecoderReadsThem() throws {
    let cases: [[StoredScalar]] = [
      [StoredScalar(.int(10957, .date))],
      [StoredScalar(.int(-719_162, .date)), StoredScalar(.int(3, .int))],
      [StoredScalar(.int(Int64.max, .long)), StoredScalar(.int(Int64.min + 1, .long))],
      [StoredScalar(.null(.int))],
      [],
    ]
    for keys in cases {
      let text = encoded(keys)
      let fast = try #require(PartitionKeys.integerKeys(text), "\(text)")
      #expect(fast == keys, "\(text)")
      #expect(PartitionKeys.shared.decode(text) == keys)
    }
  }

  @Test func otherKeysAreLeftToTheDecoder() {
    let text = encoded([StoredScalar(.string("IBM", .symbol)), StoredScalar(.double(1.5, .double))])
    #expect(PartitionKeys.integerKeys(text) == nil)
    #expect(PartitionKeys.shared.decode(text)?.map(\.value.stringValue) == ["IBM", nil])
    for bad in [
      "", "[", "[{}]", #"[{"int":1}]"#, #"[{"int":1,"type":300}]"#, #"[{"int":99999999999999999999,"type":5}]"#,
      #"[{"int":1,"type":6}"#, #"[{"int":1,"type":6}]x"#, #"[{"int":-,"type":6}]"#,
    ] {
      #expect(PartitionKeys.integerKeys(bad) == nil, "\(bad)")
    }
    #expect(PartitionKeys.shared.decode("not keys") == nil)
  }
}
