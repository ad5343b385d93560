import Coordination

/// The catalogue of cluster messages (nodes, the controller, the registry, `pnodeRun`), kept
/// in one place and in alphabetical order. A message a built-in raises for itself may begin
/// with its name: `startDataNode: ...`.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum ClusterMessages {
  static func badAlias(_ function: String, _ alias: String) -> String {
    "\(function): '\(alias)' is not an alias: use letters, digits, '-' and '_'"
  }
  static func badComputeGroup(_ function: String, _ group: String) -> String {
    "\(function): '\(group)' is not a compute group name: use letters, digits, '-' and '_'"
  }
  static func badHost(_ function: String, _ host: String) -> String {
    "\(function): '\(host)' is not a host name or IPv4 address"
  }
  static func badNodeType(_ function: String, _ type: String) -> String {
    "\(function): the nodeType must be 'datanode' or 'computenode', not '\(type)'"
  }
  static func badPort(_ function: String, _ port: String) -> String {
    "\(function): the port must be a whole number from 1 to 65535, not \(port)"
  }
  static func badQueryCount(_ top: Int) -> String {
    "getCompletedQueries' top must be a positive number of queries, not \(top)"
  }
  static func badRestartInterval(_ got: String) -> String {
    "setDatanodeRestartInterval: the interval is a whole number of seconds from 0 (off) to 86400, not \(got)"
  }
  static func calendarDateTypeInvalid(_ got: String) -> String {
    "the dateType of 'addMarketHoliday' must be 'holidayDate' or 'tradingDate', not \(got)"
  }
  static func calendarExists(_ name: String) -> String {
    "a trading calendar '\(name)' exists already; updateMarketHoliday changes its dates"
  }
  static func calendarFolderUnwritable(_ path: String, _ why: String) -> String {
    "cannot make the trading calendar folder '\(path)' (marketHolidayDir): \(why)"
  }
  static func calendarLineInvalid(_ file: String, _ line: Int, _ text: String) -> String {
    "\(file):\(line): '\(text)' is not a date such as 2026.12.25"
  }
  static func calendarNameInvalid(_ name: String) -> String {
    "a trading calendar's name is up to 16 capitals and digits, starting with a capital (XNYS, CFFEX), not '\(name)'"
  }
  static func calendarNeedsDates(_ got: String) -> String {
    "the holiday argument must be a DATE vector, not \(got)"
  }
  static func calendarNullDate() -> String { "the holiday argument holds a null date" }
  static func calendarTooLong(_ what: String, _ limit: Int) -> String {
    "\(what) holds more than \(limit) dates"
  }
  static func calendarUnremovable(_ file: String, _ why: String) -> String {
    "cannot remove the trading calendar file '\(file)': \(why)"
  }
  static func controllerOnly(_ function: String, _ mode: String) -> String {
    "\(function) runs on a controller, and this node is a\(mode == "agent" ? "n" : "") \(mode == "single" ? "standalone node" : mode)"
  }
  static func groupNeedsComputeNodes(_ function: String) -> String {
    "\(function): only compute nodes belong to a compute group; give nodeType='computenode'"
  }
  static func lengthsDiffer(_ function: String) -> String {
    "\(function): host, port, alias and nodeType must have the same length"
  }
  static func logLevelInvalid(_ function: String, _ got: String) -> String {
    "\(function) needs a log level: DEBUG, INFO, WARNING or ERROR (0 to 3), not \(got)"
  }
  static func logLineNotScalar(_ position: Int, _ got: String) -> String {
    "writeLogLevel writes each X as a line and takes logical, integral, temporal, floating, literal or decimal scalars, not \(got) (argument \(position))"
  }
  static func machineFactUnreadable(_ source: String, _ reason: String) -> String {
    "cannot read \(source): \(reason)"
  }
  static func nodesFileUnwritable(_ path: String, _ why: String) -> String {
    "cannot save the cluster's nodes to '\(path)': \(why); nothing was changed"
  }
  static func onlyComputeNodes(_ function: String, _ alias: String, _ mode: String) -> String {
    "\(function): '\(alias)' is \(mode == "agent" ? "an agent" : "a \(mode)"); only compute nodes are removed (a data node holds chunks: edit cluster.nodes and restart the controller to take one out)"
  }
  static func queryMonitoringOff() -> String {
    "query monitoring is off on this node: it was started with perfMonitoring=false"
  }
  static func startupScriptMissing(_ parameter: String, _ path: String) -> String {
    "the \(parameter) script '\(path)' does not exist; nothing run"
  }
  static func startupScriptFailed(_ parameter: String, _ path: String) -> String {
    "the \(parameter) script '\(path)' stopped at an error (logged above); the node goes on"
  }
  static func schedulingUserGone(_ user: String) -> String {
    "the user '\(user)' who scheduled the job no longer exists"
  }
  static func agentNotRunning(_ alias: String, agent: String) -> String {
    "\(alias): its agent \(agent) is not running"
  }
  static func agentReport(_ alias: String, agent: String, state: String?, lastExit: String?) -> String {
    "\(alias): agent \(agent) says \(state ?? "nothing yet")\(lastExit.map { " (last exit: \($0))" } ?? "")"
  }
  static func badChunkAnswer(_ node: String, _ function: String) -> String {
    "\(node) answered '\(function)' with something other than what was asked"
  }
  static func cannotMakeCredentialPipe() -> String { "cannot make a pipe for the node's credentials" }
  static func cannotReachZooKeeper(_ address: ZooKeeperAddress, _ reason: String) -> String {
    "cannot reach ZooKeeper at \(address): \(reason)"
  }
  static func cannotStart(_ program: String, _ reason: String) -> String { "cannot start \(program): \(reason)" }
  static func chunkStoreNotOpen(_ alias: String) -> String { "the chunk store of \(alias) is not open yet" }
  static func dataNodeFunctionOnly(_ function: String, isAgent: Bool) -> String {
    "\(function): this node is \(isAgent ? "an agent" : "a controller"); it answers on data and compute nodes only"
  }
  static func dataNodeNotRunning(_ alias: String) -> String { "data node \(alias) is not running" }
  static func dataNodesUnknown(_ reason: String) -> String { "cannot list the running data nodes: \(reason)" }
  static func desiredStateChurn() -> String { "the desired state kept changing under us; try again" }
  static func leaderUnreachable(_ function: String, _ leader: String, _ reason: String) -> String {
    "\(function): the leading controller \(leader) cannot be reached: \(reason)"
  }
  static func noCluster(_ address: ZooKeeperAddress) -> String {
    "no cluster at \(address): nothing is registered and no controller published its nodes"
  }
  static func nodeFailedToStart(_ function: String, _ alias: String, restarts: Int, lastExit: String?) -> String {
    "\(function): \(alias) failed to start: \(restarts) restarts, last \(lastExit ?? "exit unknown"); see its log under the agent's home"
  }
  static func nodeNotRunning(_ alias: String, in function: String? = nil) -> String {
    prefixed(function, "the node '\(alias)' is not running")
  }
  static func noLeader(_ function: String) -> String {
    "\(function): no controller is leading the cluster now; try again in a moment"
  }
  static func noLeaderWhileElecting(_ function: String, _ alias: String) -> String {
    "\(function): no controller is leading the cluster now (\(alias) is running for leadership again); try again in a moment"
  }
  static func noSuchNode(_ alias: String, known: [String]) -> String {
    "no node '\(alias)' in the cluster (\(known.joined(separator: ", ")))"
  }
  static func noSuchWorker(_ function: String, _ alias: String, known: [String]) -> String {
    "\(function): no data or compute node '\(alias)' in the cluster (\(known.joined(separator: ", ")))"
  }
  static func notAFunctionOrName(_ got: String) -> String { "the function must be a function or its name, not \(got)" }
  static func notAWorker(_ function: String, _ alias: String, isAgent: Bool) -> String {
    "\(function): '\(alias)' is \(isAgent ? "an agent" : "a controller"); it starts data and compute nodes only"
  }
  static func notSettled(_ function: String, up: Bool, after seconds: Int, _ reasons: [String]) -> String {
    "\(function): not \(up ? "up" : "down") after \(seconds) s: \(reasons.joined(separator: "; "))"
  }
  static func onDataNode(_ node: String, _ message: String) -> String { "\(node): \(message)" }
  static func pnodeRunColumnsDiffer() -> String { "pnodeRun: the nodes returned tables of different columns" }
  static func pnodeRunFailed(on alias: String, _ error: String) -> String { "pnodeRun on \(alias): \(error)" }
  static func embeddedServesNoConnections() -> String {
    "setMaxConnections: the embedded node serves no connections; start a node (porpoise -mode single) to serve them"
  }
  static func functionViewIsBuiltin(_ name: String) -> String {
    "addFunctionView: '\(name)' is a built-in function; give the view another name"
  }
  static func functionViewNeedsNamedFunction(_ got: String) -> String {
    "addFunctionView needs a function defined with 'def name(...)' in this session, not \(got)"
  }
  static func maxConnectionsNotRaised(_ got: Int, current: Int) -> String {
    "setMaxConnections can only raise maxConnections, which is \(current), not set it to \(got)"
  }
  static func maxConnectionsRange(_ got: String, _ ceiling: Int) -> String {
    "setMaxConnections needs a positive integer up to \(ceiling), not \(got)"
  }
  static func maxMemSizeRange(_ got: String, _ licensed: Int) -> String {
    "setMaxMemSize needs a size in GB above 0 and at most the license's maxMemoryPerNode (\(licensed) GB), not \(got)"
  }
  static func noEmergencyMemory() -> String {
    "setMaxMemSize: this node sets no memory aside for emergencies, so there is no emergencyMemSizeGB to change; call setMaxMemSize(memSizeGB)"
  }
  static func noFunctionView(_ name: String) -> String { "dropFunctionView: there is no function view '\(name)'" }
  static func pnodeRunNeedsFunction(_ got: String) -> String { "pnodeRun needs a function, not \(got)" }
  // `message`, after `function: ` when a built-in raises it for itself.
  private static func prefixed(_ function: String?, _ message: String) -> String {
    function.map { "\($0): \(message)" } ?? message
  }
  static func queryResultLimitRange(_ got: String, _ ceiling: Double) -> String {
    "setMemLimitOfQueryResult needs a size in GB above 0 and below 80% of maxMemSize (\(ceiling) GB), not \(got)"
  }
  static func registryUnavailable(_ address: ZooKeeperAddress) -> String {
    "the cluster registry (ZooKeeper at \(address)) is unavailable"
  }
  static func resourceLogDirectory(_ path: String, _ reason: String) -> String {
    "failed to scan the resource log directory '\(path)': \(reason)"
  }
  static func resourceRangeBackwards(_ from: String, _ to: String) -> String {
    "from (\(from)) must not be later than to (\(to))"
  }
  static func resourceTimeArgument(_ what: String, _ got: String) -> String {
    "\(what) must be an integer or a temporal value, not \(got)"
  }
  static func resourceTrackingNodes(_ function: String, _ mode: String) -> String {
    "\(function) runs on data, compute and standalone nodes, not on a \(mode)"
  }
  static func resourceTrackingOff() -> String {
    "resource tracking is not configured: set resourceSamplingInterval to a positive number of seconds in the node's config and restart it"
  }
  static func shellFunctionOff() -> String {
    "shell commands are off on this node; set enableShellFunction=true in its config to allow them"
  }
  static func shutdownWithShell() -> String { "shutdown: this node stops with its shell (quit or Ctrl-D)" }
  static func standaloneNode(in function: String? = nil) -> String {
    prefixed(function, "this is a standalone node; it belongs to no cluster")
  }
  static func stillRunning(_ function: String, _ aliases: [String]) -> String {
    "\(function): \(aliases.joined(separator: ", ")) \(aliases.count == 1 ? "is" : "are") running; stop \(aliases.count == 1 ? "it" : "them") first (stopDataNode) or pass force=true"
  }
  static func stoppedLeading() -> String { "this controller stopped leading; try again" }
  static func supportBundleFolder(_ dir: String, _ why: String) -> String {
    "getSupportBundle: cannot make the folder '\(dir)': \(why)"
  }
  static func supportBundleOnWorkers(_ mode: String) -> String {
    "getSupportBundle runs on data, compute and standalone nodes, not on a\(mode == "agent" ? "n" : "") \(mode)"
  }
  static func volumeUsageFailed(on alias: String, _ why: String) -> String {
    "getClusterVolumeUsage: data node \(alias) did not give its volumes: \(why)"
  }
  static func zonesUnsupported(_ function: String) -> String {
    "\(function): zones are not supported; leave zone out"
  }
}
