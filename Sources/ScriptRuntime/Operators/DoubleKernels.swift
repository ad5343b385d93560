/// Hand-written DOUBLE loops for the four arithmetic operators: one switch per call, not per
/// element, so the loops vectorise. NaN (null) propagates by itself.
enum DoubleKernels {
  static func apply(_ op: ArithmeticOperator, _ xs: [Double], _ y: Double) -> [Double] {
    Array(unsafeUninitializedCapacity: xs.count) { out, n in
      xs.withUnsafeBufferPointer { x in
        switch op {
        case .add: for i in 0..<x.count { out[i] = x[i] + y }
        case .sub: for i in 0..<x.count { out[i] = x[i] - y }
        case .mul: for i in 0..<x.count { out[i] = x[i] * y }
        case .div, .ratio:
          if y == 0 {
            for i in 0..<x.count { out[i] = .nan }
          } else {
            for i in 0..<x.count { out[i] = x[i] / y }
          }
        case .mod: for i in 0..<x.count { out[i] = Arithmetic.doubleOp(.mod, x[i], y) }
        }
      }
      n = xs.count
    }
  }

  static func apply(_ op: ArithmeticOperator, _ x: Double, _ ys: [Double]) -> [Double] {
    Array(unsafeUninitializedCapacity: ys.count) { out, n in
      ys.withUnsafeBufferPointer { y in
        switch op {
        case .add: for i in 0..<y.count { out[i] = x + y[i] }
        case .sub: for i in 0..<y.count { out[i] = x - y[i] }
        case .mul: for i in 0..<y.count { out[i] = x * y[i] }
        default: for i in 0..<y.count { out[i] = Arithmetic.doubleOp(op, x, y[i]) }
        }
      }
      n = ys.count
    }
  }

  static func apply(_ op: ArithmeticOperator, _ xs: [Double], _ ys: [Double]) -> [Double] {
    Array(unsafeUninitializedCapacity: xs.count) { out, n in
      xs.withUnsafeBufferPointer { x in
        ys.withUnsafeBufferPointer { y in
          switch op {
          case .add: for i in 0..<x.count { out[i] = x[i] + y[i] }
          case .sub: for i in 0..<x.count { out[i] = x[i] - y[i] }
          case .mul: for i in 0..<x.count { out[i] = x[i] * y[i] }
          default: for i in 0..<x.count { out[i] = Arithmetic.doubleOp(op, x[i], y[i]) }
          }
        }
      }
      n = xs.count
    }
  }
}
