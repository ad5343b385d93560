import Licensing
import ScriptRuntime

/// `license([fileName])` and `getLicenseExpiration()`: the license this node runs under.
public enum LicenseBuiltins {
  public static func all(_ loaded: LoadedLicense, publicKey: String?) -> [Builtin] {
    [
      Builtin("license", args: 0...1, parameterNames: ["fileName"]) { a throws(ScriptError) in
        guard a.has(0) else { return dictionary(loaded.license) }
        let path = try a.text(0, "the license file")
        switch LicenseLoader.load(explicit: path, publicKey: publicKey, searching: []) {
        case .success(let other):
          if case .refused(let why) = other.verdict { throw ScriptError(why) }
          return dictionary(other.license)
        case .failure(let e):
          throw ScriptError(e.message)
        }
      },
      Builtin("getLicenseExpiration", args: 0...0) { _ in
        .int(Int64(loaded.license.expiration.daysSinceEpoch), .date)
      },
    ]
  }

  /// DolphinDB's keys, in its order.
  static func dictionary(_ l: License) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try? d.set(.string("authorization"), .string(l.authorization))
    try? d.set(.string("maxMemoryPerNode"), .int(l.maxMemoryPerNode))
    try? d.set(.string("maxCoresPerNode"), .int(l.maxCoresPerNode))
    try? d.set(.string("clientName"), .string(l.clientName))
    try? d.set(.string("expiration"), .int(Int64(l.expiration.daysSinceEpoch), .date))
    try? d.set(.string("maxNodes"), .int(l.maxNodes))
    try? d.set(.string("version"), .string(l.version))
    try? d.set(.string("modules"), .string(l.modules))
    return .dictionary(d)
  }
}
