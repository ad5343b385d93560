import ScriptRuntime

/// The built-ins that need swift-crypto's digests: `md5`, `gmd5`, `rowGmd5`, `hmac`. A target of
/// their own so that the language core's large built-in module does not wait for swift-crypto
/// (BoringSSL's C sources) to build: on two cores that wait put minutes on every clean build.
public enum DigestLibrary {
  public static let library = BuiltinLibrary(
    "digests", functions: [TextDigest.builtin] + CombinedMD5.all + MessageAuthentication.all)
}
