import Crypto
import Foundation

/// Ed25519 keys for issuing and checking licenses. Private keys live in files (base64 of the
/// raw 32 bytes, mode 0600); public keys travel as base64 text (`licensePublicKey=...`).
public enum LicenseKeys {
  /// The public key of the project's own releases. Its private key is kept off this
  /// repository; licenses signed with your own key need `licensePublicKey`.
  public static let builtInPublicKey = "Jd1pS9cSMaN87jd+ZC2gc/mf4LDH8jPbI8uFg9tz4HU="

  /// A new key pair: (private key file text, public key).
  public static func generate() -> (privateKey: String, publicKey: String) {
    let key = Curve25519.Signing.PrivateKey()
    return (key.rawRepresentation.base64EncodedString(), key.publicKey.rawRepresentation.base64EncodedString())
  }

  /// The public key of a private key file's text.
  public static func publicKey(ofPrivate text: String) throws(LicenseError) -> String {
    try privateKey(text).publicKey.rawRepresentation.base64EncodedString()
  }

  static func privateKey(_ text: String) throws(LicenseError) -> Curve25519.Signing.PrivateKey {
    let body = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined().trimmingCharacters(in: .whitespaces)
    guard let data = Data(base64Encoded: body), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
    else {
      throw LicenseError("not an Ed25519 private key (base64 of 32 bytes)")
    }
    return key
  }

  /// The license with its signature set.
  public static func sign(_ license: License, privateKey text: String) throws(LicenseError) -> License {
    let key = try privateKey(text)
    guard let signature = try? key.signature(for: license.signedBytes) else { throw LicenseError("signing failed") }
    var signed = license
    signed.signature = signature.base64EncodedString()
    return signed
  }

  /// Whether `license` carries a valid signature by `publicKey` (base64).
  public static func verify(_ license: License, publicKey: String) -> Bool {
    guard let keyData = Data(base64Encoded: publicKey),
      let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
      let signature = Data(base64Encoded: license.signature)
    else { return false }
    return key.isValidSignature(signature, for: license.signedBytes)
  }
}
