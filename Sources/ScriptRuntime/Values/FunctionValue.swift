import ScriptSyntax

/// A function as a value.
public final class FunctionValue {
  /// What the function is.
  public enum Kind {
    /// A native function.
    case builtin(Builtin)
    /// A script function, with the values a lambda captured when it was created.
    case user(UserFunction, captured: [Value])
    /// `f{a, , c}`: arguments bound in order, nil for holes.
    case partial(FunctionValue, bound: [Value?])
    /// `f:E` and the other higher-order templates.
    case template(FunctionValue, Character)
  }

  public let kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  /// The name shown in messages.
  public var name: String {
    switch kind {
    case .builtin(let b): return b.name
    case .user(let f, _): return f.name
    case .partial(let f, _): return f.name
    case .template(let f, let c): return "\(f.name):\(c)"
    }
  }

  /// `name(a, b)` for a script function (its parameters), the name alone otherwise.
  public var signature: String {
    guard case .user(let f, _) = kind else { return name }
    return name + "(" + f.parameters.map { ($0.isMutable ? "mutable " : "") + $0.name }.joined(separator: ", ") + ")"
  }

  var isPartial: Bool {
    if case .partial = kind { return true }
    return false
  }

  /// Whether SQL `group by` may treat it as an aggregate.
  public var isAggregate: Bool {
    switch kind {
    case .builtin(let b): return b.isAggregate
    case .user(let f, _): return f.isAggregate
    default: return false
    }
  }
}

/// A compiled script function.
public final class UserFunction {
  /// One parameter.
  public struct Parameter {
    public let name: String
    public let isMutable: Bool
    public let defaultValue: Value?
  }
  public let name: String
  public let parameters: [Parameter]
  /// Local slots the frame needs (parameters first, then captures, then locals).
  var frameSize: Int
  /// Frame slots that receive captured values, in capture order.
  var captureSlots: [Int]
  let body: [StmtNode]
  /// The body as one statement node, so a call runs it without walking an array.
  let bodyNode: StmtNode
  /// Number of parameters.
  let parameterCount: Int
  /// What a call evaluates: for bodies that only return (`return e`, `if (c) return a; return
  /// b`) the value as one expression, without statement bookkeeping; else the statements.
  /// A `let`, not optional: a call reads it without a retain.
  let entry: Node
  /// The declaration's text, printed when the function is shown.
  public let source: String
  public let isAggregate: Bool
  /// The module that defined it ("" for the session).
  public let module: String
  let range: SourceRange
  /// Whether any parameter is `mutable` (calls then copy changes back to the caller).
  let hasMutableParameters: Bool

  init(
    name: String, parameters: [Parameter], frameSize: Int, captureSlots: [Int], body: [StmtNode],
    expressionBody: Node?, source: String, isAggregate: Bool, module: String, range: SourceRange
  ) {
    self.name = name
    self.parameters = parameters
    self.frameSize = frameSize
    self.captureSlots = captureSlots
    self.body = body
    self.bodyNode = UserFunction.single(body, range)
    self.entry = expressionBody ?? StatementBodyNode(bodyNode, range: range)
    self.parameterCount = parameters.count
    self.source = source
    self.isAggregate = isAggregate
    self.module = module
    self.range = range
    self.hasMutableParameters = parameters.contains { $0.isMutable }
  }

  static func single(_ body: [StmtNode], _ range: SourceRange) -> StmtNode {
    BlockStmt.chain(body, range: range)
  }
}

extension FunctionValue {
  /// A partial application's arguments for a call: the bound ones in their places, the call's
  /// filling the holes in order and then following; a hole the call leaves open is nil.
  public static func merge(bound: [Value?], _ args: [Value?]) -> [Value?] {
    var merged: [Value?] = []
    var rest = args[...]
    for b in bound {
      if let b {
        merged.append(b)
      } else {
        merged.append(rest.popFirst() ?? nil)
      }
    }
    return merged + rest
  }
}
