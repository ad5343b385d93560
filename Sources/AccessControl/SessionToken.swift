import Crypto
import Foundation

/// What travels between nodes after a login instead of the password: who, when, until when,
/// signed with the cluster's token key (HMAC-SHA256), so any node of the cluster can check it
/// without asking anyone.
public struct SessionToken: Sendable, Equatable {
  public var user: String
  /// When the user logged in (ms).
  public var issuedAt: Int64
  public var expiresAt: Int64
  /// The user's session generation at login: a `logout(user, false)`, a password change or a
  /// new user of the same name ends the token.
  public var generation: String

  /// Tokens last a day, as a login session would.
  public static let lifetimeMillis: Int64 = 24 * 3600 * 1000

  public init(user: String, issuedAt: Int64, expiresAt: Int64, generation: String) {
    self.user = user
    self.issuedAt = issuedAt
    self.expiresAt = expiresAt
    self.generation = generation
  }

  /// `v2.<user base64>.<issued>.<expires>.<generation base64>.<nonce>.<mac base64>`
  public func encoded(key: [UInt8]) -> String {
    let nonce = (0..<12).map { _ in UInt8.random(in: 0...255) }
    let body =
      "v2.\(Data(user.utf8).base64EncodedString()).\(issuedAt).\(expiresAt).\(Data(generation.utf8).base64EncodedString()).\(Data(nonce).base64EncodedString())"
    return body + "." + SessionToken.mac(body, key: key)
  }

  /// The token's claims if its signature verifies and it has not expired at `now`.
  public static func decode(_ text: String, key: [UInt8], now: Int64) -> SessionToken? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 7, parts[0] == "v2" else { return nil }
    let body = parts[0...5].joined(separator: ".")
    let expected = Array(mac(body, key: key).utf8)
    let given = Array(parts[6].utf8)
    guard expected.count == given.count else { return nil }
    var difference: UInt8 = 0
    for (x, y) in zip(expected, given) { difference |= x ^ y }
    guard difference == 0, let userData = Data(base64Encoded: parts[1]), let issued = Int64(parts[2]),
      let expires = Int64(parts[3]),
      now < expires, let generation = Data(base64Encoded: parts[4])
    else { return nil }
    return SessionToken(
      user: String(decoding: userData, as: UTF8.self), issuedAt: issued, expiresAt: expires,
      generation: String(decoding: generation, as: UTF8.self))
  }

  static func mac(_ body: String, key: [UInt8]) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: key))
    return Data(code).base64EncodedString()
  }
}
