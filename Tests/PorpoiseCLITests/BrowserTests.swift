import Foundation
import TestSupport
import Testing

/// The web console in real browsers against a real node: Debian's chromium, headless, driven
/// through chromium-driver by `Tests/Browser/console.py` (Selenium), and firefox-esr, headless,
/// through Marionette by `Tests/Browser/firefox.py` (`Scripts/install-deps.sh --browser` makes
/// its Python environment in `.build/browser-venv`).
@Suite struct BrowserTests {
  /// `Tests/Browser/`, next to this file's folder.
  static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Browser").path

  @Test func anAdministratorAndAUserWorkTheConsoleInChromium() throws {
    let port = freePort()
    let node = try RemoteNodeTests.startSingle(port: port, home: temporaryDirectory("porpoise-browser"))
    defer { node.stop() }
    _ = try BatchJobTests.run("createUser(\"ops1\", \"Ops1pass\")", port: port)
    let r = try Spawned.runToEnd(
      [
        "/usr/bin/python3", BrowserTests.scripts + "/console.py", "http://127.0.0.1:\(port)/", "123456", "ops1",
        "Ops1pass",
      ],
      timeout: 180)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("ok: no console errors"), "\(r.stdout)")
  }

  @Test func theConsoleWorksInFirefox() throws {
    let port = freePort()
    let node = try RemoteNodeTests.startSingle(port: port, home: temporaryDirectory("porpoise-firefox"))
    defer { node.stop() }
    let root = URL(fileURLWithPath: BrowserTests.scripts).deletingLastPathComponent().deletingLastPathComponent().path
    let r = try Spawned.runToEnd(
      [
        root + "/.build/browser-venv/bin/python", BrowserTests.scripts + "/firefox.py", "http://127.0.0.1:\(port)/",
        "123456", String(freePort()),
      ], timeout: 180)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("ok: no errors in the page"), "\(r.stdout)")
  }
}
