import AuraDiagnostics
@testable import AuraSema
import AuraSyntax
import XCTest

final class CheckerTests: XCTestCase {
    func codes(_ source: String) -> [String] {
        Compiler.check(source: source).diagnostics.map(\.code.rawValue)
    }

    func testGeneralisedTopLevelFunctionsWorkAtSeveralTypes() {
        XCTAssertEqual(codes("""
        id(x) = x
        pair(a, b) = [a, b]
        main = {
            print!(id(1) + 2)
            print!(id("a") + "b")
            print!(len(pair(1.5, 2.5)))
        }
        """), [])
    }

    func testNoImplicitNumericConversion() {
        let program = Compiler.check(source: "x = 1 + 2.0")
        XCTAssertEqual(program.diagnostics.map(\.code), [.typeMismatch])
        XCTAssertEqual(program.diagnostics[0].fixes.first?.message, "convert with `to_f(1)`")
    }

    func testMutualRecursionIsChecked() {
        XCTAssertEqual(codes("""
        even(n: i): b = if n == 0 { true } else { odd(n - 1) }
        odd(n: i): b = if n == 0 { false } else { even(n - 1) }
        main = print!(even(10))
        """), [])
    }

    func testEffectInPureFunctionOffersARenameThatUpdatesCallers() throws {
        let source = """
        log(x: s) = print!(x)
        run!() = log("a")
        main = { log("b")
            run!() }
        """
        let program = Compiler.check(source: source)
        let diagnostic = try XCTUnwrap(program.diagnostics.first { $0.code == .effectInPureContext })
        let fix = try XCTUnwrap(diagnostic.fixes.first)
        XCTAssertEqual(fix.edits.count, 3, "definition + two callers")
        let repaired = TextEdit.apply(fix.edits, to: Array(source.utf8))!
        let after = Compiler.check(paths: ["main.aura"], loader: MemoryLoader(bytes: ["main.aura": repaired]))
        XCTAssertEqual(after.diagnostics.map(\.code), [], String(decoding: repaired, as: UTF8.self))
    }

    func testRenameFixReachesCallersInOtherModules() throws {
        let loader = MemoryLoader([
            "util.aura": "shout(x: s) = print!(upper(x))\n",
            "app.aura": "use util\nmain = util.shout(\"hi\")\n",
        ])
        let program = Compiler.check(paths: ["app.aura"], loader: loader)
        let fix = try XCTUnwrap(program.diagnostics.first { $0.code == .effectInPureContext }?.fixes.first)
        XCTAssertEqual(Set(fix.edits.map { program.sources[$0.span.file].path }), ["util.aura", "app.aura"])
    }

    func testEffectTransparentBuiltins() {
        XCTAssertEqual(codes("show(xs: [i]) = each(xs, print!)"), ["E0401"])
        XCTAssertEqual(codes("main = [1, 2] | each(print!)"), [])
        XCTAssertEqual(codes("double_all(xs: [i]) = xs | map(_ * 2)"), [])
    }

    func testMissingBangHasASafeFix() {
        let program = Compiler.check(source: "main = print(\"x\")")
        XCTAssertEqual(program.diagnostics.map(\.code), [.missingBang])
        XCTAssertEqual(program.diagnostics[0].fixes.first?.applicability, .safe)
    }

    func testCapabilities() throws {
        let missing = Compiler.check(source: "main = db.connect!(\"sqlite::memory:\")")
        XCTAssertEqual(missing.diagnostics.map(\.code), [.missingCapability])
        let fix = try XCTUnwrap(missing.diagnostics[0].fixes.first)
        XCTAssertEqual(fix.edits.first?.replacement, "+db\n")
        XCTAssertEqual(codes("+json\nmain = print!(1)"), ["W0001"])
        XCTAssertEqual(codes("+dbb\nmain = print!(1)"), ["E0502"])
        XCTAssertEqual(codes("+db\nmain = db.qurey!(db.connect!(\"x\"), \"q\", [])"), ["E0503"])
    }

    func testDynNeedsAConversion() {
        XCTAssertEqual(codes("+json\nx: i = json.parse(\"1\")"), ["E0310"])
        XCTAssertEqual(codes("+json\nx: i = to_i(json.parse(\"1\"))"), [])
    }

    func testOptionalsConvertFromValuesButNotBack() {
        XCTAssertEqual(codes("x: i? = 3"), [])
        XCTAssertEqual(codes("x: i = first([1])"), ["E0311"])
        XCTAssertEqual(codes("x: i = first([1]) ?? 0"), [])
    }

    func testUnknownNameSuggestionsAndAmbiguity() {
        let one = Compiler.check(source: "generate_report(x: i) = x\nmain = print!(generate_reprot(1))")
        XCTAssertEqual(one.diagnostics.first?.fixes.first?.edits.first?.replacement, "generate_report")
        let two = Compiler.check(source: "cat = 1\ncar = 2\nx = cax")
        XCTAssertEqual(two.diagnostics.map(\.code), [.unknownName])
        XCTAssertTrue(two.diagnostics[0].fixes.isEmpty, "two equally close candidates: no automatic fix")
    }

    func testRecordsFieldsAndWith() {
        XCTAssertEqual(codes("""
        @User { name:s age:i nick:s? }
        main = {
            u = User { name: "Ana", age: 30 }
            older = u with { age: u.age + 1 }
            print!(older.name)
        }
        """), [])
        XCTAssertEqual(codes("@User { name:s }\nx = User { name: \"a\" }.nmae"), ["E0202"])
        XCTAssertEqual(codes("@User { name:s age:i }\nx = User { name: \"a\" }"), ["E0207"])
    }

    func testImportCycleAndMissingModule() {
        let cycle = Compiler.check(paths: ["a.aura"], loader: MemoryLoader(["a.aura": "use b\nx = 1\n", "b.aura": "use a\ny = 2\n"]))
        // One cycle, one diagnostic (1.1): the other `use` is a secondary label.
        XCTAssertEqual(cycle.diagnostics.map(\.code), [.importCycle])
        XCTAssertEqual(cycle.diagnostics.first?.secondary.count, 1)
        let missing = Compiler.check(paths: ["a.aura"], loader: MemoryLoader(["a.aura": "use nothere\nx = 1\n"]))
        XCTAssertEqual(missing.diagnostics.map(\.code), [.moduleNotFound])
    }

    func testInvalidUTF8AndHugeFilesAreReportedNotCrashed() {
        let invalid = Compiler.check(paths: ["bad.aura"], loader: MemoryLoader(bytes: ["bad.aura": Array("x = \"".utf8) + [0xFF, 0xFE] + Array("\"".utf8)]))
        XCTAssertEqual(invalid.diagnostics.map(\.code), [.invalidUTF8])
        let huge = Compiler.check(paths: ["big.aura"], loader: MemoryLoader(bytes: ["big.aura": [UInt8](repeating: 0x20, count: Compiler.maxFileSize + 1)]))
        XCTAssertEqual(huge.diagnostics.map(\.code), [.fileTooLarge])
    }

    func testFiveMegabyteFileChecks() {
        // Big input must check, not crash or hit a limit (debug builds are slow, so 5 MB here;
        // the CLI is exercised on a 10 MB file by scripts/bench-frontend.sh).
        let count = (5 << 20) / 24
        let source = (0..<count).map { "f\($0)(x: i): i = x * 2 + 1\n" }.joined()
        let program = Compiler.check(source: source)
        XCTAssertEqual(program.errorCount, 0)
        XCTAssertGreaterThan(program.lineCount, 200_000)
    }

    func testAssignmentToImmutableFromAnInnerBlock() {
        XCTAssertEqual(codes("main = {\n count = 0\n for x in [1] { count = count + x }\n}"), ["E0205"])
        XCTAssertEqual(codes("main = {\n var count = 0\n for x in [1] { count = count + x }\n print!(count)\n}"), [])
    }

    func testMatchExhaustiveness() {
        XCTAssertEqual(codes("f(b: b) = match b { true => 1 }"), ["W0002"])
        XCTAssertEqual(codes("f(b: b) = match b { true => 1, false => 0 }"), [])
        XCTAssertEqual(codes("f(x: i?) = match x { none => 0, v => v + 1 }"), [])
        XCTAssertEqual(codes("f(x: i) = match x { _ => 0, 1 => 1 }"), ["W0003"])
    }
}
