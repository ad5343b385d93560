/// The rights `grant`, `deny` and `revoke` set, by DolphinDB's names.
public enum AccessRight: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
  case tableRead = "TABLE_READ"
  case tableWrite = "TABLE_WRITE"
  case tableInsert = "TABLE_INSERT"
  case tableUpdate = "TABLE_UPDATE"
  case tableDelete = "TABLE_DELETE"
  case dbRead = "DB_READ"
  case dbWrite = "DB_WRITE"
  case dbInsert = "DB_INSERT"
  case dbUpdate = "DB_UPDATE"
  case dbDelete = "DB_DELETE"
  case dbobjCreate = "DBOBJ_CREATE"
  case dbobjDelete = "DBOBJ_DELETE"
  case dbManage = "DB_MANAGE"
  case dbOwner = "DB_OWNER"
  case scriptExec = "SCRIPT_EXEC"
  case testExec = "TEST_EXEC"
  case viewExec = "VIEW_EXEC"

  /// The value of the script constant of the same name.
  public var code: Int64 { Int64(AccessRight.allCases.firstIndex(of: self) ?? 0) }

  public init?(code: Int64) {
    guard code >= 0 && code < AccessRight.allCases.count else { return nil }
    self = AccessRight.allCases[Int(code)]
  }

  /// Whether the right is about one table (its objects are tables or whole databases).
  var isTableRight: Bool { rawValue.hasPrefix("TABLE_") }

  /// Whether the right is about the data or objects of a database (what its owner may grant).
  var isDataRight: Bool { isTableRight || (rawValue.hasPrefix("DB") && self != .dbOwner) }
}

/// Allow or Deny; a right that is neither is simply absent (None).
public enum Permission: String, Codable, Sendable {
  case allow, deny
}
