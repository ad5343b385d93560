import Foundation
import PorpoiseSupport
import ScriptRuntime

/// `mvccTable` and `loadMvccTable`: a table in memory that, given a folder and a name, saves
/// itself there after every change (columns as the storage engine writes them, checksummed)
/// and is loaded back from it. Queries read the table as it is at their start, as they read
/// any table in memory here.
enum MvccTables {
  static func builtins(home: String) -> [Builtin] {
    [
      // mvccTable(X, [X1, ...]) or mvccTable(capacity:size, colNames, colTypes, [path], [tableName]).
      Builtin("mvccTable", args: 1...Int.max) { a throws(ScriptError) in
        var values = a.values
        var names = a.sourceNames
        var place: (path: String, name: String)?
        if case .pair = a[0], a.count == 4 {
          // DolphinDB saves an mvccTable only with both a folder and a name for it.
          throw ScriptError(RuntimeMessages.mvccTableNeedsName())
        }
        if case .pair = a[0], a.count == 5 {
          place = (try a.text(3, "the mvccTable folder"), try a.text(4, "the mvccTable name"))
          values = Array(values.prefix(3))
          names = Array(names.prefix(3))
        }
        guard case .builtin(let make)? = try a.machine.lookupFunction("table")?.kind else { return .void }
        var call = CallArguments(values: values, machine: a.machine, sourceNames: names)
        guard case .object(let o) = try make.body(&call), let t = o as? Table else { return .void }
        if let place {
          let dir = try folder(place.path, place.name, a.machine)
          try save(t, to: dir)
          persist(t, to: dir)
        }
        return .object(t)
      },
      // loadMvccTable(path, tableName): the table saved there, saving itself again on change.
      Builtin("loadMvccTable", args: 2...2, parameterNames: ["path", "tableName"]) { a throws(ScriptError) in
        let dir = try folder(try a.text(0, "the mvccTable folder"), try a.text(1, "the mvccTable name"), a.machine)
        let t = try load(dir)
        persist(t, to: dir)
        return .object(t)
      },
    ]
  }

  struct Manifest: Codable {
    var names: [String]
    var types: [UInt8]
    var rows: Int
    var sums: [String: String]
  }

  static func folder(_ path: String, _ name: String, _ m: Machine) throws(ScriptError) -> String {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw ScriptError(StorageMessages.badMvccName(name))
    }
    return (m.host.map { $0.resolvePath(path) } ?? path) + "/" + name
  }

  static func persist(_ t: Table, to dir: String) {
    t.didChange = { table throws(ScriptError) in try save(table, to: dir) }
  }

  /// Writes the table beside the old copy, then swaps the two, so a crash leaves one whole.
  static func save(_ t: Table, to dir: String) throws(ScriptError) {
    let fresh = dir + ".new"
    let old = dir + ".old"
    try DurableFiles.remove(fresh)
    let sums = try SegmentFiles.write(t.columns, to: fresh, sync: true)
    let manifest = Manifest(names: t.names, types: t.columns.map(\.type.rawValue), rows: t.rowCount, sums: sums)
    let data = (try? JSONEncoder().encode(manifest)) ?? Data()
    try DurableFiles.replace(fresh + "/table.json", with: Array(data), sync: true)
    try DurableFiles.remove(old)
    if DurableFiles.exists(dir) { guard rename(dir, old) == 0 else { throw DurableFiles.error("cannot rename", dir) } }
    guard rename(fresh, dir) == 0 else { throw DurableFiles.error("cannot rename", fresh) }
    try DurableFiles.syncDirectory(FileAccess.directory(of: dir))
    try DurableFiles.remove(old)
  }

  static func load(_ dir: String) throws(ScriptError) -> Table {
    // A crash between the two renames leaves only the old copy.
    let source = DurableFiles.exists(dir) ? dir : dir + ".old"
    guard let bytes = FileAccess.readBytes(source + "/table.json"),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)),
      manifest.names.count == manifest.types.count, manifest.rows >= 0
    else {
      throw ScriptError(StorageMessages.noMvccTable(dir))
    }
    var columns: [Vector] = []
    for (k, raw) in manifest.types.enumerated() {
      guard let type = DataType(rawValue: raw) else { throw ScriptError(StorageMessages.noMvccTable(dir)) }
      columns.append(try SegmentFiles.readColumn(k, type: type, rows: manifest.rows, dir: source, sums: manifest.sums))
    }
    return try Table(names: manifest.names, columns: columns)
  }
}
