import ArgumentParser
import Licensing
import PorpoiseSupport
import ScriptRuntime
import ScriptSession
import TableStorage

#if canImport(Glibc)
  import Glibc
#endif

/// `porpoise license keygen|issue|show`: for whoever issues licenses (and for tests, which
/// make real signed ones).
struct LicenseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "license", abstract: "Make signing keys, issue signed licenses, show a license.",
    subcommands: [Keygen.self, Issue.self, Show.self])

  struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a new Ed25519 private key to FILE (mode 0600) and print its public key.")
    @Option(name: .customLong("out"), help: "The private key file to write.") var out: String
    @Flag(
      name: .customLong("force"),
      help: "Replace an existing key file (licenses it signed can no longer be renewed with it).")
    var force = false

    func run() throws {
      // An issuer's key outlives its licenses: renewals must be signed by it. Never lose it
      // to a repeated command.
      if FileAccess.isFile(out) && !force {
        StandardErrorSink(flushing: nil).write(
          "error: '\(out)' exists: it may be the key your licenses are signed with; give --force to replace it\n")
        throw ExitCodeError(ExitCode.usage.rawValue)
      }
      if force { unlink(out) }
      let (privateKey, publicKey) = LicenseKeys.generate()
      try write(out, "# Porpoise license signing key: keep it secret\n\(privateKey)\n", mode: 0o600)
      StandardOutputSink().writeLine("public key: \(publicKey)")
    }
  }

  struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sign a license with a private key file.")
    @Option(name: .customLong("key"), help: "The private key file (from keygen).") var key: String
    @Option(name: .customLong("client")) var client: String
    @Option(name: .customLong("authorization"), help: "trial, free, commercial or site.") var authorization: String
    @Option(name: .customLong("max-nodes")) var maxNodes: Int
    @Option(name: .customLong("max-cores"), help: "Cores per node.") var maxCores: Int
    @Option(name: .customLong("max-memory"), help: "Gigabytes per node.") var maxMemory: Int
    @Option(name: .customLong("expiration"), help: "The last day, like 2027.12.31.") var expiration: String
    @Option(name: .customLong("version")) var version: String = ""
    @Option(name: .customLong("modules")) var modules: String = ""
    @Option(name: .customLong("out"), help: "The license file to write.") var out: String

    func run() throws {
      let errors = StandardErrorSink(flushing: nil)
      guard let date = LicenseDate(expiration) else {
        errors.write("error: --expiration '\(expiration)' is not a date like 2027.12.31\n")
        throw ExitCodeError(ExitCode.usage.rawValue)
      }
      guard License.authorizations.contains(authorization) else {
        errors.write("error: --authorization must be one of \(License.authorizations.joined(separator: ", "))\n")
        throw ExitCodeError(ExitCode.usage.rawValue)
      }
      guard let keyText = FileAccess.read(key) else {
        errors.write("error: cannot read the key file '\(key)': \(FileAccess.lastError())\n")
        throw ExitCodeError(ExitCode.ioError.rawValue)
      }
      let license = License(
        clientName: client, authorization: authorization, maxNodes: maxNodes, maxCoresPerNode: maxCores,
        maxMemoryPerNode: maxMemory, expiration: date, version: version, modules: modules)
      let signed: License
      do throws(LicenseError) {
        signed = try LicenseKeys.sign(license, privateKey: keyText)
      } catch {
        errors.write("error: \(key): \(error.message)\n")
        throw ExitCodeError(ExitCode.config.rawValue)
      }
      // Nodes reread this file on updateLicense(): they see the old license or the new one.
      do throws(FileError) {
        try DurableFile.replace(out, with: Array(signed.fileText.utf8), sync: true)
      } catch {
        errors.write("error: \(error.message)\n")
        throw ExitCodeError(ExitCode.ioError.rawValue)
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a license's fields and whether its signature verifies.")
    @ArgumentParser.Argument var file: String
    @Option(name: .customLong("public-key"), help: "The issuer's public key (default: the built-in one).")
    var publicKey: String?

    func run() throws {
      let errors = StandardErrorSink(flushing: nil)
      guard let text = FileAccess.read(file) else {
        errors.write("error: cannot read '\(file)': \(FileAccess.lastError())\n")
        throw ExitCodeError(ExitCode.ioError.rawValue)
      }
      switch License.parse(text, path: file) {
      case .failure(let e):
        errors.write("\(e.message)\n")
        throw ExitCodeError(ExitCode.config.rawValue)
      case .success(let l):
        let out = StandardOutputSink()
        for (k, v) in l.fields { out.writeLine("\(k)=\(v)") }
        switch LicenseCheck.verdict(l, path: file, publicKey: publicKey ?? LicenseKeys.builtInPublicKey) {
        case .valid: out.writeLine("status: valid")
        case .grace(let days): out.writeLine("status: expired, \(days) days of grace left")
        case .refused(let why):
          out.writeLine("status: refused: \(why)")
          out.flush()
          throw ExitCodeError(ExitCode.config.rawValue)
        }
        out.flush()
      }
    }
  }
}

/// Writes a new file with a mode (never through an existing one); the error names it.
func write(_ path: String, _ text: String, mode: mode_t) throws {
  let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
  guard fd >= 0 else {
    StandardErrorSink(flushing: nil).write("error: cannot write '\(path)': \(FileAccess.lastError())\n")
    throw ExitCodeError(ExitCode.ioError.rawValue)
  }
  defer { close(fd) }
  var t = text
  let written = t.withUTF8 { Glibc.write(fd, $0.baseAddress, $0.count) }
  guard written == t.utf8.count, fsync(fd) == 0 else {
    StandardErrorSink(flushing: nil).write("error: cannot write '\(path)': \(FileAccess.lastError())\n")
    throw ExitCodeError(ExitCode.ioError.rawValue)
  }
}

extension StandardOutputSink {
  func writeLine(_ s: String) { write(s + "\n") }
}
