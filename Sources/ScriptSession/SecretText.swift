/// Recognises entries that may carry a password, so the shell keeps them out of its history.
public enum SecretText {
  /// Functions whose arguments include a password (or a token, which logs in as well).
  public static let passwordFunctions = ["login", "loginByToken", "createUser", "changePwd", "resetPwd", "xdb"]

  /// Whether `text` calls one of `passwordFunctions` (spaces before `(` allowed).
  public static func mayHoldPassword(_ text: String) -> Bool {
    let squeezed = String(text.filter { $0 != " " && $0 != "\t" })
    return passwordFunctions.contains { squeezed.contains($0 + "(") }
  }
}
