import Crypto
import ScriptBuiltins
import ScriptRuntime

/// `gmd5(X)`: one MD5 digest (an INT128) over all of X's elements, and `rowGmd5(args...)`: one
/// per row over the row's elements of every argument. Elements are hashed as DolphinDB stores
/// them, little-endian at their type's width (INT 4 bytes, LONG and TIMESTAMP 8, BOOL and CHAR
/// 1, FLOAT and DOUBLE IEEE with null as the type's lowest value), which reproduces DolphinDB's
/// digests. A tuple, array vector or matrix is flattened first (a matrix column by column).
/// Text, 16-byte and DECIMAL types are refused: how DolphinDB lays them out is not documented.
enum CombinedMD5 {
  /// Whether the elements of a type can be hashed as DolphinDB does.
  static func hashable(_ t: DataType) -> Bool {
    (t.isIntegral || t.isTemporal || t.isFloating) && !t.isDecimal
  }

  /// Adds `v`'s elements in `range` to the digest (`hashable` has refused other types).
  static func update(_ hasher: inout Insecure.MD5, _ v: Vector, _ range: Range<Int>) {
    _ = StoredBytes.visit(v, range) { hasher.update(bufferPointer: $0) }
  }

  /// A digest as DolphinDB shows it: the 16 bytes as one 128-bit number, first byte highest.
  static func bits(_ hasher: Insecure.MD5) -> UInt128 {
    hasher.finalize().reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
  }

  /// A value's elements as rows of one flat vector: an array vector's rows, a tuple's elements
  /// (of one type), a plain vector's elements one per row, a matrix's whole as one row.
  static func rows(_ v: Value, _ name: String) throws(ScriptError) -> NestedColumn {
    let rows: NestedColumn
    switch v {
    case .vector(let vec), .pair(let vec):
      if case .nested(let nested) = vec.storage {
        rows = nested
      } else {
        rows = NestedColumn(ends: Array(1..<(vec.count + 1)), values: vec)
      }
    case .tuple(let items):
      guard let first = items.first else { return NestedColumn.empty(.int) }
      // Mixed types would be converted to a common one; DolphinDB's bytes for that are unknown.
      if let other = items.first(where: { $0.type != first.type }) {
        throw ScriptError(RuntimeMessages.gmd5MixedTypes(name, first.type.name, other.type.name))
      }
      guard let nested = NestedColumn.rows(of: v) else {
        throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
      }
      rows = nested
    case .object(let m as Matrix):
      var flat = Vector.empty(m.columns.first?.type ?? .double)
      for c in m.columns { try flat.append(contentsOf: c) }
      rows = NestedColumn(ends: [flat.count], values: flat)
    default:
      guard v.type != .void else { throw ScriptError(RuntimeMessages.gmd5Type(name, "VOID")) }
      guard v.isScalar, let vec = Structural.asVector(v) else {
        throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
      }
      rows = NestedColumn(ends: [vec.count], values: vec)
    }
    guard hashable(rows.values.type) else { throw ScriptError(RuntimeMessages.gmd5Type(name, rows.values.type.name)) }
    return rows
  }

  static let all: [Builtin] = [
    Builtin("gmd5", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      let values: Vector
      if case .vector(let v) = a[0], !v.isArrayVector {
        guard hashable(v.type) else { throw ScriptError(RuntimeMessages.gmd5Type("gmd5", v.type.name)) }
        values = v
      } else {
        values = try rows(a[0], "gmd5").values
      }
      var hasher = Insecure.MD5()
      update(&hasher, values, 0..<values.count)
      return .string(Binary128.format(bits(hasher), as: .int128), .int128)
    },
    Builtin("rowGmd5", args: 1...Int.max, parameterNames: ["args"], arrayAware: true) { a throws(ScriptError) in
      let name = "rowGmd5"
      var columns: [NestedColumn] = []
      for v in a.values {
        if case .object(let o) = v, o is Matrix {
          throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
        }
        guard !v.isScalar else { throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString)) }
        let c = try rows(v, name)
        if let first = columns.first {
          guard c.count == first.count else {
            throw ScriptError(RuntimeMessages.incompatibleSizes(name, first.count, c.count))
          }
          guard c.values.type == first.values.type else {
            throw ScriptError(RuntimeMessages.gmd5MixedTypes(name, first.values.type.name, c.values.type.name))
          }
        }
        columns.append(c)
      }
      let n = columns.first?.count ?? 0
      var out = [UInt128](repeating: 0, count: n)
      for i in 0..<n {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        var hasher = Insecure.MD5()
        for c in columns { update(&hasher, c.values, c.bounds(i)) }
        out[i] = bits(hasher)
      }
      return .vector(Vector(type: .int128, storage: .u128(out)))
    },
  ]
}
