/// Job ids waiting to start, by priority 0 to 9: the highest priority first, the oldest first
/// among equals, in constant time however long the queue.
struct JobQueue {
  private var lanes: [[String]] = Array(repeating: [], count: 10)
  private var heads: [Int] = Array(repeating: 0, count: 10)

  mutating func push(_ id: String, priority: Int) {
    lanes[min(max(priority, 0), 9)].append(id)
  }

  mutating func pop() -> String? {
    for p in stride(from: 9, through: 0, by: -1) where heads[p] < lanes[p].count {
      let id = lanes[p][heads[p]]
      heads[p] += 1
      // A lane drained to its end starts over, so taken ids do not pile up.
      if heads[p] == lanes[p].count {
        lanes[p].removeAll(keepingCapacity: true)
        heads[p] = 0
      } else if heads[p] > 1024 && heads[p] * 2 > lanes[p].count {
        lanes[p].removeFirst(heads[p])
        heads[p] = 0
      }
      return id
    }
    return nil
  }
}
