import PorpoiseSupport

extension Session {
  /// Module names found on the module path, for completion after `use`.
  public func availableModules() -> [String] {
    var dirs = moduleDirectories
    if let s = stdlibDirectory { dirs.append(s) }
    var names: [String] = []
    for d in dirs {
      for f in FileAccess.list(d) ?? [] where f.hasSuffix(".dos") { names.append(String(f.dropLast(4))) }
    }
    return names
  }
}
