import AuraDiagnostics
@testable import AuraSema
import AuraSyntax
import XCTest

/// Sum types in the checker: declarations, exhaustiveness (with nested patterns), the fixes of
/// E0312 and E0204, and variants across modules.
final class SumTypeCheckerTests: XCTestCase {
    private let shape = "@Shape = Circle { r:f } | Rect { w:f h:f } | Empty\n"

    private func check(_ source: String) -> CheckedProgram { Compiler.check(source: source) }
    private func codes(_ source: String) -> [String] { check(source).diagnostics.map(\.code.rawValue) }

    /// Applies the first fix of the first diagnostic with `code` and returns the new source.
    private func applyingFix(of code: DiagnosticCode, in source: String) throws -> String {
        let program = check(source)
        let diagnostic = try XCTUnwrap(program.diagnostics.first { $0.code == code }, "no \(code) in \(program.diagnostics.map(\.code))")
        let fix = try XCTUnwrap(diagnostic.fixes.first)
        let repaired = try XCTUnwrap(TextEdit.apply(fix.edits, to: Array(source.utf8)))
        return String(decoding: repaired, as: UTF8.self)
    }

    func testDeclarationOverSeveralLinesWithLeadingBars() {
        let program = check("""
        @Event =
            | Click { x:i y:i }
            | Key { code:s }
            | Idle
        main = print!(match Idle { Click { x } => x, Key { code } => len(code), Idle => 0 })
        """)
        XCTAssertEqual(program.diagnostics.map(\.code.rawValue), [])
        XCTAssertEqual(program.types.sums.map(\.name), ["Event"])
        XCTAssertEqual(program.types.sums[0].variants.map { program.types.records[Int($0)].name }, ["Click", "Key", "Idle"])
    }

    func testMissingVariantsAreAnErrorWhoseFixAddsArmsOnTheirOwnLines() throws {
        let source = shape + """
        area(s: Shape): f = match s {
            Circle { r } => r * r
        }
        main = print!(area(Empty))
        """
        let program = check(source)
        let diagnostic = try XCTUnwrap(program.diagnostics.first)
        XCTAssertEqual(diagnostic.code, .nonExhaustiveSumMatch)
        XCTAssertEqual(diagnostic.severity, .error)
        XCTAssertEqual(diagnostic.message, "match on `Shape` does not handle `Rect`, `Empty`")
        XCTAssertEqual(diagnostic.fixes.first?.applicability, .placeholder)
        let fixed = try applyingFix(of: .nonExhaustiveSumMatch, in: source)
        XCTAssertTrue(fixed.contains("""
            Circle { r } => r * r,
            Rect { w, h } => ???,
            Empty => ???
        }
        """), fixed)
        // Filling in the placeholders gives a program that checks.
        let filled = fixed.replacingOccurrences(of: "Rect { w, h } => ???", with: "Rect { w, h } => w * h")
            .replacingOccurrences(of: "Empty => ???", with: "Empty => 0.0")
        XCTAssertEqual(codes(filled), [])
    }

    func testOneLineMatchGetsTheArmsAfterACommaAndNoneIsNamedForAnOptionalSum() throws {
        let source = shape + "name(s: Shape?): s = match s { Empty => \"empty\" }\nmain = print!(name(none))\n"
        let fixed = try applyingFix(of: .nonExhaustiveSumMatch, in: source)
        XCTAssertTrue(fixed.contains("match s { Empty => \"empty\", none => ???, Circle { r } => ???, Rect { w, h } => ??? }"), fixed)
        XCTAssertEqual(check(source).diagnostics.first?.message, "match on `Shape` does not handle `none`, `Circle`, `Rect`")
    }

    func testNestedPatternsCoverAVariantTogether() {
        XCTAssertEqual(codes("""
        @Token = Num { value:i } | Paren { open:b }
        show(t: Token?): s = match t {
            none => "end",
            Num { value } => "n",
            Paren { open: true } => "(",
            Paren { open: false } => ")"
        }
        main = print!(show(none))
        """), [])
        let partial = check("""
        @Token = Num { value:i } | Paren { open:b }
        show(t: Token): s = match t {
            Num { value: 0 } => "zero",
            Paren { open: true } => "("
        }
        main = print!(show(Num { value: 1 }))
        """)
        XCTAssertEqual(partial.diagnostics.map(\.message), ["match on `Token` does not handle `Num` (every value), `Paren` (every value)"])
    }

    func testArmsAlreadyCoveredAreUnreachable() {
        let program = check(shape + """
        f(s: Shape): i = match s {
            Circle { r } => 1,
            Circle { r: 2.0 } => 2,
            Rect { w, h } => 3,
            Empty => 4,
            _ => 5
        }
        main = print!(f(Empty))
        """)
        XCTAssertEqual(program.diagnostics.map(\.code), [.unreachableArm, .unreachableArm])
        XCTAssertEqual(program.diagnostics.map { program.sources[$0.span.file].lineIndex(of: $0.span.start) + 1 }, [4, 7])
    }

    func testVariantUsedAsATypeIsFixedToTheSumType() throws {
        let source = shape + "radius(c: Circle): f = match c { Circle { r } => r, _ => 0.0 }\nmain = print!(radius(Empty))\n"
        XCTAssertEqual(codes(source), ["E0204"])
        let fixed = try applyingFix(of: .unknownType, in: source)
        XCTAssertTrue(fixed.contains("radius(c: Shape)"))
        XCTAssertEqual(codes(fixed), [])
    }

    func testFieldAccessOnASumPointsToMatch() throws {
        let program = check(shape + "radius(s: Shape): f = s.r\nmain = print!(radius(Empty))\n")
        let diagnostic = try XCTUnwrap(program.diagnostics.first)
        XCTAssertEqual(diagnostic.code, .fieldOfSumType)
        XCTAssertEqual(diagnostic.help, ["read it in a `match`: `match s { Circle { r } => r, _ => ... }`"])
    }

    func testAVariantWithFieldsNamedAloneNeedsThem() throws {
        let source = shape + "main = print!(Circle)\n"
        let fixed = try applyingFix(of: .missingField, in: source)
        XCTAssertTrue(fixed.contains("print!(Circle { r: ??? })"), fixed)
        // Variants whose fields are all optional are values on their own.
        XCTAssertEqual(codes("@Note = Text { body:s? } | Blank\nmain = print!([Text, Blank])\n"), [])
    }

    func testAMisspelledVariantSuggestsTheVariant() throws {
        let source = shape + "main = print!(Circel { r: 1.0 })\n"
        let fixed = try applyingFix(of: .unknownType, in: source)
        XCTAssertTrue(fixed.contains("print!(Circle { r: 1.0 })"), fixed)
        XCTAssertEqual(codes(fixed), [])
        // In a pattern, a capitalised name on a sum type is a misspelled variant, not a binding.
        let pattern = shape + "main = print!(match Empty { Emtpy => 1, _ => 2 })\n"
        let repaired = try applyingFix(of: .unknownName, in: pattern)
        XCTAssertTrue(repaired.contains("{ Empty => 1, _ => 2 }"), repaired)
        XCTAssertEqual(codes(repaired), [])
        XCTAssertEqual(codes(shape + "main = print!(match Empty { other => 1 })\n"), [])
    }

    func testVariantsAcrossModules() {
        let loader = MemoryLoader([
            "lib.aura": "@Status = Active | Suspended { reason:s } | Closed\n",
            "main.aura": """
            use lib
            label(s: lib.Status): s = match s {
                lib.Active => "a",
                Suspended { reason } => reason,
                Closed => "c"
            }
            missing(s: lib.Status): s = match s { Closed => "c" }
            main = print!(label(lib.Suspended { reason: "x" }) + missing(lib.Active))
            """,
        ])
        let program = Compiler.check(paths: ["main.aura"], loader: loader)
        XCTAssertEqual(program.diagnostics.map(\.message), ["match on `Status` does not handle `Active`, `Suspended`"])
    }

    func testVariantNamesClashWithOtherTopLevelNames() {
        XCTAssertEqual(codes("@Empty { n:i }\n@Shape = Circle { r:f } | Empty\nmain = print!(Circle { r: 1.0 })\n"), ["E0203"])
        XCTAssertEqual(codes("@A = X | X\nmain = print!(X)\n"), ["E0203"])
    }

    func testAVariantOfAnotherSumCannotMatch() {
        XCTAssertEqual(codes(shape + "@Color = Red | Green\nmain = print!(match Empty { Red => 1, _ => 2 })\n"), ["E0301"])
    }

    func testSumDeclarationSyntaxErrorsAreClear() {
        for source in ["@Shape = | \nmain = print!(1)\n", "@Shape = Circle { r:f } |\nmain = print!(1)\n", "@Shape =\n"] {
            let program = check(source)
            XCTAssertEqual(program.diagnostics.map(\.code), [.unexpectedToken], source)
            XCTAssertTrue(program.diagnostics.first?.message.hasPrefix("expected a variant name, found ") ?? false, source)
        }
    }
}
