import AuraSema
@testable import AuraVM
import XCTest

/// The dispatch loop's short paths (bottom-tested loops, immediate `*` and `%`, in-place reads
/// of a register's collection, inline `push` and `len`, a `ret` of the moved value) give the
/// same results and errors as the general forms, at the boundaries where they differ.
final class DispatchLoopTests: XCTestCase {
    private func opcodes(_ source: String, function: String = "main") -> [Opcode] {
        let compiled = BytecodeCompiler.compile(Compiler.check(source: source))
        return compiled.functions.first { $0.name == function }.map { $0.code.map(\.op) } ?? []
    }

    // MARK: Register payloads

    func testPayloadViewsReadTheValueInTheRegister() {
        // The views assume every payload starts at offset 0 of a `Value`.
        let register = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        defer { register.deinitialize(count: 1); register.deallocate() }
        let map = MapValue([(.string("k"), .int(7)), (.int(3), .string("three"))])
        register.initialize(to: .map(map))
        XCTAssertEqual(register.mapPayload.pointee.storageIdentity, map.storageIdentity)
        XCTAssertEqual(register.mapPayload.pointee[.string("k")], .int(7))
        XCTAssertEqual(register.mapPayload.pointee[.int(3)], .string("three"))
        register.pointee = .list([.int(1), .string("two")])
        XCTAssertEqual(register.listPayload.pointee, [.int(1), .string("two")])
        let long = String(repeating: "é", count: 40)
        for text in ["", "short", long] {
            register.pointee = .string(text)
            XCTAssertEqual(register.stringPayload.pointee, text)
        }
        let layout = RecordLayout(name: "P", fieldNames: ["x"])
        let record = RecordValue(layout: layout, fields: [.int(5)])
        register.pointee = .record(record)
        XCTAssertTrue(register.recordPayload.takeUnretainedValue() === record)
    }

    func testAssignReleasesTheOldValueOnlyWhenItHoldsOne() {
        let register = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        defer { register.deinitialize(count: 1); register.deallocate() }
        register.initialize(to: .int(1))
        XCTAssertFalse(register.holdsReference)
        final class Probe: NativeObject, @unchecked Sendable {}
        weak var probe: Probe?
        do {
            let object = Probe()
            probe = object
            register.assign(.object(object))
        }
        XCTAssertTrue(register.holdsReference)
        XCTAssertNotNil(probe, "the register keeps the object alive")
        register.assign(.int(2))
        XCTAssertNil(probe, "overwriting the register released the object")
        XCTAssertEqual(register.pointee, .int(2))
    }

    // MARK: Loops

    func testCountedLoopsTestAtTheBottomAndUseTheCounterAsTheVariable() {
        let source = """
        main = {
            var total = 0
            for i in 0..10 { total = total + i }
            print!(total)
        }
        """
        let ops = opcodes(source)
        XCTAssertEqual(ops.filter { $0 == .forLoopInt }.count, 1, "\(ops)")
        XCTAssertFalse(ops.contains(.jump), "\(ops)")
        XCTAssertFalse(ops.contains(.move) && ops.firstIndex(of: .move)! < ops.firstIndex(of: .forLoopInt)!, "\(ops)")
        XCTAssertEqual(runProgram(source).output, "45\n")
    }

    func testCountedLoopsAtTheirBoundaries() {
        let (output, error) = runProgram("""
        main = {
            for i in 3..3 { print!("never") }
            for i in 5..2 { print!("never") }
            for i in -2..1 { print!(i) }
            big = 9223372036854775806
            for i in big..9223372036854775807 { print!(i) }
            var n = 0
            for i in 0..3 { for j in i..3 { n = n + 1 } }
            print!(n)
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "-2\n-1\n0\n9223372036854775806\n6\n")
    }

    func testALoopVariableCapturedByALambdaKeepsItsIterationsValue() {
        let (output, error) = runProgram("""
        main = {
            var fs = []
            for i in 0..3 { fs = push(fs, () => i * 10) }
            for f in fs { print!(f()) }
            var seen = []
            for w in ["a", "b"] { seen = push(seen, () => w) }
            print!(seen | map(f => f()) | join(","))
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "0\n10\n20\na,b\n")
    }

    func testListLoopsVisitEveryItemOnceIncludingNone() {
        let source = """
        main = {
            for x in [] { print!("never") }
            for x in [1, 2, 3] { print!(x) }
            m = {"a": 1, "b": 2}
            for k in m { print!(k) }
            print!([1, 2, 3, 4, 5, 6] | filter(_ % 2 == 0) | map(_ * 10) | sum)
            print!([1, 2, 3, 4, 5, 6] | filter(_ > 9) | map(_ * 10))
        }
        """
        XCTAssertTrue(opcodes(source).contains(.iterLoop))
        let (output, error) = runProgram(source)
        XCTAssertNil(error)
        XCTAssertEqual(output, "1\n2\n3\na\nb\n120\n[]\n")
    }

    // MARK: Immediates

    func testMultiplyAndRemainderByALiteralKeepTheirErrors() {
        let source = """
        main = {
            x = 9223372036854775807
            print!(7 % 3)
            print!(-7 % 3)
            print!(-3 * 4)
            print!(x * 2)
        }
        """
        let ops = opcodes(source)
        XCTAssertTrue(ops.contains(.mulIntConst) && ops.contains(.remIntConst), "\(ops)")
        let (output, error) = runProgram(source)
        XCTAssertEqual(output, "1\n-1\n-12\n")
        XCTAssertEqual(error?.message, "integer overflow: 9223372036854775807 * 2 does not fit in 64 bits")
    }

    func testRemainderByALiteralZeroIsStillADivisionByZero() {
        let source = "main = { n = 5\n print!(n % 0) }"
        XCTAssertFalse(opcodes(source).contains(.remIntConst))
        XCTAssertEqual(runProgram(source).error?.code, .divisionByZero)
    }

    func testABranchThatReturnsAParameterReturnsItDirectly() {
        let source = """
        fib(n: i): i = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
        main = print!(fib(20))
        """
        let ops = opcodes(source, function: "fib")
        XCTAssertFalse(ops.contains(.move), "\(ops)")
        XCTAssertEqual(runProgram(source).output, "6765\n")
    }

    // MARK: Inline builtins

    func testInlineLenAndPushAgreeWithTheBuiltins() {
        let (output, error) = runProgram("""
        main = {
            print!(len("héllo"))
            print!(len(""))
            print!(len([1, 2]))
            print!(len({"a": 1}))
            var xs = []
            for i in 0..5 { xs = push(xs, i) }
            ys = xs
            zs = push(xs, 99)
            print!(ys)
            print!(zs)
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "5\n0\n2\n1\n[0, 1, 2, 3, 4]\n[0, 1, 2, 3, 4, 99]\n")
    }

    func testInlinePushStopsAtTheMemoryBudget() {
        var limits = Limits.verification
        limits.maxMemoryBytes = (MemoryBudget.residentBytes() ?? 0) + (64 << 20)
        let (_, error) = runProgram("""
        main = {
            var xs = []
            for i in 0..10000000 { xs = push(xs, i) }
            print!(len(xs))
        }
        """, limits: limits)
        XCTAssertEqual(error?.code, .memoryLimit)
    }

    func testIndexingReadsInPlaceAndKeepsItsErrors() {
        let (output, error) = runProgram("""
        main = {
            m = {"a": 1, "b": 2}
            xs = [10, 20, 30]
            print!(m["b"])
            print!(xs[2])
            print!("héllo"[1])
            print!(xs[3])
        }
        """)
        XCTAssertEqual(output, "2\n30\né\n")
        XCTAssertEqual(error?.code, .indexOutOfRange)
        XCTAssertEqual(runProgram("main = { m = {\"a\": 1}\n print!(m[\"z\"]) }").error?.code, .missingKey)
    }

    // MARK: join and split

    func testJoinAndSplitOnMultiByteText() {
        let (output, error) = runProgram("""
        main = {
            parts = split("α→β→→γ", "→")
            print!(parts)
            print!(join(parts, "··"))
            print!(join([], ","))
            print!(join(["solo"], ","))
            print!(len(join(split("a b c", " "), "")))
        }
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "[\"α\", \"β\", \"\", \"γ\"]\nα··β····γ\n\nsolo\n3\n")
    }
}
