import Foundation
import ScriptRuntime

/// The node's subscription offsets (`persistOffset=true`) in `<home>/persistence/topicOffsets.json`,
/// replaced whole on each change (a rename), so a restart finds the last one saved. A file that
/// cannot be read counts as none; one that cannot be written leaves the offsets in memory.
public struct TopicOffsetFile: TopicOffsetStore {
  let path: String

  public init(home: String) { path = home + "/persistence/topicOffsets.json" }

  public func load() -> [String: Int] {
    guard let data = FileManager.default.contents(atPath: path),
      let offsets = try? JSONDecoder().decode([String: Int].self, from: data)
    else { return [:] }
    return offsets
  }

  public func save(_ offsets: [String: Int]) {
    guard let data = try? JSONEncoder().encode(offsets) else { return }
    let folder = (path as NSString).deletingLastPathComponent
    try? DurableFiles.makeDirectory(folder)
    // Not synced: a crash may lose the last few moves, and the subscriber then sees those rows again.
    try? DurableFiles.replace(path, with: [UInt8](data), sync: false)
  }
}
