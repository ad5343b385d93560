/// The rules an online update (`updateLicense()`) must pass; a refused update leaves the
/// running license in force. Both our references' versions are applied: the seed's (same
/// customer, capacity not smaller, trial cannot be updated online) and the manual's (same
/// authorization too; `site` cannot be updated online).
public enum LicenseUpdate {
  /// The rule `new` breaks against `running`, in words, or nil when it may replace it.
  public static func brokenRule(running: License, new: License) -> String? {
    for a in [running.authorization, new.authorization] where a == "trial" || a == "site" {
      return
        "a \(a) license cannot be updated online (running: \(running.authorization), new: \(new.authorization)); replace the file and restart the node"
    }
    if new.clientName != running.clientName {
      return
        "the new license is for clientName '\(new.clientName)', the running one for '\(running.clientName)'; they must be the same"
    }
    if new.authorization != running.authorization {
      return
        "the new license's authorization is \(new.authorization), the running one's \(running.authorization); they must be the same"
    }
    let limits: [(String, Int, Int)] = [
      ("maxNodes", running.maxNodes, new.maxNodes),
      ("maxMemoryPerNode", running.maxMemoryPerNode, new.maxMemoryPerNode),
      ("maxCoresPerNode", running.maxCoresPerNode, new.maxCoresPerNode),
    ]
    for (name, old, next) in limits where next < old {
      return "the new license's \(name) is \(next), smaller than the running license's \(old)"
    }
    return nil
  }
}
