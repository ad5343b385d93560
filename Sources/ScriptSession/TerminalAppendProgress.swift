import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// Shows appends to database tables that take more than a second, on a terminal (`porpoise
/// run`, the shell): rows written, of how many, and the rate, redrawn in place on standard
/// error four times a second, then one line saying what was appended. Off when standard error
/// is not a terminal, with `NO_COLOR`, or `-q`.
public final class TerminalAppendProgress: AppendProgressDisplay {
  /// Written before the first line is drawn (what the script printed so far comes first).
  let flushOutput: () -> Void
  private var watching: Watch?
  /// How long an append runs before it is shown (`PORPOISE_PROGRESS_DELAY` seconds, else one),
  /// and how often it is redrawn.
  static var delaySeconds: Double {
    guard let text = FileAccess.environment("PORPOISE_PROGRESS_DELAY"), let d = Double(text), d.isFinite, d >= 0
    else { return 1.0 }
    return min(d, 3600)
  }
  static let redrawSeconds = 0.25

  public init(flushOutput: @escaping () -> Void) {
    self.flushOutput = flushOutput
  }

  /// Whether this process should show progress: standard error is a terminal and neither
  /// `NO_COLOR` nor `quiet` says otherwise.
  public static func wanted(quiet: Bool) -> Bool {
    guard !quiet, isatty(2) == 1 else { return false }
    return (FileAccess.environment("NO_COLOR") ?? "").isEmpty
  }

  public func begin(table: String, rows: Int) -> AppendProgress? {
    flushOutput()
    let meter = AppendProgress(table: table, total: rows)
    let watch = Watch(meter)
    watching = watch
    let thread = Thread { watch.run() }
    thread.name = "append-progress"
    thread.start()
    return meter
  }

  public func end(_ progress: AppendProgress, succeeded: Bool) {
    guard let watch = watching, watch.meter === progress else { return }
    watching = nil
    watch.stop.signal()
    watch.finished.wait()
    guard watch.shown.load(ordering: .relaxed) else { return }
    let seconds = watch.elapsed
    TerminalAppendProgress.draw(
      succeeded
        ? "\(progress.table): \(Self.count(progress.total)) rows appended in "
          + String(format: "%.1f", seconds)
          + " s (\(Self.count(Int(Double(progress.total) / max(seconds, 0.001)))) rows/s)\n"
        : "")
  }

  /// One append being watched: drawn once it has run a second, until it ends.
  final class Watch: Sendable {
    let meter: AppendProgress
    let stop = ThreadSemaphore()
    let finished = ThreadSemaphore()
    let shown = Atomic<Bool>(false)
    let started = DispatchTime.now().uptimeNanoseconds

    init(_ meter: AppendProgress) { self.meter = meter }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    func run() {
      defer { finished.signal() }
      guard !stop.wait(seconds: TerminalAppendProgress.delaySeconds) else { return }
      repeat {
        let (rows, seconds) = (meter.rows, elapsed)
        shown.store(true, ordering: .relaxed)
        TerminalAppendProgress.draw(
          "appending to \(meter.table): \(count(rows)) of \(count(meter.total)) rows ("
            + "\(count(Int(Double(rows) / max(seconds, 0.001)))) rows/s)")
      } while !stop.wait(seconds: TerminalAppendProgress.redrawSeconds)
    }
  }

  /// Replaces the line the cursor is on.
  static func draw(_ text: String) {
    var line = "\r\u{1B}[K" + text
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
  }

  /// 1210000 as 1,210,000.
  static func count(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 && d != "-" && digits[i - 1] != "-" { out.append(",") }
      out.append(d)
    }
    return out
  }
}
