/// `class Name [: Base] { attribute :: TYPE ... def Name(...) {...} def method(...) {...} }`:
/// DolphinDB's classes. Attributes come before methods; a method may be declared without a
/// body (`def b()`) and defined further down.
public struct ClassDecl: Sendable {
  /// One `name :: TYPE` line.
  public struct Attribute: Sendable {
    public let name: String
    /// The type as written (`INT`, `DOUBLE[]`, `ANY`).
    public let type: String
    public let range: SourceRange
  }
  public let name: String
  public let base: String?
  public let attributes: [Attribute]
  public let methods: [FunctionDecl]
  public let range: SourceRange
}
