import ClusterConfig
import Coordination
import Dispatch
import PorpoiseSupport
import Synchronization

/// The cluster's members as a controller holds them: read from its files at start, changed
/// while the cluster runs by `addNode`, `addAgentToController` and `removeNode` on the leader,
/// and followed by the standby controllers, so that a failover keeps what was added.
///
/// An edit is a new `cluster.nodes` text, checked with the controller's other files exactly as
/// a file on disk is at start, then published in one fenced transaction with the members, the
/// desired states of added and removed nodes, and a `MembersEdit` record standbys watch.
public final class ClusterMembership: Sendable {
  struct State: Sendable {
    var members: [PublishedNode]
    var nodesFileText: String
    /// The last run-time edit these members include (0: none, the files as read at start).
    var sequence: Int
    /// Whether a standby has taken the edits published before it started as already in its
    /// files (it follows only later ones).
    var baselined = false
  }

  let files: ControllerFiles
  private let state: Mutex<State>
  /// One edit at a time: a second `addNode` waits for the first to be published.
  private let gate = DispatchSemaphore(value: 1)

  init(_ files: ControllerFiles) {
    self.files = files
    state = Mutex(State(members: files.members, nodesFileText: files.nodesFileText, sequence: 0))
  }

  var members: [PublishedNode] { state.withLock { $0.members } }
  var nodesFileText: String { state.withLock { $0.nodesFileText } }
  var sequence: Int { state.withLock { $0.sequence } }
  var nodesFilePath: String { files.nodesFilePath ?? "cluster.nodes" }

  /// The members `text` describes with the controller's other files, or every error in it.
  func resolve(_ text: String) -> Result<[PublishedNode], ConfigErrors> {
    let (file, problems) = NodesFile.parse(text, path: nodesFilePath)
    let layout = ClusterLayout.resolve(controller: files.controllerConfig, nodes: file, cluster: files.clusterConfig)
    let errors = (problems + layout.diagnostics).filter { $0.severity == .error }
    guard errors.isEmpty else { return .failure(ConfigErrors(errors)) }
    if let why = files.nodeCountRefusal?(layout.nodes.count) {
      return .failure(ConfigErrors([ConfigDiagnostic(.error, nodesFilePath, 0, why)]))
    }
    return .success(layout.nodes.map(PublishedNode.init))
  }

  /// The rows of the current text, parsed (for finding the line of a member to remove).
  var parsedFile: NodesFile { NodesFile.parse(nodesFileText, path: nodesFilePath).0 }

  /// Runs `body` alone among edits.
  func exclusively<T>(_ body: () throws(ClusterError) -> T) throws(ClusterError) -> T {
    gate.wait()
    defer { gate.signal() }
    return try body()
  }

  /// Publishes `text` as the cluster's members (fenced by the leader's epoch): added data and
  /// compute nodes get the desired state `stopped` (DolphinDB adds nodes switched off), removed
  /// ones lose theirs. With `save`, `cluster.nodes` is rewritten first and put back if the
  /// publication fails. Call inside `exclusively`.
  func publish(_ text: String, saving save: Bool, context c: ClusterContext) async throws(ClusterError) {
    let before = state.withLock { $0 }
    let members: [PublishedNode]
    switch resolve(text) {
    case .success(let m): members = m
    case .failure(let e): throw ClusterError(e.description)
    }
    let client = try c.client()
    guard let fence = c.fence.withLock({ $0 }) else { throw ClusterError(ClusterMessages.stoppedLeading()) }
    let workersBefore = Set(before.members.filter(\.mode.isWorker).map(\.alias))
    let workersAfter = Set(members.filter(\.mode.isWorker).map(\.alias))
    var operations: [ZooKeeperOperation] = [
      .set(ClusterPaths.configNodes, data: ZNodeJSON.encode(members), version: -1),
      .set(ClusterPaths.configNodesFile, data: Array(text.utf8), version: -1),
    ]
    let sequence: Int
    do throws(ZooKeeperError) {
      let last = try await client.document(MembersEdit.self, at: ClusterPaths.configMembersEdit)
      let edit = MembersEdit(sequence: max(last?.0.sequence ?? 0, before.sequence) + 1, saved: save, by: c.alias)
      sequence = edit.sequence
      operations.append(
        .set(ClusterPaths.configMembersEdit, data: ZNodeJSON.encode(edit), version: last?.1 ?? -1))
      for alias in workersAfter.subtracting(workersBefore).sorted() {
        // Added switched off, as DolphinDB adds them: startDataNode starts them.
        let stopped = ZNodeJSON.encode(DesiredState(state: .stopped, generation: 1, by: c.alias))
        if try await client.exists(ClusterPaths.desired(alias)) != nil {
          operations.append(.set(ClusterPaths.desired(alias), data: stopped, version: -1))
        } else {
          operations.append(.create(ClusterPaths.desired(alias), data: stopped, mode: .persistent))
        }
      }
      for alias in workersBefore.subtracting(workersAfter).sorted() {
        if try await client.exists(ClusterPaths.desired(alias)) != nil {
          operations.append(.delete(ClusterPaths.desired(alias), version: -1))
        }
      }
    } catch {
      throw error.cluster
    }
    if save { try write(text) }
    do throws(ZooKeeperError) {
      try await ControllerElection(client: client).fenced(fence, operations)
    } catch {
      if save { try? write(before.nodesFileText) }
      throw error.cluster
    }
    state.withLock { $0 = State(members: members, nodesFileText: text, sequence: sequence, baselined: true) }
  }

  /// A standby's part: adopts an edit the leader published after the members this controller
  /// holds (saving it to its own `cluster.nodes` when the leader saved it). Returns a line for
  /// the log when it adopted one.
  func follow(_ client: any CoordinationClient) async throws(ZooKeeperError) -> String? {
    guard state.withLock({ $0.baselined }) else {
      try await skipPublishedEdits(client)
      return nil
    }
    guard let (edit, _) = try await client.document(MembersEdit.self, at: ClusterPaths.configMembersEdit, watch: true),
      edit.sequence > sequence
    else { return nil }
    let (bytes, _) = try await client.get(ClusterPaths.configNodesFile)
    let text = String(decoding: bytes, as: UTF8.self)
    guard case .success(let members) = resolve(text) else {
      // Checked by the leader with its files; this controller's cluster.cfg may differ.
      state.withLock { $0.sequence = edit.sequence }
      return
        "the members \(edit.by) published (edit \(edit.sequence)) do not resolve with this controller's files; keeping its own"
    }
    var saved = ""
    if edit.saved, text != FileAccess.read(nodesFilePath) {
      do throws(ClusterError) {
        try write(text)
        saved = " and saved it to \(nodesFilePath)"
      } catch {
        saved = " (saving it failed: \(error.message))"
      }
    }
    state.withLock { $0 = State(members: members, nodesFileText: text, sequence: edit.sequence, baselined: true) }
    return "Adopted the members \(edit.by) published (edit \(edit.sequence), \(members.count) nodes)\(saved)"
  }

  /// A standby's starting point: the files it was started with stand for the edits published
  /// before it came (so an operator's edit of them takes effect when it leads).
  private func skipPublishedEdits(_ client: any CoordinationClient) async throws(ZooKeeperError) {
    let last = try await client.document(MembersEdit.self, at: ClusterPaths.configMembersEdit, watch: true)
    state.withLock {
      $0.sequence = max($0.sequence, last?.0.sequence ?? 0)
      $0.baselined = true
    }
  }

  /// The operations with which a newly elected leader publishes the members it holds, and
  /// the edit number they carry (standbys adopt them: every controller then holds the
  /// leader's members). `didPublish` records it once the transaction is done.
  func electionOperations(_ client: any CoordinationClient, by alias: String) async throws(ZooKeeperError) -> (
    [ZooKeeperOperation], Int
  ) {
    let s = state.withLock { $0 }
    let last = try await client.document(MembersEdit.self, at: ClusterPaths.configMembersEdit)
    let edit = MembersEdit(sequence: max(last?.0.sequence ?? 0, s.sequence) + 1, saved: false, by: alias)
    return (
      [
        .set(ClusterPaths.configNodes, data: ZNodeJSON.encode(s.members), version: -1),
        .set(ClusterPaths.configNodesFile, data: Array(s.nodesFileText.utf8), version: -1),
        .set(ClusterPaths.configMembersEdit, data: ZNodeJSON.encode(edit), version: -1),
      ], edit.sequence
    )
  }

  func didPublish(_ sequence: Int) {
    state.withLock {
      $0.sequence = max($0.sequence, sequence)
      $0.baselined = true
    }
  }

  private func write(_ text: String) throws(ClusterError) {
    guard let path = files.nodesFilePath else { return }
    do {
      try DurableFile.write(Array(text.utf8), to: path, sync: true)
    } catch {
      throw ClusterError(ClusterMessages.nodesFileUnwritable(path, error.message))
    }
  }
}
