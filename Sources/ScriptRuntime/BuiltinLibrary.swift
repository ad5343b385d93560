/// One area's built-ins as a session takes them in: its functions, other names for some of
/// them, and the constants its scripts use (`VALUE`, `TABLE_READ`). Every area (the language
/// core, storage, access, the cluster, licenses, remote calls) hands one of these to the
/// session builder, so plugging an area in is one line and cannot leave its constants out.
public struct BuiltinLibrary: Sendable {
  /// What the area is, for diagnostics (`core`, `storage`, `cluster`...).
  public let name: String
  public var functions: [Builtin]
  /// Another script name for a function: `push!` for `append!`.
  public var aliases: [String: String]
  /// Made anew for each session (a value may hold a reference, which sessions must not share).
  public var constants: @Sendable () -> [String: Value]

  public init(
    _ name: String, functions: [Builtin], aliases: [String: String] = [:],
    constants: @escaping @Sendable () -> [String: Value] = { [:] }
  ) {
    self.name = name
    self.functions = functions
    self.aliases = aliases
    self.constants = constants
  }
}

extension FunctionRegistry {
  /// Adds a library's functions and aliases (a later library's function replaces an earlier one's).
  public mutating func register(_ library: BuiltinLibrary) {
    register(library.functions)
    for (alias, name) in library.aliases.sorted(by: { $0.key < $1.key }) { self.alias(alias, for: name) }
  }
}
