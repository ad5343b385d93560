import ScriptSyntax

/// A script class (`class Person { name :: STRING ... }`): its attributes, its methods (script
/// functions whose first parameter is `self`) and its base class. Methods are virtual: a call
/// by name finds the most derived definition.
public final class ClassDefinition: @unchecked Sendable {
  /// One declared attribute and the null it starts as.
  struct Attribute {
    let name: String
    let initial: Value
  }

  public let name: String
  public let base: ClassDefinition?
  /// This class's own attributes (the base's come first in `allAttributes`).
  let attributes: [Attribute]
  /// This class's own methods, by name; the constructor has the class's name. Filled while
  /// the class compiles, then left alone.
  var methods: [String: UserFunction] = [:]

  init(name: String, base: ClassDefinition?, attributes: [Attribute]) {
    self.name = name
    self.base = base
    self.attributes = attributes
  }

  var allAttributes: [Attribute] { (base?.allAttributes ?? []) + attributes }

  /// Every attribute name, the base's too.
  public var attributeNames: [String] { allAttributes.map(\.name) }

  /// The method a call by this name runs: this class's, else the nearest base's.
  func method(_ name: String) -> UserFunction? {
    methods[name] ?? base?.method(name)
  }

  /// Every method name this class answers to, with its bases'.
  var methodNames: Set<String> { Set(methods.keys).union(base?.methodNames ?? []) }

  /// Whether this class is `other` or derives from it.
  public func isKind(of other: ClassDefinition) -> Bool {
    self === other || (base?.isKind(of: other) ?? false)
  }
}

/// An object of a script class: its attributes' current values. A reference: `b = a` shares
/// the object, as DolphinDB's objects are shared.
public final class ClassInstance: ScriptObject {
  public let definition: ClassDefinition
  var values: [String: Value]
  /// The machine that made it, to run `str()` when the object is printed.
  weak var machine: Machine?

  init(_ definition: ClassDefinition, machine: Machine) {
    self.definition = definition
    self.machine = machine
    var values: [String: Value] = [:]
    for a in definition.allAttributes { values[a.name] = a.initial }
    self.values = values
  }

  public var form: Value.Form { .scalar }
  public var dataType: DataType { .any }
  public var typeString: String { definition.name }
  public var rowCount: Int { 1 }
  public var rows: [Value]? { nil }

  /// `print(obj)`: what its `str()` method returns, else the class it is an instance of.
  public func render(_ formatter: ValueFormatter) -> String {
    if let machine, let str = definition.method("str"), let text = try? machine.callMethod(str, on: self, [], at: nil) {
      if case .string(let s, _) = text { return s }
      return formatter.format(text)
    }
    return "<Instance of Class '::\(definition.name)'>"
  }

  /// `obj.attribute`, or `obj.method` as a function with the object bound (`a.getName{2015}`).
  public func member(_ name: String) -> Value? {
    if let v = values[name] { return v }
    if let u = definition.method(name) {
      return .function(FunctionValue(.partial(FunctionValue(.user(u, captured: [])), bound: [.object(self)])))
    }
    return nil
  }

  /// The value of an attribute, nil when the class has none of that name.
  public func attribute(_ name: String) -> Value? { values[name] }

  /// Sets an attribute the class declares; false when it declares none of that name.
  @discardableResult
  public func setAttribute(_ name: String, _ value: Value) -> Bool {
    guard values[name] != nil else { return false }
    values[name] = value
    return true
  }
}

extension Machine {
  /// Runs a method with `instance` as `self`; a wrong argument count is told without `self`.
  func callMethod(_ u: UserFunction, on instance: ClassInstance, _ args: [Value], at range: SourceRange?)
    throws(ScriptError) -> Value
  {
    let declared = u.parameters.count - 1
    let required = u.parameters.dropFirst().filter { $0.defaultValue == nil }.count
    guard (required...declared).contains(args.count) else {
      var e = Machine.arityError(u.name, required, declared, got: args.count)
      if let range { e = e.located(range) }
      throw e
    }
    return try call(FunctionValue(.user(u, captured: [])), [.object(instance)] + args, at: range)
  }
}
