import ScriptRuntime

/// `setColumnComment(table, columnComments)` and `setTableComment(table, comment)`: comments a
/// database table keeps (`schema(t).colDefs` has a `comment` column, `schema(t)` a
/// `tableComment`).
enum TableComments {
  /// DolphinDB's bound on a comment's bytes.
  static let maxBytes = 4096

  static func target(_ v: Value, _ function: String) throws(ScriptError) -> CommentedTable {
    guard case .object(let o) = v, let t = o as? CommentedTable else {
      throw ScriptError(RuntimeMessages.needsDatabaseTable(function, got: v.typeString))
    }
    return t
  }

  static func checked(_ text: String, _ function: String) throws(ScriptError) -> String {
    guard text.utf8.count <= maxBytes else { throw ScriptError(RuntimeMessages.commentTooLong(function, maxBytes)) }
    return text
  }

  static let all: [Builtin] = [
    Builtin("setColumnComment", args: 2...2, parameterNames: ["table", "columnComments"]) { a throws(ScriptError) in
      let t = try target(a[0], "setColumnComment")
      guard case .dictionary(let d) = a[1] else {
        throw ScriptError(RuntimeMessages.needsDictionary("setColumnComment", got: a[1].typeString))
      }
      var comments: [String: String] = [:]
      for (k, v) in zip(d.keys, d.values) {
        guard let name = k.stringValue, let text = v.isNull ? "" : v.stringValue else {
          throw ScriptError(RuntimeMessages.commentsNeedText("setColumnComment"))
        }
        comments[name] = try checked(text, "setColumnComment")
      }
      try t.setComments(columns: comments, table: nil, a.machine)
      return .void
    },
    Builtin("setTableComment", args: 2...2, parameterNames: ["table", "comment"]) { a throws(ScriptError) in
      let t = try target(a[0], "setTableComment")
      let text = try checked(try a.text(1, "the comment of 'setTableComment'"), "setTableComment")
      try t.setComments(columns: [:], table: text, a.machine)
      return .void
    },
  ]
}
