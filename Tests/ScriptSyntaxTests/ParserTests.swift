import Testing

@testable import ScriptSyntax

@Suite struct ParserTests {
  func parse(_ text: String, functions: Set<String> = ["sum", "add", "print"]) -> Result<Program, SyntaxErrors> {
    Parser.parse(SourceFile(name: "t", text: text), context: ParseContext(functionNames: functions))
  }

  func expression(_ text: String, functions: Set<String> = ["sum", "add", "print"]) -> ExprKind? {
    guard case .success(let p) = parse(text, functions: functions), case .expression(let e) = p.statements.first?.kind
    else { return nil }
    return e.kind
  }

  @Test func minusAfterANameIsSubtraction() {
    guard case .binary("-", _, _)? = expression("a -1") else {
      Issue.record("a -1 should be a - 1")
      return
    }
    guard case .binary("-", _, _)? = expression("a-1") else {
      Issue.record("a-1 should be a - 1")
      return
    }
  }

  @Test func minusBetweenLiteralsIsANegativeElement() {
    guard case .vectorLiteral(let items)? = expression("1 -1") else {
      Issue.record("1 -1 should be a vector literal")
      return
    }
    #expect(items.count == 2)
    guard case .binary("-", _, _)? = expression("1 - 1") else {
      Issue.record("1 - 1 should be a subtraction")
      return
    }
  }

  @Test func juxtaposedFunctionTakesTheWholeRest() {
    guard case .call(_, let args)? = expression("sum 1 2 3 == 6"), let arg = args.first?.value,
      case .binary("==", _, _) = arg.kind
    else {
      Issue.record("sum 1 2 3 == 6 should be sum(1 2 3 == 6)")
      return
    }
  }

  @Test func infixFunction() {
    guard case .call(let callee, let args)? = expression("x add y"), case .name("add") = callee.kind else {
      Issue.record("x add y should call add")
      return
    }
    #expect(args.count == 2)
  }

  @Test func pairBindsTighterThanMultiplication() {
    guard case .binary("$", _, let right)? = expression("1..6$2:3"), case .binary(":", _, _) = right.kind else {
      Issue.record("1..6$2:3 should be (1..6)$(2:3)")
      return
    }
  }

  @Test func unclosedBracketIsIncomplete() {
    guard case .failure(let errors) = parse("sum(1 2 3") else {
      Issue.record("expected a failure")
      return
    }
    #expect(errors.isIncomplete)
  }

  @Test func trailingOperatorIsIncomplete() {
    guard case .failure(let errors) = parse("a = 1 +") else {
      Issue.record("expected a failure")
      return
    }
    #expect(errors.isIncomplete)
  }

  @Test func openBlockIsIncomplete() {
    guard case .failure(let errors) = parse("def f(x) {\n  return x") else {
      Issue.record("expected a failure")
      return
    }
    #expect(errors.isIncomplete)
  }

  @Test func wrongCloserIsAnErrorNotIncomplete() {
    guard case .failure(let errors) = parse("f(1]") else {
      Issue.record("expected a failure")
      return
    }
    #expect(!errors.isIncomplete)
    #expect(errors.diagnostics.first?.message.hasPrefix("expected ')' to close '(' at 1:2") == true)
  }

  @Test func modifyingAParameterIsASyntaxError() {
    guard case .failure(let errors) = parse("def f(a) { a = 1 }") else {
      Issue.record("expected a failure")
      return
    }
    #expect(errors.diagnostics.first?.message.contains("mutable") == true)
  }

  @Test func manyErrorsAreCappedAtTwenty() {
    let text = Array(repeating: "x = )", count: 30).joined(separator: "\n")
    guard case .failure(let errors) = parse(text) else {
      Issue.record("expected a failure")
      return
    }
    #expect(errors.diagnostics.count == 20)
  }
}
