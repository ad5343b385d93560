import ScriptRuntime

/// k-means clustering: k-means++ seeding (or random rows), then Lloyd's iterations until no
/// center moves by more than `tolerance` or `maxIter` rounds.
enum KMeans {
  struct Result {
    /// One center per cluster, each a point of the features.
    var centers: [[Double]]
    var labels: [Int]
    var iterations: Int
    var inertia: Double
  }

  static func fit(
    _ x: [[Double]], k: Int, maxIter: Int, tolerance: Double, plusPlus: Bool, random: inout RandomGenerator
  )
    -> Result
  {
    let n = x.first?.count ?? 0
    let d = x.count
    func point(_ i: Int) -> [Double] { (0..<d).map { x[$0][i] } }
    func distance(_ i: Int, _ c: [Double]) -> Double {
      var s = 0.0
      for j in 0..<d {
        let diff = x[j][i] - c[j]
        s += diff * diff
      }
      return s
    }
    var centers: [[Double]] = [point(Int(random.nextInt(below: Int64(n))))]
    if plusPlus {
      var nearest = (0..<n).map { distance($0, centers[0]) }
      while centers.count < k {
        let total = nearest.reduce(0, +)
        var pick = 0
        if total > 0 {
          var target = random.nextUnit() * total
          for i in 0..<n {
            target -= nearest[i]
            if target <= 0 {
              pick = i
              break
            }
          }
        } else {
          pick = Int(random.nextInt(below: Int64(n)))
        }
        centers.append(point(pick))
        for i in 0..<n { nearest[i] = min(nearest[i], distance(i, centers[centers.count - 1])) }
      }
    } else {
      var chosen: Set<Int> = []
      while centers.count < k {
        let i = Int(random.nextInt(below: Int64(n)))
        if chosen.insert(i).inserted { centers.append(point(i)) }
      }
    }
    var labels = [Int](repeating: 0, count: n)
    var iterations = 0
    while iterations < maxIter {
      iterations += 1
      for i in 0..<n {
        var best = 0
        var bestDistance = Double.infinity
        for (c, center) in centers.enumerated() {
          let dist = distance(i, center)
          if dist < bestDistance {
            bestDistance = dist
            best = c
          }
        }
        labels[i] = best
      }
      var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
      var counts = [Int](repeating: 0, count: k)
      for i in 0..<n {
        counts[labels[i]] += 1
        for j in 0..<d { sums[labels[i]][j] += x[j][i] }
      }
      var moved = 0.0
      for c in 0..<k where counts[c] > 0 {
        let new = sums[c].map { $0 / Double(counts[c]) }
        moved = max(moved, zip(new, centers[c]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
        centers[c] = new
      }
      if moved <= tolerance * tolerance { break }
    }
    var inertia = 0.0
    for i in 0..<n {
      var best = Double.infinity
      for (c, center) in centers.enumerated() {
        let dist = distance(i, center)
        if dist < best {
          best = dist
          labels[i] = c
        }
      }
      inertia += best
    }
    return Result(centers: centers, labels: labels, iterations: iterations, inertia: inertia)
  }
}
