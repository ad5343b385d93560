/// What a node decides about its license when it starts.
public enum LicenseVerdict: Sendable, Equatable {
  /// Run; nothing to say.
  case valid
  /// Run, but say so at start and in the shell banner: expired less than 15 days ago.
  case grace(daysLeft: Int)
  /// Do not start; the message says why and what to do.
  case refused(String)
}

public enum LicenseCheck {
  /// Days past `expiration` a node still starts (DolphinDB keeps 15).
  public static let graceDays = 15

  /// Signature and expiry, as of `today`. `path` names the file in messages.
  public static func verdict(_ license: License, path: String, publicKey: String, today: LicenseDate = .today())
    -> LicenseVerdict
  {
    guard LicenseKeys.verify(license, publicKey: publicKey) else {
      return .refused(
        "the license \(path) is not signed by the license key this node trusts (its signature does not verify); set licensePublicKey to the issuer's public key, or install a license signed for it"
      )
    }
    let overdue = today.daysSinceEpoch - license.expiration.daysSinceEpoch
    if overdue > graceDays {
      return .refused(
        "The license has expired. Please renew the license and restart the server. (\(path) expired on \(license.expiration), \(overdue) days ago)"
      )
    }
    if overdue > 0 { return .grace(daysLeft: graceDays - overdue) }
    return .valid
  }
}
