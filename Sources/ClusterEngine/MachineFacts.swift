import Dispatch
import DistributedStorage
import Foundation
import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// What the machine under a node says of itself, read from Linux when asked: `getOS`,
/// `getOSBit`, `getSystemCpuUsage`, `getSystemLoadAvg` and `getDiskIOStat`.
enum MachineFactsBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      // The kernel's name in lower case ("linux"), as uname(2) gives it.
      Builtin("getOS", args: 0...0) { _ throws(ScriptError) in
        var u = utsname()
        guard uname(&u) == 0 else {
          throw ScriptError(ClusterMessages.machineFactUnreadable("uname", String(cString: strerror(errno))))
        }
        return .string(field(&u.sysname).lowercased(), .string)
      },
      Builtin("getOSBit", args: 0...0) { _ in .int(Int64(osBits()), .int) },
      // The CPU the node's process used over a short window, in percent of one core (the
      // cores' sum when it used several).
      Builtin("getSystemCpuUsage", args: 0...0) { _ in .double(processCpuPercent()) },
      // The system's load average over the last minute (/proc/loadavg).
      Builtin("getSystemLoadAvg", args: 0...0) { _ throws(ScriptError) in
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
          let first = text.split(separator: " ").first, let load = Double(first)
        else { throw ScriptError(ClusterMessages.machineFactUnreadable("/proc/loadavg", "no load average in it")) }
        return .double(load)
      },
      // diskIOQueueDepths: the I/O requests in flight now on each disk holding the node's
      // home and volumes; diskIOConcurrencyLevel: how many such disks (queues) there are.
      Builtin("getDiskIOStat", args: 0...0) { _ throws(ScriptError) in
        let p = c.launch.parameters
        let paths = [c.launch.home] + ChunkStore.volumes(parameter: p["volumes"], home: c.launch.home)
        let depths = diskQueueDepths(paths)
        var d = DictionaryValue(keyType: .string, valueType: .any)
        try d.set(.string("diskIOQueueDepths", .string), .vector(Vector(type: .int, ints: depths.map(Int64.init))))
        try d.set(.string("diskIOConcurrencyLevel", .string), .int(Int64(depths.count), .int))
        return .dictionary(d)
      },
    ]
  }

  /// A C string field of `utsname`.
  static func field<T>(_ value: inout T) -> String {
    withUnsafeBytes(of: &value) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
  }

  /// 64 on a 64-bit kernel, as the machine name uname gives says (x86_64, aarch64, ppc64le,
  /// s390x, riscv64 ...); the process's own width if uname fails.
  static func osBits() -> Int {
    var u = utsname()
    guard uname(&u) == 0 else { return Int.bitWidth }
    let machine = field(&u.machine)
    return machine.contains("64") || machine == "s390x" ? 64 : 32
  }

  /// The process's user and system CPU time, every thread's, in seconds.
  static func processCpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// The process's CPU use over the 100 ms this call waits, in percent of one core: now,
  /// not averaged over the node's life as `getNodePerf`'s cpuUsage is.
  static func processCpuPercent() -> Double {
    let (cpu0, wall0) = (processCpuSeconds(), DispatchTime.now().uptimeNanoseconds)
    Thread.sleep(forTimeInterval: 0.1)
    let (cpu1, wall1) = (processCpuSeconds(), DispatchTime.now().uptimeNanoseconds)
    let seconds = Double(wall1 &- wall0) / 1e9
    return seconds > 0 ? max(0, cpu1 - cpu0) / seconds * 100 : 0
  }

  /// The requests in flight (field 9 of /proc/diskstats) on each distinct disk holding one of
  /// `paths`, in their order. A path on no disk the kernel counts (tmpfs, overlayfs, a network
  /// file system) says nothing; when none does, every disk of the machine is listed.
  static func diskQueueDepths(_ paths: [String]) -> [Int] {
    guard let text = try? String(contentsOfFile: "/proc/diskstats", encoding: .utf8) else { return [] }
    var inFlight: [UInt64: Int] = [:]
    var byName: [String: Int] = [:]
    for line in text.split(separator: "\n") {
      let f = line.split(separator: " ", omittingEmptySubsequences: true)
      guard f.count > 11, let major = UInt64(f[0]), let minor = UInt64(f[1]), let n = Int(f[11]) else { continue }
      inFlight[major << 32 | minor] = n
      byName[String(f[2])] = n
    }
    var seen: [UInt64] = []
    for path in paths {
      guard let device = device(holding: path), inFlight[device] != nil, !seen.contains(device) else { continue }
      seen.append(device)
    }
    if !seen.isEmpty { return seen.compactMap { inFlight[$0] } }
    // Whole disks: /sys/block without loop, RAM and compressed-RAM devices.
    let disks = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []).filter { name in
      !name.hasPrefix("loop") && !name.hasPrefix("ram") && !name.hasPrefix("zram")
    }
    return disks.sorted().compactMap { byName[$0] }
  }

  /// The device (major << 32 | minor) of the file system holding `path`, or of its nearest
  /// folder that exists (a volume not made yet lies on its parent's disk).
  static func device(holding path: String) -> UInt64? {
    var p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    for _ in 0..<256 {
      var st = stat()
      if stat(p, &st) == 0 {
        // glibc's dev_t layout (gnu_dev_major and gnu_dev_minor are macros Swift cannot call).
        let dev = UInt64(st.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & 0xffff_f000)
        let minor = (dev & 0xff) | ((dev >> 12) & 0xffff_ff00)
        return major << 32 | minor
      }
      guard p != "/" else { return nil }
      p = (p as NSString).deletingLastPathComponent
      if p.isEmpty { p = "/" }
    }
    return nil
  }
}
