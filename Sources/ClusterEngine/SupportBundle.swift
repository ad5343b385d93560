import Coordination
import PorpoiseSupport
import ScriptRuntime

/// `getSupportBundle([dir])`: one text file with what support asks for first: the version,
/// the configuration (secrets masked), the license and machine, the cache engines, every
/// database's tables and schemas, and on a cluster its nodes, its largest tablets and the
/// chunks not in order. Each section is what the named script prints; a section that fails
/// says why and the rest are still written. Returns the file's path.
enum SupportBundle {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getSupportBundle", args: 0...1, parameterNames: ["dir"]) { a throws(ScriptError) in
        try a.machine.require(.admin("make a support bundle"))
        guard c.mode == .single || c.mode.isWorker else {
          throw ScriptError(ClusterMessages.supportBundleOnWorkers(c.mode.rawValue))
        }
        let dir = a.has(0) ? try a.text(0, "the folder") : defaultFolder(c)
        guard FileAccess.makeDirectory(dir) || FileAccess.isDirectory(dir) else {
          throw ScriptError(ClusterMessages.supportBundleFolder(dir, FileAccess.lastError()))
        }
        let path = "\(dir)/getSupportBundle.\(ClusterClock.millis())"
        let text = bundle(c, a.machine)
        do throws(FileError) {
          try DurableFile.write(Array(text.utf8), to: path, sync: true, mode: 0o600)
        } catch {
          throw ScriptError(error.message)
        }
        return .string(path, .string)
      }
    ]
  }

  /// Beside the node's home on a cluster node (as DolphinDB), in it on a standalone one.
  static func defaultFolder(_ c: ClusterContext) -> String {
    guard c.coordination != nil else { return c.launch.home }
    let home = c.launch.home.hasSuffix("/") ? String(c.launch.home.dropLast()) : c.launch.home
    return FileAccess.directory(of: home)
  }

  /// The sections, each a title and the scripts whose values it shows.
  static func sections(_ c: ClusterContext) -> [(String, [String])] {
    var s: [(String, [String])] = [
      ("VERSION", ["version()"]),
      ("CONFIGS", ["getConfig()"]),
      ("LICENSE AND MACHINE INFO", ["license()", "getOS()", "getMemoryStat()", "getSystemLoadAvg()", "getNodePerf()"]),
      ("CACHE ENGINE", ["getOLAPCacheEngineSize()", "getTSDBCacheEngineSize()"]),
    ]
    if c.coordination != nil {
      s += [
        ("CLUSTER NODES", ["getClusterPerf(true)"]),
        ("TABLETS META", ["select top 100 * from getTabletsMeta() order by rowNum desc"]),
        ("ANOMALOUS CHUNK STATUS", ["select * from getClusterChunksStatus() where state != \"COMPLETE\""]),
      ]
    }
    return s
  }

  static func bundle(_ c: ClusterContext, _ m: Machine) -> String {
    var out = "Support bundle of \(c.alias) (\(c.mode.rawValue)), \(ClusterClock.millis()) ms since 1970\n"
    var formatter = ValueFormatter()
    formatter.maxTableRows = 1000
    func show(_ script: String) -> String {
      do throws(ScriptError) {
        return formatter.format(try eval(script, m))
      } catch {
        return "error: \(error.message)"
      }
    }
    for (title, scripts) in sections(c) {
      out += "\n==== \(title) ====\n"
      if title == "CONFIGS", let published = publishedFiles(c) { out += published }
      for script in scripts { out += "> \(script)\n\(show(script))\n" }
    }
    out += "\n==== DB AND TABLE SCHEMA ====\n"
    do throws(ScriptError) {
      guard case .vector(let dbs) = try eval("getDFSDatabases()", m) else { return out }
      for db in dbs.strings {
        out += "> \(db)\n"
        let tables: [String]
        do throws(ScriptError) {
          guard case .vector(let v) = try eval("getTables(database(\"\(db)\"))", m) else { continue }
          tables = v.strings
        } catch {
          out += "error: \(error.message)\n"
          continue
        }
        for t in tables {
          let script = "schema(loadTable(\"\(db)\", \"\(t)\"))"
          out += "> \(script)\n\(show(script))\n"
        }
      }
    } catch {
      out += "error: \(error.message)\n"
    }
    return out
  }

  /// `cluster.nodes` and `cluster.cfg` as the leading controller published them.
  static func publishedFiles(_ c: ClusterContext) -> String? {
    guard c.coordination != nil, let client = try? c.client() else { return nil }
    let texts = try? blockingAwait { () async throws(ZooKeeperError) -> [String] in
      var out: [String] = []
      for path in [ClusterPaths.configNodesFile, ClusterPaths.configClusterFile] {
        let (bytes, _) = try await client.get(path)
        out.append(
          "--- \(path.split(separator: "/").last ?? "") (published by the leading controller)\n"
            + String(decoding: bytes, as: UTF8.self))
      }
      return out
    }
    return texts.map { $0.joined(separator: "\n") + "\n" }
  }

  /// The value of one script expression, run in the calling session (with its rights).
  static func eval(_ script: String, _ m: Machine) throws(ScriptError) -> Value {
    guard case .object(let o) = try m.call(function: "parseExpr", [.string(script, .string)]),
      let code = o as? MetaCode
    else { throw ScriptError("cannot read '\(script)'") }
    return try m.evaluate(code)
  }
}
