/// Writing values into stack and global slots without the generic release of the old value.
///
/// Most slots hold a number or VOID, which own nothing: overwriting them needs no release, and
/// skipping Swift's generic (outlined, switch-per-case) destroy is a large part of a loop's cost.
extension Value {
  /// Whether the value owns no reference (VOID, integral, temporal and floating scalars).
  @inline(__always) var ownsNothing: Bool {
    switch self {
    case .void, .int, .double: return true
    default: return false
    }
  }
}

extension UnsafeMutablePointer where Pointee == Value {
  /// Stores `v`, releasing the old value only when it owns something.
  @inline(__always) func store(_ v: consuming Value) {
    if pointee.ownsNothing { initialize(to: v) } else { pointee = v }
  }

  /// Empties the slot (VOID), as a frame's slots are left when it returns.
  @inline(__always) func clear() {
    if pointee.ownsNothing { initialize(to: .void) } else { pointee = .void }
  }
}

extension UnsafeMutablePointer where Pointee == Value? {
  /// Stores `v` into a global slot, releasing the old value only when it owns something.
  @inline(__always) func store(_ v: consuming Value) {
    switch pointee {
    case .none, .some(.void), .some(.int), .some(.double): initialize(to: v)
    default: pointee = v
    }
  }
}

extension Machine {
  /// The address of local slot `slot` of the running frame. Valid until the next call that may
  /// grow the stack.
  @inline(__always) func localSlot(_ slot: Int) -> UnsafeMutablePointer<Value> { stack + (bp &+ slot) }
}
