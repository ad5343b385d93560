import Licensing
import ScriptRuntime

/// `license([fileName])`, `getLicenseExpiration()` and `updateLicense()`: the license this
/// node runs under, and its online update.
public enum LicenseBuiltins {
  /// The license built-ins over `state`; `onUpdate` hears every online update.
  public static func library(_ state: LicenseState, onUpdate: @escaping @Sendable (License) -> Void = { _ in })
    -> BuiltinLibrary
  {
    BuiltinLibrary("license", functions: functions(state, onUpdate: onUpdate))
  }

  static func functions(_ state: LicenseState, onUpdate: @escaping @Sendable (License) -> Void) -> [Builtin] {
    [
      Builtin("license", args: 0...1, parameterNames: ["fileName"]) { a throws(ScriptError) in
        guard a.has(0) else { return dictionary(state.license, bindCores: state.bindCores) }
        let path = try a.text(0, "the license file")
        switch LicenseLoader.load(explicit: path, publicKey: state.publicKey, searching: []) {
        case .success(let other):
          if case .refused(let why) = other.verdict { throw ScriptError(why) }
          return dictionary(other.license, bindCores: [])
        case .failure(let e):
          throw ScriptError(e.message)
        }
      },
      Builtin("getLicenseExpiration", args: 0...0) { _ in
        .int(Int64(state.license.expiration.daysSinceEpoch), .date)
      },
      Builtin("updateLicense", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("update the license"))
        switch state.update() {
        case .success(let l):
          onUpdate(l)
          return dictionary(l, bindCores: state.bindCores)
        case .failure(let e):
          throw ScriptError(e.message)
        }
      },
    ]
  }

  /// DolphinDB's keys, in its order.
  static func dictionary(_ l: License, bindCores: [Int]) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try? d.set(.string("authorization"), .string(l.authorization))
    try? d.set(.string("licenseType"), .int(0, .int))
    try? d.set(.string("maxMemoryPerNode"), .int(l.maxMemoryPerNode))
    try? d.set(.string("maxCoresPerNode"), .int(l.maxCoresPerNode))
    try? d.set(.string("clientName"), .string(l.clientName))
    try? d.set(.string("bindCPU"), .bool(!bindCores.isEmpty))
    if !bindCores.isEmpty {
      try? d.set(.string("bindCores"), .vector(Vector(type: .int, ints: bindCores.map(Int64.init))))
    }
    try? d.set(.string("expiration"), .int(Int64(l.expiration.daysSinceEpoch), .date))
    try? d.set(.string("maxNodes"), .int(l.maxNodes))
    try? d.set(.string("version"), .string(l.version))
    try? d.set(.string("modules"), .string(l.modules))
    return .dictionary(d)
  }
}
