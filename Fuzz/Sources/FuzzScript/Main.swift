import FuzzDriver

/// The entry point SwiftPM links (`FuzzScript_main`): libFuzzer's driver, over `fuzzScript`.
@_cdecl("FuzzScript_main")
public func fuzzScriptMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  runFuzzer(argc, argv) { data, size in fuzzScript(data, size) }
}
