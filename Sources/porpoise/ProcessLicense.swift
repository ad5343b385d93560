import Licensing
import PorpoiseSupport
import ScriptRuntime
import ScriptSession

/// The license this process runs under: `-license`, else `porpoise.lic`/`dolphindb.lic` next
/// to the binary or in the working folder, else the built-in free license.
let processLicense: Result<LoadedLicense, LicenseError> = {
  let p = ShellCommand.parameters.parameters
  return LicenseLoader.load(explicit: p["license"], publicKey: p["licensePublicKey"], searching: licenseFolders)
}()

/// The running license, which `updateLicense()` may replace.
let processLicenseState = LicenseState(
  (try? processLicense.get()) ?? .free, publicKey: ShellCommand.parameters.parameters["licensePublicKey"],
  searching: licenseFolders)

/// Where a license file is looked for: next to the binary, then the working folder.
var licenseFolders: [String] { [FileAccess.directory(of: NodeCommand.executablePath()), ""] }

/// Says what is wrong with the license, if anything; false when the process must not run.
func acceptLicense(_ errors: OutputSink, log: ((String) -> Void)? = nil) -> Bool {
  switch processLicense {
  case .failure(let e):
    errors.write("error: \(e.message)\n")
    log?(e.message)
    return false
  case .success(let loaded):
    switch loaded.verdict {
    case .valid: return true
    case .grace(let days):
      let text =
        "the license \(loaded.path ?? "") expired on \(loaded.license.expiration); \(days) days left before nodes refuse to start"
      errors.write("warning: \(text)\n")
      return true
    case .refused(let why):
      errors.write("error: \(why)\n")
      log?(why)
      return false
    }
  }
}
