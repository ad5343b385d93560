import Crypto
import ScriptBuiltins
import ScriptRuntime

/// `md5(X)`: the 16-byte MD5 digest of a string (or of each string of a vector), as DolphinDB
/// gives it: an INT128.
enum TextDigest {
  static let builtin = Builtin("md5", args: 1...1) { a throws(ScriptError) in
    try StringBuiltins.strings(a[0], "md5") { s in
      let bits = Insecure.MD5.hash(data: Array(s.utf8)).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
      return .string(Binary128.format(bits, as: .int128), .int128)
    }
  }
}
