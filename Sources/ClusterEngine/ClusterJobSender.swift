import AccessControl
import Coordination
import Dispatch
import RemoteNode
import ScriptRuntime

/// Sends a slot's run to its node over the script protocol, logged in as the schedule's maker
/// by a token the controller makes for them under their current generation (a deleted user's
/// schedules do not run). The exchange blocks, so it runs on a dispatch thread.
struct ClusterJobSender: ClusterJobDispatch {
  let users: UserService

  func submit(_ launch: ClusterJobLaunch, to node: Registration) async throws(ClusterError) {
    let users = users
    let result = await withCheckedContinuation { (done: CheckedContinuation<ClusterError?, Never>) in
      DispatchQueue.global().async {
        done.resume(returning: ClusterJobSender.send(launch, to: node, users: users))
      }
    }
    if let result { throw result }
  }

  private static func send(_ launch: ClusterJobLaunch, to node: Registration, users: UserService) -> ClusterError? {
    let (s, run) = (launch.schedule, launch.run)
    do throws(ScriptError) {
      var token: String?
      if s.user != "guest" {
        do throws(AccessFailure) {
          guard let record = try users.directory().users[s.user] else {
            return ClusterError(ClusterMessages.schedulingUserGone(s.user))
          }
          token = try users.token(for: s.user, issuedAt: users.currentTime(), generation: record.currentGeneration)
        } catch {
          return ClusterError(error.message)
        }
      }
      let connection: NodeConnection
      do {
        connection = try NodeConnection.connect(host: node.host, port: node.port, timeoutSeconds: 3)
      } catch {
        return ClusterError(ClusterMessages.onDataNode(node.alias, error.message))
      }
      defer { connection.close() }
      connection.replyTimeout = 10
      try RemoteBuiltins.carryLogin(connection, token: token)
      let arguments: [Value] = [
        .string(run.jobId, .string), .string(s.jobDesc, .string), .string(s.function, .string),
        .string(s.source, .string), .string(s.arguments, .string), .string(run.note, .string),
      ]
      do throws(ConnectionError) {
        _ = try connection.call("clusterJobSubmit", arguments)
      } catch {
        return ClusterError(ClusterMessages.onDataNode(node.alias, error.message))
      }
      return nil
    } catch {
      return ClusterError(ClusterMessages.onDataNode(node.alias, error.message))
    }
  }
}
