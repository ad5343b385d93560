import CLinux
import Foundation
import Licensing

#if canImport(Glibc)
  import Glibc
#endif

/// What a license allows a node at start: how many nodes the cluster may list, how much
/// memory (`maxMemSize`) and how many cores each node may use.
public enum LicenseLimits {
  /// Why a controller must not start a cluster of `count` nodes, or nil.
  public static func nodeCountRefusal(_ count: Int, file: String, license: License) -> String? {
    guard count > license.maxNodes else { return nil }
    return
      "\(file) lists \(count) nodes but the license (\(license.authorization), \(license.clientName)) allows \(license.maxNodes) (maxNodes); remove nodes or install a license for more"
  }

  /// The `maxMemSize` a node may use and the warning to log, when the configured one is
  /// above the license's `maxMemoryPerNode` (or unset: then the license's limit applies).
  public static func memory(_ configured: String?, license: License) -> (value: String, warning: String?) {
    let limit = license.maxMemoryPerNode
    guard let configured, let gb = Double(configured), gb > 0 else { return (String(limit), nil) }
    guard gb > Double(limit) else { return (configured, nil) }
    return (
      String(limit),
      "maxMemSize=\(configured) is above the license's maxMemoryPerNode (\(limit) GB); the node uses \(limit) GB"
    )
  }

  /// The CPUs this process may run on now.
  public static func allowedCores() -> [Int] {
    var mask = [UInt8](repeating: 0, count: Int(pp_cpu_mask_bytes()))
    guard pp_get_affinity(0, &mask) == 0 else { return [] }
    return (0..<(mask.count * 8)).filter { mask[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
  }

  /// Binds every thread of the process to the first `maxCores` of the CPUs it may use, when it
  /// may use more; returns the cores bound to (empty when nothing had to change).
  public static func bind(maxCores: Int) -> [Int] {
    let allowed = allowedCores()
    guard maxCores > 0, allowed.count > maxCores else { return [] }
    let chosen = Array(allowed.prefix(maxCores))
    var mask = [UInt8](repeating: 0, count: Int(pp_cpu_mask_bytes()))
    for c in chosen { mask[c / 8] |= 1 << UInt8(c % 8) }
    // Threads made from now on inherit the calling thread's mask; the ones already running
    // (the main thread, the runtime's) are bound one by one.
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    for t in tasks.compactMap({ Int32($0) }) { _ = pp_set_affinity(t, mask) }
    _ = pp_set_affinity(0, mask)
    return chosen
  }
}
