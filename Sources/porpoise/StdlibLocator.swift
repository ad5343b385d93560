import PorpoiseSupport
import ScriptSession

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Finds the `Stdlib/` folder: `--stdlib`, `PORPOISE_STDLIB`, then places near the binary
/// (`.build/debug/porpoise` in a checkout, `share/porpoise/Stdlib` when installed).
enum StdlibLocator {
  static func locate(explicit: String?) -> String? {
    if let explicit { return explicit }
    if let env = FileAccess.environment("PORPOISE_STDLIB") { return env }
    guard let exe = FileAccess.executablePath else { return FileAccess.isDirectory("Stdlib") ? "Stdlib" : nil }
    var dir = FileAccess.directory(of: exe)
    for _ in 0..<5 {
      for candidate in [dir + "/Stdlib", dir + "/share/porpoise/Stdlib"] where FileAccess.isDirectory(candidate) {
        return candidate
      }
      dir = FileAccess.directory(of: dir)
    }
    return FileAccess.isDirectory("Stdlib") ? "Stdlib" : nil
  }

  /// The bundled trading calendars (`Stdlib/marketHoliday`) a node's new `marketHolidayDir`
  /// starts with.
  static func calendars(explicit: String?) -> String? {
    locate(explicit: explicit).map { $0 + "/marketHoliday" }.flatMap { FileAccess.isDirectory($0) ? $0 : nil }
  }

  /// Folders from `PORPOISE_MODULE_PATH` (colon-separated).
  static var modulePath: [String] {
    (FileAccess.environment("PORPOISE_MODULE_PATH") ?? "").split(separator: ":").map(String.init)
  }
}
