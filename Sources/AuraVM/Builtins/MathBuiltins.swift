#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C `pow` (the static `MathBuiltins.pow` shadows the global name inside the enum).
@inline(__always) private func floatPower(_ base: Double, _ exponent: Double) -> Double {
    #if canImport(Glibc)
    Glibc.pow(base, exponent)
    #else
    Darwin.pow(base, exponent)
    #endif
}

/// Numeric builtins: `abs sqrt floor ceil round pow sum min max`. Integer results that do not
/// fit in 64 bits are R0002, never wrap-around (LANGUAGE.md §3).
enum MathBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "abs": abs,
        "sqrt": sqrt,
        "floor": floor,
        "ceil": ceil,
        "round": round,
        "pow": pow,
        "sum": sum,
        "min": min,
        "max": max,
    ]

    static func abs(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("abs", 1...1)
        switch args[0] {
        case let .int(i):
            guard i != .min else { throw overflow("abs(\(i)) does not fit in 64 bits") }
            return .int(i < 0 ? -i : i)
        case let .float(f): return .float(Swift.abs(f))
        case let other: throw RuntimeError.wrongKind("abs", other)
        }
    }

    /// Always a float; a negative argument gives `nan`, as in IEEE arithmetic.
    static func sqrt(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("sqrt", 1...1)
        switch args[0] {
        case let .int(i): return .float(Double(i).squareRoot())
        case let .float(f): return .float(f.squareRoot())
        case let other: throw RuntimeError.wrongKind("sqrt", other)
        }
    }

    static func floor(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try rounded(&args, "floor", .down)
    }

    static func ceil(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try rounded(&args, "ceil", .up)
    }

    /// Halves round away from zero: `round(2.5)` is 3, `round(-2.5)` is -3.
    static func round(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try rounded(&args, "round", .toNearestOrAwayFromZero)
    }

    /// Floats become integers; `nan`, infinities and values beyond 64 bits are R0002.
    private static func rounded(_ args: inout Arguments, _ builtin: StaticString, _ rule: FloatingPointRoundingRule) throws -> Value {
        try args.expect(builtin, 1...1)
        switch args[0] {
        case .int: return args[0]
        case let .float(f):
            guard let result = Int64(exactly: f.rounded(rule)) else {
                throw overflow("\(builtin)(\(Value.formatFloat(f))) does not fit in an integer")
            }
            return .int(result)
        case let other: throw RuntimeError.wrongKind(builtin, other)
        }
    }

    /// `(i, i) -> i` exactly (a negative exponent is an error: the result would not be an
    /// integer), `(f, f) -> f` as C `pow`.
    static func pow(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("pow", 2...2)
        switch (args[0], args[1]) {
        case let (.int(base), .int(exponent)):
            guard exponent >= 0 else {
                throw RuntimeError(.integerOverflow, "pow(\(base), \(exponent)): negative exponent (an integer power must have an exponent >= 0; use floats)")
            }
            return .int(try integerPower(base, exponent))
        case let (.float(base), .float(exponent)):
            return .float(floatPower(base, exponent))
        default:
            throw RuntimeError(.wrongDynKind, "pow cannot take a \(args[0].kindName) and a \(args[1].kindName)")
        }
    }

    /// Exponentiation by squaring with overflow checks on every multiplication that is used.
    static func integerPower(_ base: Int64, _ exponent: Int64) throws -> Int64 {
        var result: Int64 = 1, factor = base, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                let (product, overflowed) = result.multipliedReportingOverflow(by: factor)
                if overflowed { throw overflow("pow(\(base), \(exponent)) does not fit in 64 bits") }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                let (square, overflowed) = factor.multipliedReportingOverflow(by: factor)
                if overflowed { throw overflow("pow(\(base), \(exponent)) does not fit in 64 bits") }
                factor = square
            }
        }
        return result
    }

    /// Integers (with overflow checks) or floats; the sum of an empty list is the integer 0.
    static func sum(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("sum", 1...1)
        let items = try args.list(0, "sum")
        guard let first = items.first else { return .int(0) }
        switch first {
        case .int:
            var total: Int64 = 0
            for item in items {
                guard case let .int(i) = item else { throw RuntimeError.wrongKind("sum", item) }
                let (next, overflowed) = total.addingReportingOverflow(i)
                if overflowed { throw overflow("sum does not fit in 64 bits") }
                total = next
            }
            return .int(total)
        case .float:
            var total = 0.0
            for item in items {
                guard case let .float(f) = item else { throw RuntimeError.wrongKind("sum", item) }
                total += f
            }
            return .float(total)
        default: throw RuntimeError.wrongKind("sum", first)
        }
    }

    /// `min(xs)` is an optional (`none` for an empty list); `min(a, b)` returns the smaller
    /// (the first when they are equal).
    static func min(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try extremum(&args, "min", keepFirstWhen: { $0 <= 0 })
    }

    /// `max(xs)` is an optional; `max(a, b)` returns the larger (the first when equal).
    static func max(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try extremum(&args, "max", keepFirstWhen: { $0 >= 0 })
    }

    private static func extremum(_ args: inout Arguments, _ builtin: StaticString, keepFirstWhen keep: (Int) -> Bool) throws -> Value {
        try args.expect(builtin, 1...2)
        if args.count == 2 {
            return keep(try Value.order(args[0], args[1], builtin)) ? args[0] : args[1]
        }
        let items = try args.list(0, builtin)
        guard var best = items.first else { return .none }
        for item in items.dropFirst() where !keep(try Value.order(best, item, builtin)) {
            best = item
        }
        return best
    }

    static func overflow(_ message: String) -> RuntimeError {
        RuntimeError(.integerOverflow, "integer overflow: \(message)")
    }
}
