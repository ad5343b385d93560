import ScriptRuntime

/// `contextby(func, funcArgs, groupingCol, [sortingCol])`: func over the elements of each group
/// (the rows where the grouping vectors hold the same values), its results put back where the
/// group's elements were; an aggregate's one value fills its group. With sortingCol each group
/// is sorted by it before func sees it. Several arguments (or grouping vectors) come as a tuple.
enum ContextBy {
  static let builtin = Builtin(
    "contextby", args: 3...5, parameterNames: ["func", "funcArgs", "groupingCol", "sortingCol", "semanticFilter"]
  ) { a throws(ScriptError) in
    let f = try a.function(0, "the first argument of 'contextby'")
    let keys: [Vector]
    if case .tuple(let items) = a[2] {
      var vectors: [Vector] = []
      for item in items { vectors.append(try column(item, "contextby")) }
      keys = vectors
    } else {
      keys = [try column(a[2], "contextby")]
    }
    guard let n = keys.first?.count, keys.allSatisfy({ $0.count == n }) else {
      throw ScriptError(RuntimeMessages.contextbyLengths())
    }
    var arguments: [Value]
    if case .tuple(let items) = a[1] { arguments = items } else { arguments = [a[1]] }
    for argument in arguments {
      if case .vector(let v) = argument, v.count != n {
        throw ScriptError(RuntimeMessages.incompatibleSizes("contextby", n, v.count))
      }
    }
    let sorting = a.has(3) ? try column(a[3], "contextby").orderKey : nil
    if let sorting, sorting.count != n {
      throw ScriptError(RuntimeMessages.incompatibleSizes("contextby", n, sorting.count))
    }
    // The groups in order of first appearance.
    let members = Series.groupsInOrderOfAppearance(keys, count: n)
    let groups =
      sorting.map { sorting in
        members.map { rows in
          rows.sorted { x, y in
            let r = Comparison.order(sorting[x], sorting[y])
            return r != 0 ? r < 0 : x < y
          }
        }
      } ?? members
    return try GroupApplication.scatter(f, arguments, groups, count: n, a.machine, "contextby")
  }
}
