import Crypto
import ScriptRuntime

/// `hmac(key, message, [digest='sha256'])`: the HMAC of a message as lowercase hex, with
/// SHA-1, SHA-256, SHA-384, SHA-512 or MD5 (DolphinDB's SHA-224 is not offered: swift-crypto
/// has none).
enum MessageAuthentication {
  static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
  }

  static func code<H: HashFunction>(_: H.Type, key: String, message: String) -> String {
    hex(HMAC<H>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(key.utf8))))
  }

  static let all: [Builtin] = [
    Builtin("hmac", args: 2...3, parameterNames: ["key", "message", "digest"]) { a throws(ScriptError) in
      let key = try a.text(0, "the key of 'hmac'")
      let message = try a.text(1, "the message of 'hmac'")
      let digest = a.has(2) ? try a.text(2, "the digest of 'hmac'").lowercased() : "sha256"
      let text: String
      switch digest {
      case "sha1": text = code(Insecure.SHA1.self, key: key, message: message)
      case "sha256": text = code(SHA256.self, key: key, message: message)
      case "sha384": text = code(SHA384.self, key: key, message: message)
      case "sha512": text = code(SHA512.self, key: key, message: message)
      case "md5": text = code(Insecure.MD5.self, key: key, message: message)
      default: throw ScriptError(RuntimeMessages.unknownDigest(digest))
      }
      return .string(text, .string)
    }
  ]
}
