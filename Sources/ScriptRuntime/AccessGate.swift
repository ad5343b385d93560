/// What a built-in needs before it acts on databases, nodes or users. The language core only
/// carries the demand; who may do what is decided by the gate a session installs.
public enum AccessDemand: Sendable, Equatable {
  /// Any logged-in user (not `guest`); the action is named in the refusal.
  case login(String)
  /// An administrator.
  case admin(String)
  /// Read a table of a database.
  case readTable(database: String, table: String)
  /// Append to, update or delete from a table.
  case writeTable(database: String, table: String, TableWrite)
  /// Create a database.
  case createDatabase(String)
  /// Create a table in a database.
  case createTable(database: String)
  /// Drop a table or partitions of a database.
  case dropObject(database: String)
  /// Run a script file (`run "file.dos"`).
  case runScript
  /// Call a function view (`addFunctionView`).
  case executeView(String)
  /// Manage a database: grant rights on it and its tables.
  case manageDatabase(String)
  /// Read a shared table under access control (`addAccessControl`); `owner` shared it.
  case readShared(String, owner: String)
  /// Append to, update or delete from a shared table under access control.
  case writeShared(String, owner: String, TableWrite)

  /// Reading and writing tables: what a function view may do for its caller.
  public var isDataAccess: Bool {
    switch self {
    case .readTable, .writeTable, .readShared, .writeShared: return true
    default: return false
    }
  }

  /// The kinds of table writes, each with its own right besides `TABLE_WRITE`.
  public enum TableWrite: String, Sendable { case insert = "INSERT", update = "UPDATE", delete = "DELETE" }
}

/// Decides access for one session (nil on a machine means everything is allowed, as in the
/// language's own unit tests).
public protocol AccessGate: AnyObject {
  /// Throws a message that names the missing right and the object when access is refused.
  func require(_ demand: AccessDemand) throws(ScriptError)
  /// The logged-in user's name (`guest` before login).
  var userName: String { get }
  /// A token that logs the same user in on another node of the cluster (nil for `guest`).
  var sessionToken: String? { get }
  /// The user made `database`: as its owner it may manage, read and write it, and grant
  /// rights on it (DolphinDB's DB_OWNER).
  func becameOwner(of database: String)
}

extension AccessGate {
  public func becameOwner(of database: String) {}
}

extension Machine {
  /// Checks a demand against the session's gate, if it has one.
  @inline(__always) public func require(_ demand: AccessDemand) throws(ScriptError) {
    // Inside a function view, its caller reads and writes the tables the view does.
    if viewDepth > 0 && demand.isDataAccess { return }
    try access?.require(demand)
  }
}

/// A node object `addAccessControl` may put under access control: a shared table or a stream
/// engine. Once controlled, its owner, administrators and the users granted TABLE_READ or
/// TABLE_WRITE on its name may read or write it.
public protocol AccessControlledObject: AnyObject {
  /// The name grants name it by.
  var accessName: String { get }
  /// The user who made it (who may put it under control).
  var creator: String { get }
  /// The owner while under access control; nil while any session may use it.
  var accessOwner: String? { get }
  func addAccessControl()
}

/// A table whose reads and writes need rights: a table of a database.
public protocol ProtectedTable: AnyObject {
  var databasePath: String { get }
  var tableName: String { get }
}

extension Machine {
  /// Checks the right to read `object` when it is a database table.
  @inline(__always) public func requireRead(_ object: AnyObject) throws(ScriptError) {
    guard let access, viewDepth == 0 else { return }
    if let s = object as? AccessControlledObject {
      if let owner = s.accessOwner { try access.require(.readShared(s.accessName, owner: owner)) }
      return
    }
    guard let t = object as? ProtectedTable else { return }
    try access.require(.readTable(database: t.databasePath, table: t.tableName))
  }

  /// Checks the right to write `object` when it is a database table.
  @inline(__always) public func requireWrite(_ object: AnyObject, _ kind: AccessDemand.TableWrite) throws(ScriptError) {
    guard let access, viewDepth == 0 else { return }
    if let s = object as? AccessControlledObject {
      if let owner = s.accessOwner { try access.require(.writeShared(s.accessName, owner: owner, kind)) }
      return
    }
    guard let t = object as? ProtectedTable else { return }
    try access.require(.writeTable(database: t.databasePath, table: t.tableName, kind))
  }
}
