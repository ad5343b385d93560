import ScriptSyntax

/// What `try/catch` shows as the first half of the exception pair, as DolphinDB does.
public enum ErrorCategory: String, Sendable {
  case system = "SYSTEM", user = "USER", assertion = "ASSERT"
}

/// A runtime error: what went wrong, where, and the calls it came through.
public struct ScriptError: Error {
  /// The message, in the catalogue's style (lowercase, code quoted).
  public var message: String
  /// Where it happened; filled in by the innermost node that knows its place.
  public var range: SourceRange?
  /// Call frames, innermost first: the call site and the called function's name.
  public var frames: [(name: String, range: SourceRange)] = []
  /// The category `try/catch` exposes as the first half of the exception pair.
  public var category: ErrorCategory
  /// Set for Ctrl-C, which `try/catch` must not swallow.
  public var isInterrupt = false
  /// Set when a function refused a tuple of vectors it takes one vector at a time: a
  /// vectorized built-in then maps over the tuple's vectors (`cumsum((a, b))`), as DolphinDB's do.
  public var refusedTuple = false

  public init(_ message: String, at range: SourceRange? = nil, category: ErrorCategory = .system) {
    self.message = message
    self.range = range
    self.category = category
  }

  /// The error as a diagnostic with `note: in call to 'f'` lines (at most 10); a recursion
  /// repeating one call site is shown once with its count.
  public var diagnostic: Diagnostic {
    var notes: [Diagnostic] = []
    var k = 0
    let shown = Array(frames.prefix(10))
    while k < shown.count {
      var n = 1
      while k + n < shown.count && shown[k + n].name == shown[k].name
        && shown[k + n].range.start == shown[k].range.start
      {
        n += 1
      }
      let more = n > 1 || (k + n == shown.count && frames.count > shown.count) ? " (repeated)" : ""
      notes.append(Diagnostic(.note, "in call to '\(shown[k].name)'\(more)", at: shown[k].range))
      k += n
    }
    return Diagnostic(.error, message, at: range, notes: notes)
  }

  /// Gives the error a place if it has none yet.
  public func located(_ r: SourceRange) -> ScriptError {
    if range != nil { return self }
    var e = self
    e.range = r
    return e
  }

  /// How many calls an error's trace names, innermost first; deeper ones are left out.
  static let maxFrames = 10

  /// The error as it leaves a call of `function` made at `call`: placed at the call if it had
  /// no place, and, when it came from inside the function, with the call added to its trace.
  func leaving(_ function: String, calledAt call: SourceRange) -> ScriptError {
    let inner = range != nil
    var e = located(call)
    if inner && e.frames.count < ScriptError.maxFrames && !e.isInterrupt { e.frames.append((function, call)) }
    return e
  }
}
