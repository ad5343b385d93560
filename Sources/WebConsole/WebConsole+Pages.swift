import Foundation
import RemoteNode
import ScriptRuntime
import ScriptSession

/// What the cluster, jobs and databases pages ask of the node beyond a script.
extension WebConsole {
  /// `POST /api/nodes/start|stop {"nodes": [...]}`: `startDataNode`/`stopDataNode` in the
  /// session, with their rights, waits and errors.
  func control(_ r: WebRequest, _ s: WebSession, _ function: String) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let nodes = body["nodes"] as? [String], !nodes.isEmpty else {
      return json(400, ["error": "\(function) needs a JSON body {\"nodes\": [alias, ...]}"])
    }
    return call(s, function, [.vector(Vector(strings: nodes))])
  }

  /// `POST /api/jobs/cancel {"ids": [...]}`: `cancelJob` in the session.
  func cancel(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let ids = body["ids"] as? [String], !ids.isEmpty else {
      return json(400, ["error": "cancelJob needs a JSON body {\"ids\": [jobId, ...]}"])
    }
    return call(s, "cancelJob", [.vector(Vector(strings: ids))])
  }

  /// `GET /api/job?id=ID`: the job's status row, what it printed, and its value once done.
  func job(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let id = WebConsole.parameter(r, "id")?.removingPercentEncoding, !id.isEmpty,
      id.utf8.allSatisfy({ $0 < 128 })
    else { return json(400, ["error": "job needs ?id=JOBID (letters, digits, _, - and .)"]) }
    let ran = s.run { session, _, _ -> JobAnswer in
      do throws(ScriptError) {
        let status = try session.machine.call(function: "getJobStatus", [.string(id, .string)])
        let messages = try session.machine.call(function: "getJobMessage", [.string(id, .string)])
        var value: Box?
        var ended = false
        if case .object(let o) = status, let t = o as? Table, let i = t.names.firstIndex(of: "endTime"),
          t.rowCount == 1, !t.columns[i][0].isNull
        {
          ended = true
          value = (try? session.machine.call(function: "getJobReturn", [.string(id, .string)])).map { Box($0) }
        }
        return JobAnswer(status: Box(status), messages: messages.stringValue ?? "", value: value, ended: ended)
      } catch {
        return JobAnswer(error: error.message)
      }
    }
    guard let answer = ran else { return ended() }
    if let error = answer.error { return json(404, ["error": error]) }
    var object: [String: Any] = ["messages": answer.messages, "ended": answer.ended]
    if let status = answer.status { object["status"] = WebJSON.value(status.value) }
    if let value = answer.value { object["value"] = WebJSON.value(value.value) }
    return json(200, object)
  }

  struct JobAnswer: Sendable {
    var status: Box? = nil
    var messages = ""
    var value: Box? = nil
    var ended = false
    var error: String? = nil
  }

  /// `GET /api/schema?table=dfs://db/tb`: the table's columns and its partitions' chunks with
  /// their replicas and states. The path travels as an argument, never as script text.
  func schema(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let path = WebConsole.parameter(r, "table")?.removingPercentEncoding, path.hasPrefix("dfs://"),
      let slash = path.lastIndex(of: "/"),
      path.distance(from: path.startIndex, to: slash) > "dfs://".count
    else { return json(400, ["error": "schema needs ?table=dfs://database/table"]) }
    let (database, table) = (String(path[..<slash]), String(path[path.index(after: slash)...]))
    let ran = s.run { session, _, _ -> SchemaAnswer in
      do throws(ScriptError) {
        let handle = try session.machine.call(
          function: "loadTable", [.string(database, .string), .string(table, .string)])
        guard case .dictionary(let d) = try session.machine.call(function: "schema", [handle]),
          let columns = d[.string("colDefs", .string)]
        else { return SchemaAnswer(error: "no schema for \(path)") }
        var partitions: Box?
        if case .object(let o) = try session.machine.call(function: "getClusterChunksStatus", []),
          let chunks = o as? Table, let f = chunks.names.firstIndex(of: "file")
        {
          let prefix = "/" + database.dropFirst("dfs://".count) + "/"
          let rows = (0..<chunks.rowCount).filter { i in
            let file = chunks.columns[f][i].stringValue ?? ""
            return file.hasPrefix(prefix) && file.hasSuffix("/" + table)
          }
          partitions = Box(.object(chunks.gather(rows)))
        }
        return SchemaAnswer(columns: Box(columns), partitions: partitions)
      } catch {
        return SchemaAnswer(error: error.message)
      }
    }
    guard let answer = ran else { return ended() }
    if let error = answer.error { return json(404, ["error": error]) }
    var object: [String: Any] = ["table": path]
    if let c = answer.columns { object["columns"] = WebJSON.value(c.value) }
    if let p = answer.partitions { object["partitions"] = WebJSON.value(p.value) }
    return json(200, object)
  }

  struct SchemaAnswer: Sendable {
    var columns: Box? = nil
    var partitions: Box? = nil
    var error: String? = nil
  }
}
