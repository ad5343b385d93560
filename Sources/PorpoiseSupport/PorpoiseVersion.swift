/// The release printed by `version()` and `porpoise --version`.
public enum PorpoiseVersion {
  public static let number = "0.1.0"
  public static let buildDate = "2026.11.22"
  /// `<version> <build date> LINUX x86_64`, as DolphinDB's `version()` prints.
  public static var string: String { "\(number) \(buildDate) \(platform)" }
  static var platform: String {
    #if os(Linux)
      let os = "LINUX"
    #else
      let os = "MACOS"
    #endif
    #if arch(x86_64)
      return os + " x86_64"
    #else
      return os + " ARM64"
    #endif
  }
}
