import WireProtocol

/// One fuzz input: bytes a peer sent, decoded as a request (what a node reads before any
/// login) and as a reply (what a shell reads from a node). Errors are fine; traps are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let request = try? Request.decode(bytes) { _ = try? request.encode() }
  if let reply = try? Reply.decode(bytes) { _ = try? reply.encode() }
  return 0
}
