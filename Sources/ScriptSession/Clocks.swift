import Foundation
import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The machine's clocks, in local time.
public final class SystemClock: ScriptClock, Sendable {
  public let utcOffsetNanoseconds: Int64

  public init() {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    utcOffsetNanoseconds = Int64(parts.tm_gmtoff) * 1_000_000_000
  }

  public func nowNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec) + utcOffsetNanoseconds
  }

  public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }

  public func utcOffsetSeconds(zone: String, atUTCSeconds utcSeconds: Int64) -> Int? {
    ZoneRules.offset(zone, atUTCSeconds: utcSeconds)
  }

  public func sleep(milliseconds: Int64) {
    var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR && !Interrupt.isRequested {
      request = remaining
    }
  }
}

/// A clock that stands still (2024.01.02T03:04:05.678) and advances only by `sleep`.
public final class FixedClock: ScriptClock {
  private var now: Int64 = 1_704_164_645_678_000_000
  private var monotonic: UInt64 = 1_000_000_000
  public init() {}
  public func nowNanoseconds() -> Int64 { now }
  public func utcOffsetSeconds(zone: String, atUTCSeconds utcSeconds: Int64) -> Int? {
    ZoneRules.offset(zone, atUTCSeconds: utcSeconds)
  }
  public func monotonicNanoseconds() -> UInt64 { monotonic }
  public func sleep(milliseconds: Int64) {
    now += milliseconds * 1_000_000
    monotonic += UInt64(milliseconds) * 1_000_000
  }
}

/// The machine's time zone rules (through Foundation's time zone database).
enum ZoneRules {
  /// `zone` minus UTC in seconds at a UTC instant; nil for an unknown zone name.
  static func offset(_ zone: String, atUTCSeconds utcSeconds: Int64) -> Int? {
    guard let tz = TimeZone(identifier: zone) else { return nil }
    return tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcSeconds)))
  }
}
