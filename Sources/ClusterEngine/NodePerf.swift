import CLinux
import Foundation
import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// What a node measures of itself for `getClusterPerf` (its row there) and `getPerf`: memory,
/// CPU, jobs, connections, disk.
enum NodePerf {
  /// The keys of `getPerf`: those of DolphinDB's that the node measures.
  static let localKeys = [
    "runningJobs", "queuedJobs", "cpuUsage", "memoryAlloc", "memoryUsed", "diskCapacity", "diskFreeSpace",
    "diskFreeSpaceRatio", "connectionNum",
  ]

  /// `getPerf()`: the node's own figures under DolphinDB's keys, as `getClusterPerf` shows them
  /// in its row.
  static func local(_ context: ClusterContext) throws(ScriptError) -> Value {
    guard case .dictionary(let all) = sample(context) else { return .void }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    for key in localKeys {
      if let v = all[.string(key)] { try d.set(.string(key), v) }
    }
    return .dictionary(d)
  }

  static func sample(_ context: ClusterContext) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    // memoryAlloc: what the node holds from the system; memoryUsed: that less what malloc
    // holds free for reuse.
    let resident = residentBytes()
    try? d.set(.string("memoryAlloc"), .long(resident))
    try? d.set(.string("memoryUsed"), .long(max(0, resident - Int64(pp_malloc_free_bytes()))))
    try? d.set(.string("cpuUsage"), .double(cpuPercent()))
    try? d.set(.string("runningJobs"), .int(context.statistics?.runningJobs ?? 0))
    // Scripts are run as they arrive, one thread per connection: none waits in a queue.
    try? d.set(.string("queuedJobs"), .int(0))
    // Batch jobs (submitJob) are the node's tasks: each runs as one task here.
    let batch = context.jobs.counts
    try? d.set(.string("runningTasks"), .int(batch.running))
    try? d.set(.string("queuedTasks"), .int(batch.queued))
    try? d.set(.string("connectionNum"), .int(context.statistics?.connectionCount ?? 0))
    // The embedded node serves no connections, so it has no limit on them.
    if let s = context.statistics { try? d.set(.string("maxConnections"), .int(s.maxConnections)) }
    try? d.set(.string("pid"), .int(Int(getpid())))
    try? d.set(.string("startedAt"), .int(context.startedAt, .timestamp))
    let disk = diskSpace(context.launch.home)
    try? d.set(.string("diskCapacity"), .long(disk.capacity))
    try? d.set(.string("diskFreeSpace"), .long(disk.free))
    if disk.capacity > 0 {
      try? d.set(.string("diskFreeSpaceRatio"), .double(Double(disk.free) / Double(disk.capacity)))
    }
    // Agents and controllers have their own config files, which the controller does not read;
    // setMaxMemSize changes the node's.
    if let m = context.settings.maxMemSizeGB { try? d.set(.string("maxMemSize"), .double(m)) }
    if let w = context.launch.parameters["workerNum"].flatMap(Int.init) { try? d.set(.string("workerNum"), .int(w)) }
    return .dictionary(d)
  }

  /// Size and free space (for unprivileged users) of the file system holding `path`, in bytes.
  static func diskSpace(_ path: String) -> (capacity: Int64, free: Int64) {
    var st = statvfs()
    guard statvfs(path, &st) == 0 else { return (0, 0) }
    return (Int64(st.f_blocks) * Int64(st.f_frsize), Int64(st.f_bavail) * Int64(st.f_frsize))
  }

  /// `mem()`: the resident bytes and the bytes malloc holds free, as DolphinDB names them.
  static func memoryStat() throws(ScriptError) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .long)
    try d.set(.string("freeBytes", .string), .int(Int64(pp_malloc_free_bytes()), .long))
    try d.set(.string("allocatedBytes", .string), .int(residentBytes(), .long))
    return .dictionary(d)
  }

  /// Resident set size, from /proc/self/statm.
  static func residentBytes() -> Int64 {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int64(fields[1]) else { return 0 }
    return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// CPU time over wall time since the process started, in percent of one core.
  static func cpuPercent() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let cpu =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
      / 1e6
    let uptime = ProcessInfo.processInfo.systemUptime - processStartUptime
    return uptime > 0 ? (cpu / uptime * 100 * 100).rounded() / 100 : 0
  }

  static let processStartUptime: Double = {
    guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else {
      return ProcessInfo.processInfo.systemUptime
    }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]) else { return ProcessInfo.processInfo.systemUptime }
    return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
  }()
}
