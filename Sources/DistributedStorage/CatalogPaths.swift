/// Where the distributed catalog lives, relative to the cluster's root in ZooKeeper:
///
///     /dfs/<database>                      DatabaseRecord
///     /dfs/<database>/tables/<table>       TableRecord
///     /dfs/<database>/chunks/<table>/<partition>   ChunkRecord
///
/// Names are percent-encoded into one znode name each (`dfs://testDB` has slashes, and so has
/// a COMPO partition's path). One znode per chunk keeps each far below ZooKeeper's 1 MB limit.
public enum CatalogPaths {
  public static let root = "/dfs"

  public static func database(_ name: String) -> String { root + "/" + encode(name) }
  public static func tables(_ db: String) -> String { database(db) + "/tables" }
  public static func table(_ db: String, _ table: String) -> String { tables(db) + "/" + encode(table) }
  public static func chunks(_ db: String) -> String { database(db) + "/chunks" }
  public static func chunks(_ db: String, _ table: String) -> String { chunks(db) + "/" + encode(table) }
  public static func chunk(_ db: String, _ table: String, _ partition: String) -> String {
    chunks(db, table) + "/" + encode(partition)
  }

  /// A name as one znode name: `/`, `%` and `:` (and anything outside printable ASCII) as `%XX`.
  public static func encode(_ name: String) -> String {
    var out = ""
    for b in name.utf8 {
      if b > 0x20 && b < 0x7F && b != UInt8(ascii: "/") && b != UInt8(ascii: "%") && b != UInt8(ascii: ":") {
        out.unicodeScalars.append(Unicode.Scalar(b))
      } else {
        let hex = String(b, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    // ZooKeeper reserves "." and ".." as names.
    if out == "." || out == ".." { out = out.replacingDots }
    return out
  }

  /// The name a znode name encodes; nil when it is not one `encode` made.
  public static func decode(_ encoded: String) -> String? {
    var bytes: [UInt8] = []
    var i = encoded.utf8.startIndex
    let u = encoded.utf8
    while i < u.endIndex {
      let b = u[i]
      if b == UInt8(ascii: "%") {
        let hi = u.index(after: i)
        guard hi < u.endIndex, u.index(after: hi) < u.endIndex else { return nil }
        let lo = u.index(after: hi)
        guard let v = UInt8(String(decoding: [u[hi], u[lo]], as: UTF8.self), radix: 16) else { return nil }
        bytes.append(v)
        i = u.index(after: lo)
      } else {
        bytes.append(b)
        i = u.index(after: i)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

extension String {
  fileprivate var replacingDots: String { replacing(".", with: "%2E") }
}
