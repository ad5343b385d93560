import Coordination
import ScriptRuntime

/// `suspendRecovery()` and `resumeRecovery()`: an administrator on a controller holds back the
/// catch-up of stale replicas (during a bulk load, say, when copying would compete with it for
/// disks) and lets it go on. A replica being caught up when recovery is suspended finishes;
/// the ones waiting wait. The suspension is the cluster's (`/config/recoverySuspended` in
/// ZooKeeper), so it holds across a change of leading controller, which DolphinDB's does not
/// (there each controller of a raft group must be told).
enum RecoveryControl {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("suspendRecovery", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("suspend recovery"))
        let client = try controllerClient(c, "suspendRecovery")
        let by = a.machine.access?.userName ?? "admin"
        try ClusterBuiltins.cluster { () async throws(ClusterError) in
          do throws(ZooKeeperError) {
            try await client.put(RecoverySuspension(by: by), at: ClusterPaths.configRecoverySuspended)
          } catch { throw error.cluster }
        }
        c.log?("suspendRecovery() by \(by): stale replicas wait until resumeRecovery()")
        return .void
      },
      Builtin("resumeRecovery", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("resume recovery"))
        let client = try controllerClient(c, "resumeRecovery")
        try ClusterBuiltins.cluster { () async throws(ClusterError) in
          do throws(ZooKeeperError) {
            try await client.delete(ClusterPaths.configRecoverySuspended, version: -1)
          } catch {
            guard error.code == ZooKeeperError.noNode else { throw error.cluster }
          }
        }
        c.log?("resumeRecovery() by \(a.machine.access?.userName ?? "admin")")
        return .void
      },
    ]
  }

  static func controllerClient(_ c: ClusterContext, _ function: String) throws(ScriptError) -> any CoordinationClient {
    guard c.mode == .controller else { throw ScriptError(ClusterMessages.controllerOnly(function, c.mode.rawValue)) }
    do { return try c.client() } catch { throw ScriptError(error.message) }
  }
}
