import Crypto
import Foundation
import _CryptoExtras

/// A salted PBKDF2-SHA256 hash of a password: slow on purpose, so a stolen user table does not
/// give passwords away cheaply.
public struct PasswordHash: Codable, Sendable, Equatable {
  public var algorithm: String
  public var rounds: Int
  /// Base64.
  public var salt: String
  /// Base64.
  public var hash: String

  /// swift-crypto's floor for PBKDF2-SHA256 (and OWASP's for SHA-512); each check costs
  /// ~0.1 s on one core, which bounds guessing even before the lockout.
  public static let rounds = 210_000
  static let algorithmName = "pbkdf2-sha256"

  public static func make(_ password: String) throws(AccessFailure) -> PasswordHash {
    let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
    let derived = try derive(password, salt: salt, rounds: rounds)
    return PasswordHash(
      algorithm: algorithmName, rounds: rounds, salt: Data(salt).base64EncodedString(),
      hash: Data(derived).base64EncodedString())
  }

  /// Whether `password` is the one hashed (compared in constant time).
  public func matches(_ password: String) -> Bool {
    guard algorithm == PasswordHash.algorithmName, let salt = Data(base64Encoded: salt),
      let expected = Data(base64Encoded: hash),
      let derived = try? PasswordHash.derive(password, salt: Array(salt), rounds: rounds),
      derived.count == expected.count
    else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(derived, expected) { difference |= x ^ y }
    return difference == 0
  }

  static func derive(_ password: String, salt: [UInt8], rounds: Int) throws(AccessFailure) -> [UInt8] {
    do {
      let key = try KDF.Insecure.PBKDF2.deriveKey(
        from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
        rounds: max(rounds, PasswordHash.rounds))
      return key.withUnsafeBytes { Array($0) }
    } catch {
      throw AccessFailure("cannot hash the password: \(error)")
    }
  }
}
