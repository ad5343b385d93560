import FuzzDriver

/// The entry point SwiftPM links (`FuzzWire_main`): libFuzzer's driver, over `fuzzWire`.
@_cdecl("FuzzWire_main")
public func fuzzWireMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer(argc, argv) { data, size in fuzzWire(data, size) }
}
