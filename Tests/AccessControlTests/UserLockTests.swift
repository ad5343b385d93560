import AccessControl
import Foundation
import Testing

/// `lockUser` and `unlockUser` against a real file store: the lock is kept with the users, so
/// another process on the same home (a new service here) sees it.
@Suite struct UserLockTests {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-lock-\(UUID().uuidString)").path

  final class Clock: @unchecked Sendable {
    var millis: Int64 = 1_000_000
  }

  func service(_ clock: Clock = Clock()) -> UserService {
    UserService(store: FileUserStore(home: home), now: { clock.millis })
  }

  func refused(_ body: () throws(AccessFailure) -> Void) -> String? {
    do { try body() } catch { return error.message }
    return nil
  }

  @Test func aLockOutlivesTheProcessAndStopsPasswordsAndTokens() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    try s.createUser("bob", "pw", groups: [], isAdmin: false)
    let login = try s.login("bob", "pw")
    let token = try s.token(for: "bob", issuedAt: login.at, generation: login.generation)
    try s.lockUser("bob", by: "admin")

    // Another process reading the same table.
    let other = service(clock)
    let locked = "the user 'bob' is locked by an administrator until an administrator runs unlockUser(\"bob\")"
    #expect(refused { () throws(AccessFailure) in _ = try other.login("bob", "pw") } == locked)
    #expect(refused { () throws(AccessFailure) in _ = try other.verify(token: token) } != nil)
    #expect(try other.locks() == [UserLock(user: "bob", place: "*", lockedAt: 1_000_000, unlockAt: nil)])
    // A locked user's refused logins are not failures: unlocking leaves nothing to wait out.
    for _ in 0..<6 { _ = refused { () throws(AccessFailure) in _ = try other.login("bob", "pw") } }
    // The password does not lift it; unlockUser does.
    try other.setPassword("bob", "pw2", checkingOld: nil)
    #expect(refused { () throws(AccessFailure) in _ = try other.login("bob", "pw2") } == locked)
    try other.unlockUser("bob", by: "admin")
    #expect(try service(clock).login("bob", "pw2").isAdmin == false)
    #expect(try other.locks().isEmpty)
  }

  @Test func failedLoginLocksAreListedPerPlaceAndUnlocked() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    try s.createUser("carl", "pw", groups: [], isAdmin: false)
    for _ in 0..<UserService.maxFailures {
      // Past the address's back-off, within the minute that counts failures.
      clock.millis += 1_500
      _ = refused { () throws(AccessFailure) in _ = try s.login("carl", "wrong", source: "10.0.0.7") }
    }
    let until = clock.millis + UserService.lockMillis
    #expect(try s.locks() == [UserLock(user: "carl", place: "10.0.0.7", lockedAt: clock.millis, unlockAt: until)])
    // The node's own console is another place: it may still log in.
    #expect(try s.login("carl", "pw").isAdmin == false)
    try s.unlockUser("carl", by: "admin")
    clock.millis += 5_000
    #expect(try s.login("carl", "pw", source: "10.0.0.7").isAdmin == false)
    // A lock that ran out is not listed.
    for _ in 0..<UserService.maxFailures {
      _ = refused { () throws(AccessFailure) in _ = try s.login("carl", "wrong") }
    }
    #expect(try s.locks().map(\.place) == ["local"])
    clock.millis += UserService.lockMillis
    #expect(try s.locks().isEmpty)
  }

  @Test func theSuperAdministratorAndUnknownUsersAreNotLocked() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = service()
    #expect(
      refused { () throws(AccessFailure) in try s.lockUser("admin", by: "admin") }
        == "the user 'admin' is the super administrator and cannot be locked")
    #expect(
      refused { () throws(AccessFailure) in try s.lockUser("nobody", by: "admin") }
        == "the user 'nobody' does not exist")
    #expect(try s.login("admin", "123456").isAdmin)
  }
}
