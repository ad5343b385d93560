import PorpoiseSupport
import ScriptRuntime
import WireProtocol

/// `saveModel(model, file)` and `loadModel(file)`: a trained model (the dictionary a training
/// function gave) kept in a file, in the wire encoding behind a header that names the format.
enum ModelFiles {
  static let header = Array("PORPOISE-MODEL 1\n".utf8)
  /// The largest model file read back.
  static let maxBytes = 1 << 30

  static func builtins(_ engine: StorageEngine) -> [Builtin] {
    [
      Builtin("saveModel", args: 2...2, parameterNames: ["model", "location|file"]) { a throws(ScriptError) in
        guard case .dictionary(let d) = a[0], d[.string("modelName")] != nil else {
          throw ScriptError(StorageMessages.notAModel(a[0].typeString))
        }
        try a.machine.require(.login("write files"))
        let path = try a.text(1, "the file name")
        try engine.checkNotSystemFile(path)
        let bytes: [UInt8]
        do throws(WireError) { bytes = try ValueCodec.encode(a[0]) } catch { throw ScriptError(error.message) }
        try DurableFiles.replace(path, with: header + bytes, sync: false)
        return .bool(true)
      },
      Builtin("loadModel", args: 1...1, parameterNames: ["file"]) { a throws(ScriptError) in
        try a.machine.require(.login("read files"))
        let given = try a.text(0, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        guard let info = FileAccess.info(path), info.size <= Int64(maxBytes), let bytes = FileAccess.readBytes(path)
        else { throw ScriptError(RuntimeMessages.cannotRead(path, FileAccess.lastError())) }
        guard bytes.starts(with: header) else { throw ScriptError(StorageMessages.notAModelFile(path)) }
        let value: Value
        do { value = try ValueCodec.decode(Array(bytes.dropFirst(header.count))) } catch {
          throw ScriptError(StorageMessages.notAModelFile(path))
        }
        guard case .dictionary(let d) = value, d[.string("modelName")] != nil else {
          throw ScriptError(StorageMessages.notAModelFile(path))
        }
        return value
      },
    ]
  }
}
