@testable import AuraVM
import XCTest

/// LANGUAGE.md §7, numbers, conversions and assertions.
final class MathConversionBuiltinsTests: XCTestCase {
    let vm = TestCaller()

    func testAbsSqrt() throws {
        XCTAssertEqual(try vm.run("abs", .int(-5)), .int(5))
        XCTAssertEqual(try vm.run("abs", .int(3)), .int(3))
        XCTAssertEqual(try vm.run("abs", .float(-2.5)), .float(2.5))
        assertRuntimeError(.integerOverflow) { try self.vm.run("abs", .int(.min)) }
        XCTAssertEqual(try vm.run("sqrt", .float(16)), .float(4))
        XCTAssertEqual(try vm.show("sqrt", .float(2)), "1.4142135623730951")
        XCTAssertEqual(try vm.run("sqrt", .int(9)), .float(3))
        XCTAssertTrue(try vm.run("sqrt", .float(-1)).asFloat().isNaN)
    }

    func testFloorCeilRoundReturnIntegers() throws {
        XCTAssertEqual(try vm.run("floor", .float(3.7)), .int(3))
        XCTAssertEqual(try vm.run("ceil", .float(3.2)), .int(4))
        XCTAssertEqual(try vm.run("round", .float(2.5)), .int(3))
        XCTAssertEqual(try vm.run("round", .float(-2.5)), .int(-3))
        XCTAssertEqual(try vm.run("round", .float(2.4)), .int(2))
        XCTAssertEqual(try vm.run("floor", .float(-1.5)), .int(-2))
        XCTAssertEqual(try vm.run("ceil", .float(-1.5)), .int(-1))
        XCTAssertEqual(try vm.run("round", .int(7)), .int(7))
        assertRuntimeError(.integerOverflow) { try self.vm.run("floor", .float(1e19)) }
        assertRuntimeError(.integerOverflow) { try self.vm.run("round", .float(.nan)) }
        assertRuntimeError(.integerOverflow) { try self.vm.run("ceil", .float(-.infinity)) }
        XCTAssertEqual(try vm.run("floor", .float(-9.223372036854775808e18)), .int(.min))
    }

    func testPow() throws {
        XCTAssertEqual(try vm.run("pow", .int(2), .int(10)), .int(1024))
        XCTAssertEqual(try vm.run("pow", .int(10), .int(0)), .int(1))
        XCTAssertEqual(try vm.run("pow", .int(0), .int(0)), .int(1))
        XCTAssertEqual(try vm.run("pow", .int(-3), .int(3)), .int(-27))
        XCTAssertEqual(try vm.run("pow", .int(2), .int(62)), .int(1 << 62))
        XCTAssertEqual(try vm.run("pow", .int(-2), .int(63)), .int(.min))
        XCTAssertEqual(try vm.run("pow", .int(1), .int(.max)), .int(1))
        assertRuntimeError(.integerOverflow) { try self.vm.run("pow", .int(2), .int(63)) }
        assertRuntimeError(.integerOverflow) { try self.vm.run("pow", .int(10), .int(19)) }
        let message = assertRuntimeError(.integerOverflow) { try self.vm.run("pow", .int(2), .int(-1)) }
        XCTAssertTrue(message.contains("negative exponent"), message)
        XCTAssertEqual(try vm.show("pow", .float(2), .float(0.5)), "1.4142135623730951")
        XCTAssertEqual(try vm.run("pow", .float(1.5), .float(2)), .float(2.25))
    }

    func testToS() throws {
        XCTAssertEqual(try vm.run("to_s", .int(42)), .string("42"))
        XCTAssertEqual(try vm.run("to_s", .float(1)), .string("1.0"))
        XCTAssertEqual(try vm.run("to_s", .bool(true)), .string("true"))
        XCTAssertEqual(try vm.run("to_s", strings("a")), .string(#"["a"]"#))
        XCTAssertEqual(try vm.run("to_s", .string("plain")), .string("plain"))
        XCTAssertEqual(try vm.run("to_s", Value.none), .string("none"))
        let point = RecordValue(layout: RecordLayout(name: "Point", fieldNames: ["x", "y"]), fields: [.int(1), .int(2)])
        XCTAssertEqual(try vm.run("to_s", .record(point)), .string("Point { x: 1, y: 2 }"))
    }

    func testToIOnStringsIsAnOptional() throws {
        XCTAssertEqual(try vm.run("to_i", .string("42")), .int(42))
        XCTAssertEqual(try vm.run("to_i", .string("-7")), .int(-7))
        XCTAssertEqual(try vm.run("to_i", .string("+7")), .int(7))
        XCTAssertEqual(try vm.run("to_i", .string("-9223372036854775808")), .int(.min))
        for bad in ["4x2", "x", "", "-", " 1", "1 ", "1_000", "9223372036854775808", "1.5"] {
            XCTAssertEqual(try vm.run("to_i", .string(bad)), Value.none, bad)
        }
        XCTAssertEqual(try vm.run("to_i", .float(3.9)), .int(3))
        XCTAssertEqual(try vm.run("to_i", .float(-3.9)), .int(-3))
        XCTAssertEqual(try vm.run("to_i", .bool(true)), .int(1))
        XCTAssertEqual(try vm.run("to_i", .int(5)), .int(5))
        assertRuntimeError(.integerOverflow) { try self.vm.run("to_i", .float(.infinity)) }
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_i", Value.none) }
    }

    func testToFAndToB() throws {
        XCTAssertEqual(try vm.run("to_f", .string("2.5")), .float(2.5))
        XCTAssertEqual(try vm.run("to_f", .string("1")), .float(1))
        XCTAssertEqual(try vm.run("to_f", .string("-1e3")), .float(-1000))
        for bad in ["abc", "", "nan", "inf", "0x10", " 1", "1e", "."] {
            XCTAssertEqual(try vm.run("to_f", .string(bad)), Value.none, bad)
        }
        XCTAssertEqual(try vm.run("to_f", .int(3)), .float(3))
        XCTAssertEqual(try vm.run("to_f", .float(0.5)), .float(0.5))
        XCTAssertEqual(try vm.run("to_b", .bool(false)), .bool(false))
        XCTAssertEqual(try vm.run("to_b", .string("true")), .bool(true))
        XCTAssertEqual(try vm.run("to_b", .string("false")), .bool(false))
        XCTAssertEqual(try vm.run("to_b", .string("yes")), Value.none)
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_b", .int(1)) }
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_f", .list([])) }
    }

    /// The strict variants the compiler picks for a `dyn` argument.
    func testDynConversionsRejectTheWrongKind() throws {
        XCTAssertEqual(try vm.run("to_i:dyn", .int(42)), .int(42))
        XCTAssertEqual(try vm.run("to_i:dyn", .float(3.0)), .int(3))
        let message = assertRuntimeError(.wrongDynKind) { try self.vm.run("to_i:dyn", .string("42")) }
        XCTAssertEqual(message, #"to_i: expected an integer, found string "42""#)
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_i:dyn", Value.none) }
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_i:dyn", .bool(true)) }
        XCTAssertEqual(try vm.run("to_f:dyn", .float(9.5)), .float(9.5))
        XCTAssertEqual(try vm.run("to_f:dyn", .int(9)), .float(9))
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_f:dyn", .string("9.5")) }
        XCTAssertEqual(try vm.run("to_b:dyn", .bool(true)), .bool(true))
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_b:dyn", .string("true")) }
        assertRuntimeError(.wrongDynKind) { try self.vm.run("to_b:dyn", .int(1)) }
    }

    func testAssertions() throws {
        XCTAssertEqual(try vm.run("assert", .bool(true)), .unit)
        XCTAssertEqual(try vm.run("assert", .bool(true), .string("never shown")), .unit)
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert", .bool(false)) }, "assertion failed")
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert", .bool(false), .string("n must be positive")) },
                       "assertion failed: n must be positive")
        XCTAssertEqual(try vm.run("assert_eq", ints(1, 2, 3), ints(1, 2, 3)), .unit)
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert_eq", .int(3), .int(4)) },
                       "assert_eq failed: left 3, right 4")
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert_eq", .string("3"), .int(3)) },
                       #"assert_eq failed: left "3", right 3"#)
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert_eq", strings("a"), strings("b")) },
                       #"assert_eq failed: left ["a"], right ["b"]"#)
        XCTAssertEqual(try vm.run("assert_ne", .string("a"), .string("b")), .unit)
        XCTAssertEqual(assertRuntimeError(.assertionFailed) { try self.vm.run("assert_ne", .int(2), .int(2)) },
                       "assert_ne failed: both sides are 2")
    }
}
