import Foundation
import PorpoiseSupport
import Synchronization

/// A node's function views: the source of each, by name, kept in `<home>/functionViews.json`
/// (replaced whole on each change) so they outlive the node's restarts.
public final class FunctionViewStore: Sendable {
  let path: String
  private let views: Mutex<[String: String]>

  /// The views saved in `home`; an unreadable file is reported and treated as none.
  public init(home: String, warn: (String) -> Void = { _ in }) {
    path = home + "/functionViews.json"
    var loaded: [String: String] = [:]
    if let bytes = FileAccess.readBytes(path) {
      do { loaded = try JSONDecoder().decode([String: String].self, from: Data(bytes)) } catch {
        warn("function views in \(path) cannot be read: \(error.localizedDescription)")
      }
    }
    views = Mutex(loaded)
  }

  /// The source of the view `name`.
  public func source(_ name: String) -> String? { views.withLock { $0[name] } }

  /// Every view, by name.
  public var all: [(name: String, source: String)] {
    views.withLock { $0.sorted { $0.key < $1.key }.map { (name: $0.key, source: $0.value) } }
  }

  /// Adds or replaces a view, saved before it is seen.
  public func add(_ name: String, source: String) throws(FileError) {
    try change { $0[name] = source }
  }

  /// Removes a view; false when there is none of that name.
  public func drop(_ name: String) throws(FileError) -> Bool {
    var found = false
    try change { found = $0.removeValue(forKey: name) != nil }
    return found
  }

  private func change(_ body: (inout [String: String]) -> Void) throws(FileError) {
    var failure: FileError?
    views.withLock { current in
      var next = current
      body(&next)
      do throws(FileError) {
        let data = try? JSONEncoder().encode(next)
        _ = FileAccess.makeDirectory(FileAccess.directory(of: path))
        try DurableFile.replace(path, with: Array(data ?? Data()), sync: true)
        current = next
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
  }
}
