import PorpoiseSupport
import ScriptSession

#if canImport(Glibc)
  import Glibc
#endif

/// Where a node finds the cluster's ZooKeeper digest when its config file has none: the pipe
/// its agent hands it (`PORPOISE_ZK_DIGEST_FD`), or `PORPOISE_ZK_DIGEST` set by whoever
/// started it. Read once; then neither is left in the environment for a script's `getEnv`.
enum ZooKeeperDigestSource {
  static func read() -> String? {
    defer {
      unsetenv("PORPOISE_ZK_DIGEST")
      unsetenv("PORPOISE_ZK_DIGEST_FD")
    }
    if let fdText = FileAccess.environment("PORPOISE_ZK_DIGEST_FD"), let fd = Int32(fdText), fd > 2 {
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 256)
      while bytes.count < 4096 {
        let n = Glibc.read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        bytes += buffer[0..<n]
      }
      close(fd)
      return String(decoding: bytes, as: UTF8.self)
    }
    return FileAccess.environment("PORPOISE_ZK_DIGEST")
  }
}
