extension Parser {
  /// `mapr name(params){ mapExpr, ... -> reduceFunction [; runningMaps -> runningFunction] }`: DolphinDB's map-reduce form of a
  /// user-defined aggregate. A group is aggregated here in one piece, so the aggregate is the reduce
  /// function over one-element vectors of the map results (what one partition would hand it).
  mutating func parseMapReduceDecl() throws(Diagnostic) -> FunctionDecl {
    let start = advance()
    let (name, _) = try expectIdentifier("the aggregate's name after 'mapr'")
    context.functionNames.insert(name)
    let parameters = try parseParameterList()
    scopes.append(Set(parameters.map(\.name)))
    immutableNames.append(Set(parameters.filter { !$0.isMutable }.map(\.name)))
    defer {
      scopes.removeLast()
      immutableNames.removeLast()
    }
    skipNewlines()
    let brace = current
    try expectPunct("{", what: "'{' to start the map expressions of 'mapr'")
    var maps: [Argument] = []
    while true {
      skipNewlines()
      let map = try parseExpression()
      let enlist = Expr(.name("enlist"), map.range)
      maps.append(Argument(name: nil, value: Expr(.call(enlist, [Argument(name: nil, value: map)]), map.range)))
      skipNewlines()
      guard current.isPunct(",") else { break }
      advance()
    }
    try expectPunct("->", what: "'->' and the reduce function after the map expressions")
    skipNewlines()
    let reduceStart = current
    let (reduce, _) = try expectIdentifier("the reduce function's name after '->'")
    skipNewlines()
    if current.isPunct(";") {
      // `; cumsum, cumsum -> runningFunction`: how DolphinDB's `cgroup by` runs the aggregate
      // over growing groups. Porpoise's `cgroup by` applies the aggregate itself to each
      // growing set of rows, which gives the same results, so the running part is read and
      // checked for its form only.
      advance()
      while true {
        skipNewlines()
        _ = try expectIdentifier("a running map function's name")
        skipNewlines()
        guard current.isPunct(",") else { break }
        advance()
      }
      try expectPunct("->", what: "'->' and the running function after the running map functions")
      skipNewlines()
      _ = try expectIdentifier("the running function's name after '->'")
      skipNewlines()
    }
    try expectClosing("}", opener: brace)
    let callee = Expr(.name(reduce), range(reduceStart))
    let call = Expr(.call(callee, maps), range(from: brace))
    return FunctionDecl(
      name: name, parameters: parameters, body: [Stmt(.returnValue(call), call.range)],
      isExpressionBody: true, isAggregate: true, range: range(from: start))
  }
}
