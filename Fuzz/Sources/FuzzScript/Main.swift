/// SwiftPM links an executable's entry point as `FuzzScript_main`; it hands over to libFuzzer's
/// driver, which calls `LLVMFuzzerTestOneInput` for every input.
@_cdecl("FuzzScript_main")
public func fuzzScriptMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  var count = argc
  var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
  return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzScript(data, size) }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32
