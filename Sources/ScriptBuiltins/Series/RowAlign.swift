import ScriptRuntime

/// `rowAlign(left, right, how)`: each row of two array vectors of prices (bids strictly
/// descending, asks strictly ascending) merged into one ladder of the prices of both; for every
/// price, its position in the left row and in the right row (-1 where a side lacks it), as two
/// INT array vectors that `rowAt` reads. `bid` and `ask` keep the prices both sides quote a
/// range for (down to the higher of the two lowest bids, up to the lower of the two highest
/// asks); `allBid` and `allAsk` keep every price.
enum RowAlign {
  static let builtin = Builtin("rowAlign", args: 3...3, parameterNames: ["left", "right", "how"], arrayAware: true) {
    a throws(ScriptError) in
    guard let left = NestedColumn.rows(of: a[0]), let right = NestedColumn.rows(of: a[1]),
      left.values.type.isNumeric || left.values.type.isTemporal,
      right.values.type.isNumeric || right.values.type.isTemporal
    else { throw ScriptError(RuntimeMessages.rowAlignNeedsArrayVectors(a[0].typeString, a[1].typeString)) }
    guard left.count == right.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes("rowAlign", left.count, right.count))
    }
    let how = try a.text(2, "how").lowercased()
    guard ["bid", "ask", "allbid", "allask"].contains(how) else { throw ScriptError(RuntimeMessages.rowAlignHow(how)) }
    let descending = how.hasSuffix("bid")
    let all = how.hasPrefix("all")
    let lv = left.values.doubles
    let rv = right.values.doubles
    var leftEnds: [Int] = []
    var rightEnds: [Int] = []
    var leftIndex: [Int64] = []
    var rightIndex: [Int64] = []
    for row in 0..<left.count {
      let l = left.bounds(row).filter { !lv[$0].isNaN }
      let r = right.bounds(row).filter { !rv[$0].isNaN }
      let lBase = left.bounds(row).lowerBound
      let rBase = right.bounds(row).lowerBound
      // The far end both sides reach: the higher lowest bid, or the lower highest ask.
      var limit: Double?
      if !all, let lf = l.last.map({ lv[$0] }), let rf = r.last.map({ rv[$0] }) {
        limit = descending ? max(lf, rf) : min(lf, rf)
      }
      var i = 0
      var j = 0
      while i < l.count || j < r.count {
        let x = i < l.count ? lv[l[i]] : nil
        let y = j < r.count ? rv[r[j]] : nil
        let price: Double
        var takeLeft = false
        var takeRight = false
        switch (x, y) {
        case (let x?, let y?):
          if x == y {
            price = x
            takeLeft = true
            takeRight = true
          } else if (x > y) == descending {
            price = x
            takeLeft = true
          } else {
            price = y
            takeRight = true
          }
        case (let x?, nil):
          price = x
          takeLeft = true
        case (nil, let y?):
          price = y
          takeRight = true
        default:
          price = .nan
        }
        if let limit, descending ? price < limit : price > limit { break }
        leftIndex.append(takeLeft ? Int64(l[i] - lBase) : -1)
        rightIndex.append(takeRight ? Int64(r[j] - rBase) : -1)
        if takeLeft { i += 1 }
        if takeRight { j += 1 }
      }
      guard leftIndex.count <= NestedColumn.maxElements else {
        throw ScriptError(RuntimeMessages.arrayVectorTooLarge(limit: NestedColumn.maxElements))
      }
      leftEnds.append(leftIndex.count)
      rightEnds.append(rightIndex.count)
    }
    let leftRows = NestedColumn(ends: leftEnds, values: Vector(type: .int, ints: leftIndex))
    let rightRows = NestedColumn(ends: rightEnds, values: Vector(type: .int, ints: rightIndex))
    return .tuple([
      .vector(Vector(type: .int, storage: .nested(leftRows))), .vector(Vector(type: .int, storage: .nested(rightRows))),
    ])
  }
}
