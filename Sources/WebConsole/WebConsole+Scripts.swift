import Foundation
import RemoteNode
import ScriptRuntime
import ScriptSession

/// Running scripts for the page: here or on another node, paging their tables, the tables the
/// pages show, and built-in calls.
extension WebConsole {
  /// `POST /api/run {"script"}`: what it printed, its last value, or its error with the
  /// source line and caret.
  func run(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let script = body["script"] as? String else {
      return json(400, ["error": "run needs a JSON body {\"script\": ...}"])
    }
    let node = (body["node"] as? String).flatMap { $0.isEmpty || $0 == alias ? nil : $0 }
    let box = s.box
    let ran = s.run { session, output, errors -> Reply in
      if let node { return WebConsole.run(script, on: node, box) }
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: output.text, errors: errors.text,
        value: outcome == .ok ? session.lastValue.map { Box($0) } : nil)
    }
    guard let answer = ran else { return ended() }
    if case .object(let o)? = answer.value?.value, let t = o as? Table {
      s.lastTable.withLock { $0 = TableBox(table: t) }
    }
    var object: [String: Any] = ["ok": answer.ok, "output": answer.output]
    if !answer.errors.isEmpty { object[answer.ok ? "warnings" : "error"] = answer.errors }
    if let v = answer.value { object["value"] = WebJSON.value(v.value) }
    return json(200, object)
  }

  /// Runs a script on another node of the cluster, on the session's connection to it (made
  /// on first use: found in `getClusterPerf`, logged in by the session's token). Called on the
  /// session's thread.
  static func run(_ script: String, on node: String, _ box: SessionBox) -> Reply {
    var connection = box.remotes[node]
    if connection == nil || connection?.isOpen == false {
      do throws(ScriptError) {
        guard case .object(let o) = try box.session.machine.call(function: "getClusterPerf", [.bool(true)]),
          let t = o as? Table, let n = t.names.firstIndex(of: "name"), let h = t.names.firstIndex(of: "host"),
          let p = t.names.firstIndex(of: "port"),
          let row = (0..<t.rowCount).first(where: { t.columns[n][$0].stringValue == node }),
          let host = t.columns[h][row].stringValue, let port = t.columns[p][row].intValue
        else { return Reply(ok: false, output: "", errors: "no node '\(node)' in this cluster\n", value: nil) }
        let c: NodeConnection
        do { c = try NodeConnection.connect(host: host, port: Int(port), timeoutSeconds: 3) } catch {
          return Reply(ok: false, output: "", errors: "\(node): \(error.message)\n", value: nil)
        }
        try RemoteBuiltins.carryLogin(c, token: box.session.machine.access?.sessionToken)
        box.remotes[node] = c
        connection = c
      } catch {
        return Reply(ok: false, output: "", errors: "\(node): \(error.message)\n", value: nil)
      }
    }
    guard let connection else { return Reply(ok: false, output: "", errors: "", value: nil) }
    var (out, err) = ("", "")
    do throws(ConnectionError) {
      let (ok, value) = try connection.runForValue(
        script, name: "<web>", output: { out += $0 }, errors: { err += $0 })
      return Reply(ok: ok, output: out, errors: err, value: ok ? value.map { Box($0) } : nil)
    } catch {
      connection.close()
      box.remotes[node] = nil
      return Reply(ok: false, output: out, errors: err + "\(node): \(error.message)\n", value: nil)
    }
  }

  /// `GET /api/rows?offset=N`: the last table `/api/run` gave, from row N (1,000 rows a page).
  func rows(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let offset = WebConsole.parameter(r, "offset").flatMap({ Int($0) }), offset >= 0 else {
      return json(400, ["error": "rows needs ?offset=N (N >= 0)"])
    }
    guard let t = s.lastTable.withLock({ $0 })?.table else { return json(404, ["error": "no table to page through"]) }
    return json(200, WebJSON.table(t, from: offset))
  }

  /// A built-in's table, as `/api/cluster` and `/api/jobs` give it.
  func query(_ s: WebSession, _ script: String) -> WebResponse {
    let ran = s.run { session, _, errors -> Reply in
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: "", errors: errors.text, value: session.lastValue.map { Box($0) })
    }
    guard let answer = ran else { return ended() }
    // The built-in refused (the user's rights) or failed: said as it says it.
    guard answer.ok, let v = answer.value else { return json(400, ["error": answer.errors]) }
    return json(200, WebJSON.value(v.value))
  }

  /// Calls a built-in in the session: `ok`, or `ok` false and its error.
  func call(_ s: WebSession, _ function: String, _ arguments: [Value]) -> WebResponse {
    let given = Box.Many(arguments)
    let outcome = s.run { session, _, _ -> String? in
      do throws(ScriptError) {
        _ = try session.machine.call(function: function, given.values)
        return nil
      } catch {
        return error.message
      }
    }
    guard let outcome else { return ended() }
    guard let failure = outcome else { return json(200, ["ok": true]) }
    return json(200, ["ok": false, "error": failure])
  }
}
