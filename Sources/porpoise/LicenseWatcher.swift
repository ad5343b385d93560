import Foundation
import Licensing
import Logging

/// Checks the running license every hour for the life of a node process: warnings in the
/// log from 15 days before the expiration, and a stop when the 15 days of grace after it are
/// over (DolphinDB's rule). Reads the license afresh each time, so `updateLicense()` counts.
enum LicenseWatcher {
  static func start(_ state: LicenseState, logger: Logger, stop: @escaping @Sendable () -> Void) {
    Thread.detachNewThread {
      var watch = LicenseWatch()
      while true {
        let loaded = state.loaded
        switch watch.check(loaded.license, path: loaded.path, today: .today()) {
        case .none: break
        case .warn(let text): logger.warning("\(text)")
        case .stop(let text):
          logger.warning("\(text)")
          logger.error("The license has expired.")
          stop()
          return
        }
        Thread.sleep(forTimeInterval: 3600)
      }
    }
  }
}
