/// One lock on a user as `getUserLockedStatus` lists it: by an administrator (`place` "*", no
/// end) or after too many failed logins from one place (its address, or "local" for the
/// node's own console and batch jobs), until `unlockAt`. Times are UTC milliseconds.
public struct UserLock: Sendable, Equatable {
  public var user: String
  public var place: String
  public var lockedAt: Int64
  public var unlockAt: Int64?

  public init(user: String, place: String, lockedAt: Int64, unlockAt: Int64?) {
    self.user = user
    self.place = place
    self.lockedAt = lockedAt
    self.unlockAt = unlockAt
  }
}

/// `lockUser` and `unlockUser` on the user table, and the locks in force: stored with the
/// users, so a lock holds on every node sharing the table and across restarts.
extension UserService {
  /// Locks `name`: no login by password or token succeeds until `unlockUser`, and its
  /// sessions and tokens end now (a locked user keeps no way in). The super administrator
  /// cannot be locked, or no one could unlock anyone. Locking a locked user keeps the
  /// first lock's time.
  public func lockUser(_ name: String, by administrator: String) throws(AccessFailure) {
    guard name != UserDirectory.defaultAdmin else { throw AccessFailure(AccessMessages.superAdminNotLocked()) }
    let t = now()
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard var r = d.users[name] else { throw AccessFailure(AccessMessages.noSuchUser(name)) }
      if r.lockedAt == nil { r.lockedAt = t }
      r.generation = UserRecord.newGeneration()
      d.users[name] = r
    }
    securityLog("'\(name)' locked by '\(administrator)'")
  }

  /// Lifts an administrator's lock and any lock after failed logins; a user that is not
  /// locked stays as it is.
  public func unlockUser(_ name: String, by administrator: String) throws(AccessFailure) {
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.users[name] != nil else { throw AccessFailure(AccessMessages.noSuchUser(name)) }
      d.users[name]?.lockedAt = nil
      d.users[name]?.clearAttempts()
    }
    securityLog("'\(name)' unlocked by '\(administrator)'")
  }

  /// The locks in force now, by user name, an administrator's before those of failed logins,
  /// then by place.
  public func locks() throws(AccessFailure) -> [UserLock] {
    let t = now()
    var out: [UserLock] = []
    for (name, r) in try directory().users.sorted(by: { $0.key < $1.key }) {
      if let at = r.lockedAt { out.append(UserLock(user: name, place: "*", lockedAt: at, unlockAt: nil)) }
      var places: [(String, Int64)] = []
      if let until = r.lockedUntil, until > t { places.append(("local", until)) }
      for (source, a) in r.remoteAttempts ?? [:] {
        if let until = a.lockedUntil, until > t { places.append((source, until)) }
      }
      for (place, until) in places.sorted(by: { $0.0 < $1.0 }) {
        // A lock after failures lasts `lockMillis` from the failure that set it.
        out.append(UserLock(user: name, place: place, lockedAt: until - UserService.lockMillis, unlockAt: until))
      }
    }
    return out
  }
}
