/// An SQL `like` pattern, split at its `%` wildcards once and matched on UTF-8 bytes: the
/// first piece must start the text, the last end it, the others follow in order between.
struct LikePattern: Sendable {
  let pieces: [[UInt8]]
  let whole: String?

  init(_ pattern: String) {
    let parts = pattern.utf8.split(separator: UInt8(ascii: "%"), omittingEmptySubsequences: false).map { Array($0) }
    pieces = parts
    whole = parts.count == 1 ? pattern : nil
  }

  func matches(_ s: String) -> Bool {
    if let whole { return s == whole }
    var text = s
    return text.withUTF8 { t in
      let first = pieces[0]
      guard t.count >= first.count, t.prefix(first.count).elementsEqual(first) else { return false }
      var at = first.count
      let last = pieces[pieces.count - 1]
      for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
        guard let found = Self.find(piece, in: t, from: at) else { return false }
        at = found + piece.count
      }
      return t.count - at >= last.count && t.suffix(last.count).elementsEqual(last)
    }
  }

  /// The first offset at or after `from` where `piece` occurs.
  static func find(_ piece: [UInt8], in t: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let head = piece.first else { return from <= t.count ? from : nil }
    guard from >= 0, t.count - from >= piece.count else { return nil }
    var i = from
    let end = t.count - piece.count
    while i <= end {
      if t[i] == head && t[i..<(i + piece.count)].elementsEqual(piece) { return i }
      i += 1
    }
    return nil
  }
}
