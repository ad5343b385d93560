/// The parameters Porpoise knows, with the shape their values must have. Unknown names are
/// warned about (DolphinDB has hundreds; a typo should be visible, not fatal).
public enum KnownParameters {
  /// What a value must look like.
  public enum Kind: Sendable {
    case integer(ClosedRange<Int>)
    case number
    case boolean
    case choice([String])
    case site
    case text
    /// `user:password`, both non-empty.
    case credentials
  }

  /// Parameters whose values are secrets: shown as `user:********`, never published.
  public static let secret: Set<String> = ["zkDigest"]

  /// `user:password` split in two: both non-empty, no blanks in the user. The one rule for
  /// `zkDigest`, in config files and in the environment alike.
  public static func credentials(_ text: String) -> (user: String, password: String)? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let user = String(text[..<colon])
    let password = String(text[text.index(after: colon)...])
    guard !user.isEmpty, !password.isEmpty, !user.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
    return (user, password)
  }

  /// A value as logs, `getConfig` and diagnostics may show it.
  public static func shown(_ name: String, _ value: String) -> String {
    guard secret.contains(name) else { return value }
    let user = value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
    return user + ":********"
  }

  public static let all: [String: Kind] = [
    // Roles and addresses.
    "mode": .choice(["single", "controller", "agent", "datanode", "computenode"]),
    "localSite": .site,
    "controllerSite": .site,
    "sites": .text,
    "publicName": .text,
    // Porpoise: ZooKeeper, supervision.
    "zkConnect": .text,
    "zkSessionTimeout": .integer(1000...600_000),
    "zkDigest": .credentials,
    "agent": .text,
    "stopTimeout": .integer(1...3600),
    "nodeStartTimeout": .integer(1...3600),
    "restartBackoffMax": .integer(1...3600),
    "license": .text,
    "licensePublicKey": .text,
    // Resources.
    "workerNum": .integer(1...4096),
    "localExecutors": .integer(0...4096),
    "executorNum": .integer(0...4096),
    "webWorkerNum": .integer(0...4096),
    "maxConnections": .integer(1...1_000_000),
    "maxMemSize": .number,
    "memLimitOfQueryResult": .number,
    // User-level resource tracking: seconds between samples (-1: off), MB before a log rolls,
    // days a rolled log is kept (-1: always), and where the logs go (default <home>/resource).
    "resourceSamplingInterval": .integer(-1...86_400),
    "resourceSamplingMaxLogSize": .number,
    "resourceSamplingLogRetentionTime": .number,
    "resourceSamplingLogDir": .text,
    "maxBatchJobWorker": .integer(0...4096),
    "maxBatchJobHistory": .integer(1...10_000_000),
    "batchJobDir": .text,
    "marketHolidayDir": .text,
    "maxPubConnections": .integer(0...1_000_000),
    "subExecutors": .integer(0...4096),
    "chunkCacheEngineMemSize": .number,
    "OLAPCacheEngineSize": .number,
    "TSDBCacheEngineSize": .number,
    // Storage.
    "home": .text,
    "volumes": .text,
    "persistenceDir": .text,
    "dfsMetaDir": .text,
    "chunkMetaDir": .text,
    "redoLogDir": .text,
    "dataSync": .boolean,
    "enhancedSecurityVerification": .boolean,
    // shell(cmd) runs operating-system commands only where this is true (an administrator's).
    "enableShellFunction": .boolean,
    // getRunningQueries and getCompletedQueries: on unless this is false.
    "perfMonitoring": .boolean,
    "dfsHAMode": .choice(["Raft"]),
    "dfsReplicationFactor": .integer(1...16),
    "dfsReplicaReliabilityLevel": .integer(0...2),
    "newValuePartitionPolicy": .choice(["add", "skip", "fail"]),
    "allowMissingPartitions": .boolean,
    "enableChunkGranularityConfig": .boolean,
    // Networking and cluster behaviour.
    "lanCluster": .boolean,
    "datanodeRestartInterval": .integer(0...86_400),
    "enableHTTPS": .boolean,
    // Scripts and logs.
    "init": .text,
    "startup": .text,
    "postStart": .text,
    "preloadModules": .text,
    "script": .text,
    "logFile": .text,
    "logLevel": .choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    "maxLogSize": .integer(100...1_000_000),
    "stdoutLog": .integer(0...2),
    "console": .boolean,
  ]

  /// Checks a value against its parameter's kind; nil when fine, else what is wrong.
  public static func check(_ name: String, _ value: String) -> String? {
    guard let kind = all[name] else { return nil }
    switch kind {
    case .integer(let range):
      guard let v = Int(value), range.contains(v) else {
        return "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
      }
    case .number:
      guard let v = Double(value), v >= 0 else { return "'\(name)' must be a non-negative number, not '\(value)'" }
    case .boolean:
      guard ["0", "1", "true", "false"].contains(value.lowercased()) else {
        return "'\(name)' must be 0, 1, true or false, not '\(value)'"
      }
    case .choice(let options):
      guard options.contains(where: { $0.lowercased() == value.lowercased() }) else {
        return "'\(name)' must be one of \(options.joined(separator: ", ")), not '\(value)'"
      }
    case .site:
      if case .failure(let e) = Site.parse(value) { return "'\(name)': \(e.message)" }
    case .text:
      break
    case .credentials:
      guard credentials(value) != nil else {
        return "'\(name)' must be user:password (ZooKeeper's digest scheme); the value is a secret and not shown"
      }
    }
    // Accepting it would let an operator believe the console is encrypted.
    if name == "enableHTTPS", NodeParameters.isTrue(value, default: false) {
      return
        "'enableHTTPS=true' is refused: Porpoise serves its web console and scripts without TLS; put a TLS-terminating proxy in front of the port and leave enableHTTPS out (or false)"
    }
    return nil
  }

  /// What is wrong with a config line, if anything: an unknown name (a warning, with a
  /// suggestion) or a malformed value (an error). `<ALIAS>` counts as a plain word here.
  public static func diagnose(_ e: ConfigEntry) -> ConfigDiagnostic? {
    if all[e.name] == nil {
      let hint = suggestion(for: e.name).map { "; did you mean '\($0)'?" } ?? ""
      return ConfigDiagnostic(.warning, e.file, e.line, "unknown parameter '\(e.name)' is ignored\(hint)")
    }
    if let problem = check(e.name, e.value.replacing("<ALIAS>", with: "x")) {
      return ConfigDiagnostic(.error, e.file, e.line, problem)
    }
    if e.name == "allowMissingPartitions", !NodeParameters.isTrue(e.value, default: true) {
      return ConfigDiagnostic(
        .warning, e.file, e.line,
        "'allowMissingPartitions=false' is not honored: appends skip the rows outside the partition scheme and warn, as with true; newValuePartitionPolicy=fail refuses new VALUE partitions"
      )
    }
    return nil
  }

  /// A known name close to an unknown one (a different case or one or two typos).
  public static func suggestion(for name: String) -> String? {
    if let exact = all.keys.first(where: { $0.lowercased() == name.lowercased() }) { return exact }
    let best = all.keys.map { ($0, editDistance($0.lowercased(), name.lowercased())) }.min {
      $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0)
    }
    guard let (candidate, distance) = best, distance <= 2 else { return nil }
    return candidate
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[b.count]
  }
}
