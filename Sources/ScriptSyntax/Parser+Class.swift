extension Parser {
  /// Whether `class` here starts a class definition: `class Name {` or `class Name : Base {`.
  func atClassDefinition() -> Bool {
    guard current.identifier == "class", peek().identifier != nil else { return false }
    let next = indexPastNewlines(from: pos + 2)
    return tokens[next].isPunct("{") || tokens[next].isPunct(":")
  }

  // class -> 'class' name [':' base] '{' { name '::' type } { 'def' method } '}'
  mutating func parseClass() throws(Diagnostic) -> Stmt {
    let start = advance()
    let (name, _) = try expectIdentifier("a class name")
    context.functionNames.insert(name)
    skipNewlines()
    var base: String?
    if current.isPunct(":") {
      advance()
      base = try expectIdentifier("the base class's name").0
      skipNewlines()
    }
    let open = current
    try expectPunct("{", what: "'{' to start the class body")
    var attributes: [ClassDecl.Attribute] = []
    var methods: [FunctionDecl] = []
    // Method bodies see the attributes (their own and the base's) as variables.
    var members = Set(base.flatMap { classMembers[$0] } ?? [])
    members.insert("self")
    while true {
      while atNewline || current.isPunct(";") { advance() }
      if current.isPunct("}") || atEnd { break }
      if current.identifier == "def" {
        let saved = memberScope
        memberScope = members
        defer { memberScope = saved }
        methods.append(try parseFunctionDecl())
        continue
      }
      let (attribute, attributeToken) = try expectIdentifier("an attribute ('name :: TYPE') or a method ('def')")
      guard methods.isEmpty else {
        throw failure(DiagnosticMessages.attributeAfterMethod(attribute), at: range(attributeToken))
      }
      try expectPunct("::", what: "'::' and a type after the attribute '\(attribute)'")
      var (type, _) = try expectIdentifier("the type of the attribute '\(attribute)'")
      if current.isPunct("["), peek().isPunct("]") {
        advance()
        advance()
        type += "[]"
      }
      // `prices :: DOUBLE VECTOR`, `levels :: INT[] VECTOR`: a vector of that type.
      if let form = current.identifier, form == "VECTOR" {
        advance()
        type += " " + form
      }
      attributes.append(ClassDecl.Attribute(name: attribute, type: type, range: range(from: attributeToken)))
      members.insert(attribute)
    }
    try expectClosing("}", opener: open)
    classMembers[name] = members
    return Stmt(
      .classDef(ClassDecl(name: name, base: base, attributes: attributes, methods: methods, range: range(from: start))),
      range(from: start))
  }
}
