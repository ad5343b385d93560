import ScriptRuntime

extension Session {
  /// Built-ins that belong to the session rather than the language: who is logged in.
  ///
  /// Until user management arrives, the only account is the default administrator that
  /// DolphinDB creates on first start (`admin` / `123456`).
  static func of(_ a: CallArguments) -> Session {
    // Session built-ins are only registered in a Session's machine, whose host it is.
    guard let s = a.machine.host as? Session else { preconditionFailure("session built-in outside a session") }
    return s
  }

  func sessionBuiltins() -> [Builtin] {
    [
      Builtin("login", args: 2...2, parameterNames: ["userId", "password"]) { a throws(ScriptError) in
        let user = try a.text(0, "the user name")
        let password = try a.text(1, "the password")
        guard user == "admin" && password == "123456" else {
          throw ScriptError("the user name or password is incorrect")
        }
        Session.of(a).currentUser = user
        return .void
      },
      Builtin("logout", args: 0...2) { a throws(ScriptError) in
        Session.of(a).currentUser = "guest"
        return .void
      },
      Builtin("getCurrentSessionAndUser", args: 0...0) { a throws(ScriptError) in
        .tuple([.int(0, .long), .string(Session.of(a).currentUser, .string)])
      },
    ]
  }
}
