/// The rows of two tables whose key columns are equal, found through one grouping of both
/// sides' keys: typed rank codes, no boxed key per row, so a join of millions of rows with a
/// dimension table costs a few passes over the key columns.
public enum KeyMatch {
  /// Pairs of (left row, right row) with equal keys, left rows in order and each one's
  /// matches in right-row order; a left row without a match pairs with -1 when
  /// `keepUnmatched`. Nil when the sides' key types cannot be compared as one column (the
  /// caller compares them value by value instead).
  public static func pairs(
    left: [Vector], right: [Vector], keepUnmatched: Bool, firstOnly: Bool
  ) -> (lefts: [Int], rights: [Int])? {
    let nl = left.first?.count ?? 0
    let nr = right.first?.count ?? 0
    guard let (codes, count) = groups(left: left, right: right) else { return nil }
    func group(_ i: Int) -> Int { Int(codes[i]) }
    // Each group's right rows as a list threaded through `next`, in right-row order.
    var head = [Int32](repeating: -1, count: max(count, 1))
    var next = [Int32](repeating: -1, count: nr)
    for r in stride(from: nr - 1, through: 0, by: -1) {
      let g = group(nl + r)
      next[r] = head[g]
      head[g] = Int32(r)
    }
    var lefts: [Int] = []
    var rights: [Int] = []
    lefts.reserveCapacity(nl)
    rights.reserveCapacity(nl)
    for i in 0..<nl {
      var r = head[group(i)]
      if r < 0 {
        if keepUnmatched {
          lefts.append(i)
          rights.append(-1)
        }
        continue
      }
      while r >= 0 {
        lefts.append(i)
        rights.append(Int(r))
        if firstOnly { break }
        r = next[Int(r)]
      }
    }
    return (lefts, rights)
  }

  /// The group of equal keys of every row of both sides, numbered alike: the left rows' groups,
  /// then the right rows'. Nil when the sides' key types cannot be compared as one column (the
  /// caller compares them value by value instead).
  public static func groups(left: [Vector], right: [Vector]) -> (codes: [Int32], count: Int)? {
    let nl = left.first?.count ?? 0
    let nr = right.first?.count ?? 0
    guard !left.isEmpty, left.count == right.count, nr < Int(Int32.max) else { return nil }
    var combined: [Vector] = []
    for (l, r) in zip(left, right) {
      guard !l.isArrayVector, !r.isArrayVector, l.type == r.type || (l.type.isText && r.type.isText) else {
        return nil
      }
      var both = l.type == .symbol && r.type == .string ? (try? Cast.vector(l, to: .string)) ?? l : l
      let other = both.type == r.type ? r : (try? Cast.vector(r, to: both.type))
      guard let other, (try? both.append(contentsOf: other)) != nil else { return nil }
      combined.append(both)
    }
    let grouping = Grouping(keys: combined)
    // One group (a constant key) comes without codes.
    if grouping.groupOf.isEmpty { return ([Int32](repeating: 0, count: nl + nr), max(grouping.count, 1)) }
    return (grouping.groupOf, grouping.count)
  }
}
