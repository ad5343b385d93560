import Licensing
import Logging
import ScriptRuntime

/// DolphinDB's built-ins that change or show the running node itself: `setMaxMemSize`,
/// `setLogLevel`, `writeLogLevel`, `getConnections`, `setMaxConnections` and `getPerf`, with the
/// log levels as constants (`DEBUG` 0, `INFO` 1, `WARNING` 2, `ERROR` 3). What they change lasts
/// until the node stops; the node's config file is left as it is.
public enum NodeAdministrationBuiltins {
  /// The built-ins bound to a node and the license it runs under (which caps maxMemSize).
  public static func library(_ c: ClusterContext, license: LicenseState) -> BuiltinLibrary {
    BuiltinLibrary("nodeAdministration", functions: functions(c, license: license), constants: { constants() })
  }

  /// The log levels from lowest to highest, their constants' values being their positions.
  static let levels: [(name: String, level: Logger.Level)] = [
    ("DEBUG", .debug), ("INFO", .info), ("WARNING", .warning), ("ERROR", .error),
  ]

  static func constants() -> [String: Value] {
    var c: [String: Value] = [:]
    for (i, l) in levels.enumerated() { c[l.name] = .int(i) }
    return c
  }

  /// The most connections a node may be set to serve: DolphinDB's bound (below 2^16).
  static let connectionCeiling = 65_535

  static func functions(_ c: ClusterContext, license: LicenseState) -> [Builtin] {
    [
      // setMaxMemSize(memSizeGB, [emergencyMemSizeGB]): the node's maxMemSize in GB, above 0
      // and at most the license's maxMemoryPerNode; getClusterPerf().maxMemSize shows it.
      Builtin("setMaxMemSize", args: 1...2, parameterNames: ["memSizeGB", "emergencyMemSizeGB"]) {
        a throws(ScriptError) in
        try a.machine.require(.admin("set the node's maxMemSize"))
        // No memory is set aside for emergencies here, so there is nothing to resize.
        if a.has(1) { throw ScriptError(ClusterMessages.noEmergencyMemory()) }
        let limit = license.license.maxMemoryPerNode
        guard a[0].isScalar, let gb = a[0].doubleValue, gb > 0, gb <= Double(limit), gb < 1_000_000 else {
          throw ScriptError(ClusterMessages.maxMemSizeRange(shown(a[0]), limit))
        }
        c.settings.setMaxMemSize(gb)
        c.log?("setMaxMemSize(\(ValueFormatter.plain(a[0]))) by \(a.machine.access?.userName ?? "guest")")
        return .void
      },
      // setLogLevel(logLevel): the lowest level the node's log writes from now on.
      Builtin("setLogLevel", args: 1...1, parameterNames: ["logLevel"]) { a throws(ScriptError) in
        try a.machine.require(.admin("set the node's log level"))
        let level = try logLevel(a[0], for: "setLogLevel")
        // The embedded node keeps no log: nothing to set.
        c.settings.logTarget?.level = level
        return .void
      },
      // writeLogLevel(level, X1, [X2, ...]): each X a line of the node's log at that level,
      // written when the log's level lets it through.
      Builtin("writeLogLevel", args: 2...64, parameterNames: ["level", "X1"]) { a throws(ScriptError) in
        try a.machine.require(.admin("write to the node's log"))
        let level = try logLevel(a[0], for: "writeLogLevel")
        var lines: [String] = []
        for (i, v) in a.values.enumerated().dropFirst() {
          let t = v.type
          guard v.isScalar, t.isNumeric || t.isTemporal || t.isText else {
            throw ScriptError(ClusterMessages.logLineNotScalar(i + 1, v.typeString))
          }
          lines.append(v.stringValue ?? ValueFormatter.plain(v))
        }
        // Lines go in as written, as DolphinDB writes them: only an administrator writes them,
        // and the log escapes any line breaks in them.
        if let target = c.settings.logTarget { for line in lines { target.write(level, line) } }
        return .void
      },
      // getConnections(): the node's clients, one row each: server (the node's host:port),
      // client (the peer's ip:port) and startTime (when it connected, UTC).
      Builtin("getConnections", args: 0...0) { _ throws(ScriptError) in
        let rows = c.statistics?.sessionRegistry.list() ?? []
        let server = "\(c.launch.site.host):\(c.launch.site.port)"
        return .object(
          try Table(
            names: ["server", "client", "startTime"],
            columns: [
              Vector(strings: rows.map { _ in server }),
              Vector(strings: rows.map { "\($0.remoteIP):\($0.remotePort)" }),
              Vector(type: .timestamp, ints: rows.map(\.createTime)),
            ]))
      },
      // setMaxConnections(newValue): raises the connections the node serves at once.
      Builtin("setMaxConnections", args: 1...1, parameterNames: ["newValue"]) { a throws(ScriptError) in
        try a.machine.require(.admin("set the node's maxConnections"))
        guard case .int(let n, let t) = a[0], t.isIntegral, t != .bool, n != Value.nullInt, n > 0,
          n <= connectionCeiling
        else {
          throw ScriptError(ClusterMessages.maxConnectionsRange(shown(a[0]), connectionCeiling))
        }
        guard let statistics = c.statistics else { throw ScriptError(ClusterMessages.embeddedServesNoConnections()) }
        guard statistics.raiseMaxConnections(to: Int(n)) else {
          throw ScriptError(ClusterMessages.maxConnectionsNotRaised(Int(n), current: statistics.maxConnections))
        }
        c.log?("setMaxConnections(\(n)) by \(a.machine.access?.userName ?? "guest")")
        return .void
      },
      Builtin("getPerf", args: 0...0) { _ throws(ScriptError) in try NodePerf.local(c) },
    ]
  }

  /// A level as a constant (`INFO`, 0 to 3) or its name (`"INFO"`, in any case).
  static func logLevel(_ v: Value, for function: String) throws(ScriptError) -> Logger.Level {
    switch v {
    case .int(let n, let t) where t.isIntegral && t != .bool && (0..<Int64(levels.count)).contains(n):
      return levels[Int(n)].level
    case .string(let s, _):
      if let l = levels.first(where: { $0.name == s.uppercased() }) { return l.level }
    default: break
    }
    throw ScriptError(ClusterMessages.logLevelInvalid(function, shown(v)))
  }

  /// An argument in a message: a scalar as its value (a string quoted), else its type.
  static func shown(_ v: Value) -> String {
    if case .string(let s, _) = v { return "'\(s)'" }
    guard v.isScalar else { return v.typeString }
    return v.isNull ? "null" : ValueFormatter.plain(v)
  }
}
