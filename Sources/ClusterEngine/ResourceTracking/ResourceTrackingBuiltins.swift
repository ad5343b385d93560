import ScriptRuntime

/// `enableResourceTracking`, `disableResourceTracking`, `getUserHardwareUsage` and
/// `getUserTableAccessRecords`: an administrator's, on a node that holds sessions' data (data,
/// compute and standalone nodes).
enum ResourceTrackingBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    let tracker = c.resources
    @Sendable func allowed(_ a: CallArguments, _ name: String) throws(ScriptError) {
      try a.machine.require(.admin("use \(name)"))
      guard c.mode.isWorker || c.mode == .single else {
        throw ScriptError(ClusterMessages.resourceTrackingNodes(name, c.mode.rawValue))
      }
    }
    return [
      Builtin("enableResourceTracking", args: 0...0) { a throws(ScriptError) in
        try allowed(a, "enableResourceTracking")
        do throws(ResourceTrackingError) { try tracker.enable() } catch { throw ScriptError(error.message) }
        return .void
      },
      Builtin("disableResourceTracking", args: 0...0) { a throws(ScriptError) in
        try allowed(a, "disableResourceTracking")
        do throws(ResourceTrackingError) { try tracker.disable() } catch { throw ScriptError(error.message) }
        return .void
      },
      // getUserHardwareUsage([from=0], [to]): the samples taken in [from, to).
      Builtin("getUserHardwareUsage", args: 0...2, parameterNames: ["from", "to"]) { a throws(ScriptError) in
        try allowed(a, "getUserHardwareUsage")
        let rows = try records(.hardware, a, tracker)
        let n = rows.count
        func long(_ k: Int) -> Vector { Vector(type: .long, ints: rows.map { Int64($0.fields[k]) ?? Int64.min }) }
        return .object(
          try Table(
            names: ["timestamp", "userId", "cpu", "memory", "send", "recv"],
            columns: [
              Vector(type: .nanotimestamp, ints: rows.map(\.time)), Vector(strings: rows.map { $0.fields[1] }),
              Vector(type: .int, ints: (0..<n).map { Int64(rows[$0].fields[2]) ?? Int64.min }), long(3), long(4),
              long(5),
            ]))
      },
      // getUserTableAccessRecords([from=0], [to]): the reads of database tables in [from, to).
      Builtin("getUserTableAccessRecords", args: 0...2, parameterNames: ["from", "to"]) { a throws(ScriptError) in
        try allowed(a, "getUserTableAccessRecords")
        tracker.flush()
        let rows = try records(.access, a, tracker)
        func text(_ k: Int) -> Vector { Vector(strings: rows.map { $0.fields[k] }) }
        return .object(
          try Table(
            names: ["timestamp", "rootQueryId", "userId", "database", "table", "type", "value", "script"],
            columns: [
              Vector(type: .nanotimestamp, ints: rows.map(\.time)), text(1), text(2), text(3), text(4), text(5),
              Vector(type: .long, ints: rows.map { Int64($0.fields[6]) ?? Int64.min }), text(7),
            ]))
      },
    ]
  }

  /// The log's records in [from, to), each with its time; records of another shape are skipped.
  static func records(_ kind: ResourceLogs.Kind, _ a: CallArguments, _ tracker: ResourceTracker) throws(ScriptError)
    -> [(time: Int64, fields: [String])]
  {
    let from = try bound(a, 0, "from") ?? 0
    let to = try bound(a, 1, "to") ?? Int64.max
    guard from <= to else {
      throw ScriptError(ClusterMessages.resourceRangeBackwards(ValueFormatter.plain(a[0]), ValueFormatter.plain(a[1])))
    }
    guard tracker.isConfigured, let all = ResourceLogs.records(kind, tracker.settings) else {
      throw ScriptError(
        tracker.isConfigured
          ? ClusterMessages.resourceLogDirectory(tracker.settings.directory, "No such file or directory")
          : ClusterMessages.resourceTrackingOff())
    }
    let width = kind == .hardware ? 6 : 8
    var out: [(Int64, [String])] = []
    for fields in all where fields.count == width {
      guard let t = Temporal.parse(fields[0], as: .nanotimestamp), t >= from, t < to else { continue }
      out.append((t, fields))
    }
    return out
  }

  /// An argument as nanoseconds since the epoch: an integer is taken as such, a temporal value
  /// as its instant (a DATE is its midnight); nil when not given or null.
  static func bound(_ a: CallArguments, _ i: Int, _ what: String) throws(ScriptError) -> Int64? {
    guard a.has(i), !a[i].isNull else { return nil }
    guard case .int(let raw, let type) = a[i], a[i].isScalar else {
      throw ScriptError(ClusterMessages.resourceTimeArgument(what, a[i].typeString))
    }
    switch type {
    case .char, .short, .int, .long: return raw
    case .date, .month, .datetime, .timestamp, .nanotimestamp, .datehour:
      // A time past what nanoseconds since 1970 hold bounds nothing on its side.
      return Temporal.convert(raw, from: type, to: .nanotimestamp) ?? (raw < 0 ? Int64.min : Int64.max)
    default: throw ScriptError(ClusterMessages.resourceTimeArgument(what, a[i].typeString))
    }
  }
}
