import AccessControl
import Foundation
import ScriptRuntime
import Synchronization
import Testing

/// Users and rights against a real file store in a scratch home.
@Suite struct PolicyTests {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-acl-\(UUID().uuidString)").path

  final class Clock: @unchecked Sendable {
    var millis: Int64 = 1_000_000
  }

  func service(_ clock: Clock = Clock()) -> UserService {
    UserService(store: FileUserStore(home: home), now: { clock.millis })
  }

  @Test func firstUseCreatesTheDefaultAdministratorWithAHashedPassword() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = service()
    let d = try s.directory()
    #expect(d.users.keys.sorted() == ["admin"])
    #expect(try s.login("admin", "123456").isAdmin)
    let text = try String(contentsOfFile: home + "/sys/users.json", encoding: .utf8)
    #expect(!text.contains("123456"))
    #expect(text.contains("pbkdf2-sha256"))
  }

  @Test func enhancedSecurityVerificationAsksForStrongerPasswords() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = UserService(store: FileUserStore(home: home), enhancedPasswords: true)
    for weak in ["Ab#1", "abcdefg#1", "Abcdefgh1", "Abcdefghijklmnopqrs#1"] {
      do {
        try s.createUser("bob", weak, groups: [], isAdmin: false)
        Issue.record("'\(weak)' was accepted")
      } catch {
        #expect(
          error.message.contains(
            "with enhancedSecurityVerification it must be 8 to 20 characters with an uppercase letter and a special character"
          ))
      }
    }
    try s.createUser("bob", "Abcdefg#1", groups: [], isAdmin: false)
    #expect(try s.login("bob", "Abcdefg#1").isAdmin == false)
    #expect(throws: AccessFailure.self) { try s.setPassword("bob", "weakpass", checkingOld: "Abcdefg#1") }
    // Without it, any password without spaces or control characters will do.
    try service().createUser("carl", "pw", groups: [], isAdmin: false)
  }

  @Test func anyDenyWinsOverAllows() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = service()
    try s.createGroup("analysts", members: [])
    try s.createUser("alice", "pw1", groups: ["analysts"], isAdmin: false)
    let read = AccessDemand.readTable(database: "dfs://db", table: "pt")
    guard case .missing = AccessPolicy.decide(try s.directory(), user: "alice", read) else {
      Issue.record("no rule should allow"); return
    }
    try s.setRule("alice", .tableRead, objects: ["*"], to: .allow)
    guard case .allowed = AccessPolicy.decide(try s.directory(), user: "alice", read) else {
      Issue.record("grant on * allows"); return
    }
    try s.setRule("analysts", .tableRead, objects: ["dfs://db/pt"], to: .deny)
    guard
      case .denied(.tableRead, "dfs://db/pt", principal: "analysts") = AccessPolicy.decide(
        try s.directory(), user: "alice", read)
    else {
      Issue.record("the group's deny wins"); return
    }
    // Another table of the same database is still readable.
    guard
      case .allowed = AccessPolicy.decide(
        try s.directory(), user: "alice", .readTable(database: "dfs://db", table: "other"))
    else {
      Issue.record("deny is per table"); return
    }
    try s.setRule("analysts", .tableRead, objects: ["dfs://db/pt"], to: nil)
    guard case .allowed = AccessPolicy.decide(try s.directory(), user: "alice", read) else {
      Issue.record("revoke removes the deny"); return
    }
  }

  @Test func databaseRightsCoverTheirTablesButNotOtherDatabases() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = service()
    try s.createUser("bob", "pw", groups: [], isAdmin: false)
    try s.setRule("bob", .dbWrite, objects: ["dfs://db"], to: .allow)
    let d = try s.directory()
    guard case .allowed = AccessPolicy.decide(d, user: "bob", .writeTable(database: "dfs://db", table: "t", .insert))
    else {
      Issue.record("DB_WRITE allows inserts"); return
    }
    guard case .missing = AccessPolicy.decide(d, user: "bob", .writeTable(database: "dfs://other", table: "t", .insert))
    else {
      Issue.record("not on another database"); return
    }
    guard case .missing = AccessPolicy.decide(d, user: "bob", .readTable(database: "dfs://db", table: "t")) else {
      Issue.record("writing is not reading"); return
    }
    #expect(throws: AccessFailure.self) { try s.setRule("bob", .dbManage, objects: ["dfs://db/t"], to: .allow) }
  }

  /// The message of a failed login, or nil if it succeeded.
  func refusal(_ s: UserService, _ user: String, _ password: String, from source: String? = nil) -> String? {
    do {
      _ = try s.login(user, password, source: source)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func anUnknownNameIsAnsweredAndLockedLikeAKnownOne() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    try s.createUser("carol", "right", groups: [], isAdmin: false)
    var known: [String?] = []
    var unknown: [String?] = []
    for _ in 0..<6 {
      known.append(refusal(s, "carol", "wrong"))
      unknown.append(refusal(s, "nobody", "wrong"))
    }
    // Word for word the same but for the name: nothing tells which names exist.
    #expect(
      known.map { $0?.replacingOccurrences(of: "carol", with: "X") }
        == unknown.map { $0?.replacingOccurrences(of: "nobody", with: "X") })
    #expect(unknown[4]?.contains("The user 'nobody' is now locked for 10 minutes") == true, "\(unknown)")
    #expect(unknown[5]?.contains("The user 'nobody' is locked after 5 failed logins") == true, "\(unknown)")
  }

  @Test func aRemoteGuesserLocksTheUserForItselfNotForTheConsole() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    let events = Mutex<[String]>([])
    s.onSecurityEvent = { e in events.withLock { $0.append(e) } }
    for _ in 0..<5 {
      _ = refusal(s, "admin", "wrong", from: "127.0.0.2")
      // Past the source's back-off, so the lockout is what is tested here.
      clock.millis += 5_000
    }
    #expect(refusal(s, "admin", "123456", from: "127.0.0.2")?.contains("The user 'admin' is locked") == true)
    // The node's own console, and another address, still log in.
    #expect(refusal(s, "admin", "123456") == nil)
    #expect(refusal(s, "admin", "123456", from: "127.0.0.3") == nil)
    // The lock is in the user table (every node of a cluster shares it), for that address only.
    let record = try #require(try s.directory().users["admin"])
    #expect(record.remoteAttempts?["127.0.0.2"]?.lockedUntil != nil)
    #expect(record.lockedUntil == nil)
    let log = events.withLock { $0 }
    #expect(log.filter { $0 == "failed login of 'admin' from 127.0.0.2" }.count == 4, "\(log)")
    #expect(log.contains("'admin' locked for 10 minutes for 127.0.0.2 after 5 failed logins from 127.0.0.2"), "\(log)")
  }

  @Test func anAddressThatKeepsFailingWaitsLongerEachTime() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    // Three failures free, whatever the names; then 1 s, then 2 s.
    for name in ["a", "b", "c", "d"] {
      #expect(refusal(s, name, "x", from: "127.0.0.4") == "The user name or password is incorrect.")
    }
    #expect(
      refusal(s, "admin", "123456", from: "127.0.0.4") == "too many failed logins from 127.0.0.4; try again in 1 s")
    clock.millis += 1_000
    #expect(refusal(s, "e", "x", from: "127.0.0.4") == "The user name or password is incorrect.")
    #expect(
      refusal(s, "admin", "123456", from: "127.0.0.4") == "too many failed logins from 127.0.0.4; try again in 2 s")
    // Other addresses and the console are not held back.
    #expect(refusal(s, "admin", "123456", from: "127.0.0.5") == nil)
    #expect(refusal(s, "admin", "123456") == nil)
    clock.millis += 2_000
    #expect(refusal(s, "admin", "123456", from: "127.0.0.4") == nil)
    // A success starts the count again.
    #expect(refusal(s, "f", "x", from: "127.0.0.4") == "The user name or password is incorrect.")
    #expect(refusal(s, "admin", "123456", from: "127.0.0.4") == nil)
  }

  @Test func fiveWrongPasswordsInAMinuteLockTheUserForTenMinutes() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    try s.createUser("carol", "right", groups: [], isAdmin: false)
    // Failures spread over more than a minute do not lock.
    for _ in 0..<4 { #expect(throws: AccessFailure.self) { try s.login("carol", "wrong") } }
    clock.millis += 61_000
    #expect(throws: AccessFailure.self) { try s.login("carol", "wrong") }
    _ = try s.login("carol", "right")
    for _ in 0..<4 { #expect(throws: AccessFailure.self) { try s.login("carol", "wrong") } }
    do {
      _ = try s.login("carol", "wrong")
      Issue.record("the fifth failure must fail")
    } catch {
      #expect(error.message.contains("now locked for 10 minutes"))
    }
    // Even the right password is refused while locked.
    clock.millis += 9 * 60_000
    do {
      _ = try s.login("carol", "right")
      Issue.record("locked")
    } catch {
      #expect(error.message.contains("locked"))
      #expect(error.message.contains("1 minute"))
    }
    clock.millis += 61_000
    _ = try s.login("carol", "right")
  }

  @Test func parallelGuessesDoNotOutrunTheLockout() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let s = service()
    try s.createUser("erin", "Erin-right-1", groups: [], isAdmin: false)
    // Eight guesses at once, on threads of their own: each takes ~0.1 s to check, so all are
    // in flight together (a pool sized to the cores would run them two by two).
    let answers = Mutex<[String]>([])
    let done = DispatchGroup()
    for i in 0..<8 {
      done.enter()
      Thread.detachNewThread {
        do {
          _ = try s.login("erin", "guess-\(i)")
          answers.withLock { $0.append("accepted") }
        } catch {
          answers.withLock { $0.append((error as? AccessFailure)?.message ?? "\(error)") }
        }
        done.leave()
      }
    }
    done.wait()
    let checked = answers.withLock { $0 }.filter { $0.hasPrefix("The user name or password is incorrect.") }
    #expect(checked.count <= 5, "\(answers.withLock { $0 })")
    #expect(throws: AccessFailure.self) { try s.login("erin", "Erin-right-1") }
  }

  @Test func tokensLogInUntilTheUserLogsOutEverywhere() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let clock = Clock()
    let s = service(clock)
    try s.createUser("dave", "Dave-Secret-42", groups: [], isAdmin: false)
    let login = try s.login("dave", "Dave-Secret-42")
    let token = try s.token(for: "dave", issuedAt: login.at, generation: login.generation)
    // The token carries no password (a long one, so base64 cannot spell it by chance).
    #expect(!token.contains("Dave-Secret-42"))
    #expect(try s.verify(token: token).user == "dave")
    // Tampered: another user's name with dave's signature.
    var parts = token.split(separator: ".").map(String.init)
    parts[1] = Data("admin".utf8).base64EncodedString()
    #expect(throws: AccessFailure.self) { try s.verify(token: parts.joined(separator: ".")) }
    // Logged out everywhere: the token ends, whatever the clocks say (no time passes here).
    try s.logoutEverywhere("dave")
    #expect(throws: AccessFailure.self) { try s.verify(token: token) }
    // A new login after that works again.
    let again = try s.login("dave", "Dave-Secret-42")
    #expect(
      try s.verify(token: try s.token(for: "dave", issuedAt: again.at, generation: again.generation)).user == "dave")
    // A token signed for the same user and time but an old generation is refused.
    #expect(throws: AccessFailure.self) {
      try s.verify(token: try s.token(for: "dave", issuedAt: again.at, generation: login.generation))
    }
  }

  @Test func concurrentWritersLoseNoChange() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    // Two services over the same home stand for a shell and a batch job sharing it.
    let a = service(), b = service()
    _ = try a.directory()
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      try? (i % 2 == 0 ? a : b).createGroup("g\(i)", members: [])
    }
    #expect(try a.directory().groups.keys.sorted() == (0..<8).map { "g\($0)" }.sorted())
  }
}
