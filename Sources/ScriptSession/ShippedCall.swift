import ScriptRuntime

/// A function call as it travels to another session (a node's, a batch job's fresh one): the
/// function's name, for a script function its source, and the arguments. A partial
/// application `f{a, , c}` travels as `f` with the bound arguments put in their places
/// (`pnodeRun(getConfig{"maxMemSize"})`, `submitJob("j", "", run{"job.dos"})`).
public struct ShippedCall {
  public var name: String
  /// The script function's definition; empty for a built-in, found by name there.
  public var source: String
  public var arguments: [Value]

  /// Why a function cannot travel.
  public enum Failure: Error {
    /// A partial application with a hole the call's arguments do not fill.
    case argumentLeftOpen(String)
    /// `f:E` and the other templates have no name to find them by.
    case template(String)
  }

  /// A call as it arrived from elsewhere.
  public init(name: String, source: String, arguments: [Value]) {
    self.name = name
    self.source = source
    self.arguments = arguments
  }

  public init(_ f: FunctionValue, _ arguments: [Value]) throws(Failure) {
    switch f.kind {
    case .builtin(let b): (name, source, self.arguments) = (b.name, "", arguments)
    case .user(let u, _): (name, source, self.arguments) = (u.name, u.source, arguments)
    case .partial(let base, let bound):
      let merged = FunctionValue.merge(bound: bound, arguments)
      guard !merged.contains(where: { $0 == nil }) else { throw .argumentLeftOpen(f.name) }
      self = try ShippedCall(base, merged.map { $0! })
    case .template:
      throw .template(f.name)
    }
  }
}

extension Session {
  /// The function a shipped call names, made here: its source run (a `def` defines it by
  /// name, a lambda evaluates to it); nil when the source runs but defines no such function.
  /// A source that does not run is `failure`.
  public func define(_ name: String, source: String, failure: @autoclosure () -> ScriptError) throws(ScriptError)
    -> FunctionValue?
  {
    let saved = printResults
    printResults = false
    defer { printResults = saved }
    guard run(text: source, name: "<function \(name)>") == .ok else { throw failure() }
    if case .function(let f)? = lastValue { return f }
    return try machine.lookupFunction(name)
  }
}
