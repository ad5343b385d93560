import ScriptSyntax

/// `transaction { ... }`: when a statement of the block fails, the in-memory tables it changed
/// (those of the session's variables and the node's shared tables) are put back as they were
/// when it began, and the error goes on; as DolphinDB's transaction, all or nothing. What is
/// put back is the tables' columns as they were (kept without copying: a column is copied when
/// the block first changes it). Other sessions may see a shared table's changes while the block
/// runs: the block is atomic, not isolated. A table the block made stays.
final class TransactionStmt: StmtNode {
  let body: StmtNode
  init(body: StmtNode, range: SourceRange) {
    self.body = body
    super.init(range: range)
  }

  /// A table as it was, and the shared table it is inside (whose lock guards it).
  private struct Saved {
    let table: Table
    let names: [String]
    let columns: [Vector]
    let shared: SharedTable?
  }

  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    var saved: [Saved] = []
    var seen = Set<ObjectIdentifier>()
    for name in m.variableNames {
      guard case .object(let o)? = m.variable(name), let t = o as? Table else { continue }
      if seen.insert(ObjectIdentifier(t)).inserted {
        saved.append(Saved(table: t, names: t.names, columns: t.columns, shared: nil))
      }
    }
    for name in m.sharedObjects.names {
      guard let s = m.sharedObjects.table(name) else { continue }
      try s.withTable { t in
        if seen.insert(ObjectIdentifier(t)).inserted {
          saved.append(Saved(table: t, names: t.names, columns: t.columns, shared: s))
        }
      }
    }
    do {
      return try body.exec(m)
    } catch {
      for s in saved {
        let restore = { (t: Table) throws(ScriptError) in
          t.replaceContents(names: s.names, columns: s.columns)
          try t.didChange?(t)
        }
        if let shared = s.shared { try shared.withTable(restore) } else { try restore(s.table) }
      }
      throw error
    }
  }
}
