/// Assertions: `assert assert_eq assert_ne`. A failure is R0007; `aura test` reports it as a
/// failing test (T0001) and shows the message, so messages carry both values in the quoted
/// display form (`"3"` and `3` look different).
enum AssertionBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "assert": assert,
        "assert_eq": assertEq,
        "assert_ne": assertNe,
    ]

    /// `assert(b)` and `assert(b, message)`.
    static func assert(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("assert", 1...2)
        if try args[0].asBool("assert") { return .unit }
        if args.count == 2 {
            throw RuntimeError(.assertionFailed, "assertion failed: \(try args.string(1, "assert"))")
        }
        throw RuntimeError(.assertionFailed, "assertion failed")
    }

    /// Structural equality; the message reads `assert_eq failed: left 3, right 4`.
    static func assertEq(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("assert_eq", 2...2)
        if args[0] == args[1] { return .unit }
        throw RuntimeError(.assertionFailed, "assert_eq failed: left \(args[0].debugDisplay), right \(args[1].debugDisplay)")
    }

    static func assertNe(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("assert_ne", 2...2)
        if args[0] != args[1] { return .unit }
        throw RuntimeError(.assertionFailed, "assert_ne failed: both sides are \(args[0].debugDisplay)")
    }
}
