import Synchronization

/// The subscriptions to a node's shared tables (`subscribeTable`): each new batch of rows of a
/// subscribed table goes to every subscriber's handler, in order, run by the subscribing
/// session's machine (see `MachineInbox`). One hub serves every session of a node.
public final class StreamHub: @unchecked Sendable {
  // @unchecked: the subscriptions are reached only under `lock`; each one's counters under its own.
  private let lock = Mutex<[String: Subscription]>([:])
  /// Offsets kept beyond subscriptions (`persistOffset`, `removeOffset=false`).
  public let offsets = TopicOffsets()

  public init() {}

  /// `table/action`, the key of a subscription.
  public static func key(_ table: String, _ action: String) -> String { table + "/" + action }

  /// Adds a subscription; one of that table and action already there is refused.
  public func subscribe(_ s: Subscription) throws(ScriptError) {
    try lock.withLock { (all: inout [String: Subscription]) throws(ScriptError) in
      let key = StreamHub.key(s.tableName, s.actionName)
      if all[key]?.inbox.isClosed == true { all[key] = nil }
      guard all[key] == nil else { throw ScriptError(RuntimeMessages.alreadySubscribed(s.tableName, s.actionName)) }
      all[key] = s
    }
    s.table.onGrow = { [weak self] table in self?.published(table) }
    // Rows already there from the offset on are the first message.
    if s.nextRow < s.table.rowCount { s.post() }
  }

  /// Removes a subscription; false if there was none. Messages already queued for it are dropped.
  /// With `removeOffset` false, the last row it processed is kept for the next subscription.
  public func unsubscribe(_ table: String, _ action: String, removeOffset: Bool = true) -> Bool {
    let key = StreamHub.key(table, action)
    guard let s = lock.withLock({ $0.removeValue(forKey: key) }) else { return false }
    s.end()
    let last = s.counters.processedOffset
    offsets.set(key, removeOffset || last < 0 ? nil : last)
    return true
  }

  /// The running subscription of `table/action`, if any.
  public func subscription(_ key: String) -> Subscription? {
    lock.withLock { $0[key].flatMap { $0.inbox.isClosed ? nil : $0 } }
  }

  /// Every subscription, by table then action (those of sessions that ended are gone).
  public var subscriptions: [Subscription] {
    lock.withLock { all in
      all = all.filter { !$0.value.inbox.isClosed }
      return all.keys.sorted().compactMap { all[$0] }
    }
  }

  /// Whether `table/action` is subscribed (by a session still open).
  public func exists(_ table: String, _ action: String) -> Bool {
    lock.withLock { $0[StreamHub.key(table, action)].map { !$0.inbox.isClosed } ?? false }
  }

  /// New rows in a shared table: each of its subscribers gets a message. A subscription whose
  /// session ended goes.
  func published(_ table: SharedTable) {
    let subscribers = lock.withLock { all in
      all = all.filter { !$0.value.inbox.isClosed }
      return all.values.filter { $0.table === table }
    }
    for s in subscribers { s.post() }
  }
}

/// One subscription: the table, the handler and where it has read up to.
public final class Subscription: @unchecked Sendable {
  // @unchecked: `state` is only touched under `lock`; the handler runs on the subscriber's machine.
  public let tableName: String
  public let actionName: String
  public let table: SharedTable
  /// A function of the new rows (a table, or a tuple of columns), or a table they are appended to.
  let handler: Value
  let msgAsTable: Bool
  let handlerNeedsMessageId: Bool
  /// Values of the table's filter column that a row must hold (nil: every row).
  let filter: Value?
  /// Where messages go: the subscribing session's inbox.
  let inbox: MachineInbox
  /// The user who subscribed, for `getStreamingStat`.
  public let user: String
  /// Where the last processed row is kept as it moves (`persistOffset=true`); nil: not kept.
  let keptIn: TopicOffsets?
  /// Whether the subscription keeps its offset as it goes (`persistOffset=true`).
  public var persistsOffset: Bool { keptIn != nil }

  public struct Counters: Sendable {
    public var nextRow: Int
    public var processedRows = 0
    public var messages = 0
    public var lastError = ""
    public var lastErrorTimestamp: Int64 = Int64.min
    public var queued = 0
    /// False once unsubscribed.
    public var active = true
    /// The last row handled (delivered, or left out by the filter); -1 before any.
    public var processedOffset = -1
  }
  private let state: Mutex<Counters>

  public init(
    tableName: String, actionName: String, table: SharedTable, offset: Int, handler: Value, msgAsTable: Bool,
    handlerNeedsMessageId: Bool, filter: Value?, inbox: MachineInbox, user: String, keptIn: TopicOffsets? = nil
  ) {
    self.tableName = tableName
    self.actionName = actionName
    self.table = table
    self.handler = handler
    self.msgAsTable = msgAsTable
    self.handlerNeedsMessageId = handlerNeedsMessageId
    self.filter = filter
    self.inbox = inbox
    self.user = user
    self.keptIn = keptIn
    state = Mutex(Counters(nextRow: offset < 0 ? table.rowCount : min(offset, table.rowCount)))
  }

  public var counters: Counters { state.withLock { $0 } }
  var nextRow: Int { state.withLock { $0.nextRow } }

  /// Queues a message for the subscriber: the rows from where it has read to the end, taken
  /// when it runs (so several appends before it runs make one message).
  func post() {
    state.withLock { $0.queued += 1 }
    inbox.post { [self] m in run(m) }
  }

  func end() { state.withLock { $0.active = false } }

  private func run(_ m: Machine) {
    let (from, active) = state.withLock { c in
      c.queued -= 1
      return (c.nextRow, c.active)
    }
    guard active else { return }
    let rows: Table
    do {
      rows = try table.withTable { t throws(ScriptError) in
        guard from < t.rowCount else {
          return try Table(names: t.names, columns: t.columns.map { Vector.empty($0.type) })
        }
        return t.gather(Array(from..<t.rowCount))
      }
    } catch {
      record(error.message, m)
      return
    }
    guard rows.rowCount > 0 else { return }
    state.withLock { $0.nextRow = from + rows.rowCount }
    let chosen: Table
    do { chosen = try selected(rows, m) } catch {
      record(error.message, m)
      return
    }
    let lastId = from + rows.rowCount - 1
    guard chosen.rowCount > 0 else { return processed(upTo: lastId) }
    do {
      try deliver(chosen, lastId: lastId, m)
      state.withLock {
        $0.processedRows += chosen.rowCount
        $0.messages += 1
      }
      processed(upTo: lastId)
    } catch {
      record(error.message, m)
    }
  }

  /// Notes the last row handled, and keeps it when the subscription persists its offset. The
  /// offset (and its file) is written outside this subscription's lock, which publishers take;
  /// checked active under the offsets' lock, so an unsubscribe's own keep or removal stands.
  private func processed(upTo row: Int) {
    state.withLock { $0.processedOffset = row }
    keptIn?.set(StreamHub.key(tableName, actionName), row) { [self] in counters.active }
  }

  /// The rows whose filter column holds one of the filter's values (a pair: lies in [low, high)).
  private func selected(_ rows: Table, _ m: Machine) throws(ScriptError) -> Table {
    guard let filter, let column = table.filterColumn, let values = rows.column(column) else { return rows }
    var keep: [Int] = []
    if case .pair(let range) = filter {
      for i in 0..<values.count {
        let v = values[i]
        if Comparison.order(v, range[0]) >= 0 && Comparison.order(v, range[1]) < 0 { keep.append(i) }
      }
    } else {
      let wanted = Set((HigherOrder.elements(filter) ?? [filter]).compactMap(ScalarKey.init))
      for i in 0..<values.count where ScalarKey(values[i]).map(wanted.contains) == true { keep.append(i) }
    }
    return keep.count == rows.rowCount ? rows : rows.gather(keep)
  }

  private func deliver(_ rows: Table, lastId: Int, _ m: Machine) throws(ScriptError) {
    let message: Value = msgAsTable ? .object(rows) : .tuple(rows.columns.map { .vector($0) })
    switch handler {
    case .function(let f):
      _ = try m.call(f, handlerNeedsMessageId ? [message, .long(Int64(lastId))] : [message])
    case .object(let o as AppendableTable):
      try o.append(columns: rows.columns, from: "the subscription \(tableName)/\(actionName)", in: m)
    default:
      throw ScriptError(RuntimeMessages.mustBeFunction("a subscription's handler", got: handler.typeString))
    }
  }

  private func record(_ message: String, _ m: Machine) {
    let now = m.clock.nowNanoseconds() / 1_000_000
    state.withLock {
      $0.lastError = message
      $0.lastErrorTimestamp = now
    }
  }
}
