import Synchronization

/// The license a process runs under now: loaded at start, replaced by a successful
/// `updateLicense()`. Shared by every session of the node.
public final class LicenseState: Sendable {
  private let current: Mutex<LoadedLicense>
  /// The key signatures are checked against (nil: the built-in one).
  public let publicKey: String?
  /// Where to look for a file when the node started without one.
  let folders: [String]
  /// The cores the process is bound to (`bindCores`), when the license made it bind.
  private let boundCores = Mutex<[Int]>([])

  public init(_ loaded: LoadedLicense, publicKey: String?, searching folders: [String]) {
    current = Mutex(loaded)
    self.publicKey = publicKey
    self.folders = folders
  }

  public var loaded: LoadedLicense { current.withLock { $0 } }
  public var license: License { loaded.license }

  public var bindCores: [Int] {
    get { boundCores.withLock { $0 } }
    set { boundCores.withLock { $0 = newValue } }
  }

  /// Rereads the license file and, if it passes the checks and the online-update rules,
  /// makes it the running license. On failure the running license stays.
  public func update(today: LicenseDate = .today()) -> Result<License, LicenseError> {
    let running = loaded
    let result = LicenseLoader.load(explicit: running.path, publicKey: publicKey, searching: folders, today: today)
    switch result {
    case .failure(let e):
      return .failure(LicenseError("updateLicense: \(e.message); the running license stays"))
    case .success(let next):
      if next.path == nil {
        return .failure(
          LicenseError(
            "updateLicense: no license file (porpoise.lic or dolphindb.lic) was found; the running license stays"))
      }
      if case .refused(let why) = next.verdict {
        return .failure(LicenseError("updateLicense: \(why); the running license stays"))
      }
      if let rule = LicenseUpdate.brokenRule(running: running.license, new: next.license) {
        return .failure(LicenseError("updateLicense refused: \(rule); the running license stays"))
      }
      current.withLock { $0 = next }
      return .success(next.license)
    }
  }
}
