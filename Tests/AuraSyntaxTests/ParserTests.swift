import AuraDiagnostics
@testable import AuraSyntax
import XCTest

final class ParserTests: XCTestCase {
    func parse(_ source: String) -> (SyntaxTree, Interner) {
        let interner = Interner()
        return (Parser.parse(SourceFile(id: 0, path: "t.aura", text: source), interner: interner), interner)
    }

    func testFileStructure() {
        let (tree, interner) = parse("""
        +db +json
        use util
        use lib/text
        @User { id:i @pk  name:s, nick:s? }
        add(a:i, b:i): i = a + b
        greet!(name:s) = print!("hello ${name}")
        limit = 10
        main = { greet!("x") }
        test "adds" { assert_eq(add(1, 2), 3) }
        """)
        XCTAssertTrue(tree.diagnostics.isEmpty, "\(tree.diagnostics)")
        XCTAssertEqual(tree.capabilities.map(\.name), ["db", "json"])
        XCTAssertEqual(tree.uses.map(\.path), ["util", "lib/text"])
        XCTAssertEqual(interner.name(tree.uses[1].alias), "text")
        XCTAssertEqual(tree.records.first?.fields.map { interner.name($0.name) }, ["id", "name", "nick"])
        XCTAssertEqual(tree.records.first?.fields.first?.attributes, ["pk"])
        XCTAssertEqual(tree.functions.map { interner.name($0.name) }, ["add", "greet!"])
        XCTAssertEqual(tree.functions.map(\.isEffectful), [false, true])
        XCTAssertEqual(tree.constants.count, 2)
        XCTAssertEqual(tree.tests.map(\.title), ["adds"])
    }

    func testPrecedence() {
        let (tree, _) = parse("x = 1 + 2 * 3 == 7 and not false or a ?? b")
        guard case let .binary(op, _, _) = tree.expr(tree.constants[0].value) else { return XCTFail() }
        XCTAssertEqual(op, .coalesce) // `??` binds loosest of the binary operators
    }

    func testPipeDesugarsToACallWithThePipedValueFirst() {
        let (tree, interner) = parse("x = users | filter(_.active) | map(_.name)")
        guard case let .call(callee, args, piped) = tree.expr(tree.constants[0].value) else { return XCTFail() }
        XCTAssertTrue(piped)
        guard case let .name(name) = tree.expr(callee) else { return XCTFail() }
        XCTAssertEqual(interner.name(name), "map")
        XCTAssertEqual(args.count, 2)
        let lambda = tree.children(args)[Int(args.start) + 1]
        guard case .lambda = tree.expr(lambda) else { return XCTFail("placeholder argument should become a lambda") }
    }

    func testPlaceholderOutsideACallIsAnError() {
        XCTAssertEqual(parse("x = _ + 1").0.diagnostics.map(\.code), [.misplacedPlaceholder])
    }

    func testMapBlockAndEmptyMap() {
        let (tree, _) = parse("a = {\"k\": 1, \"j\": 2}\nb = { x = 1\n x }\nc = {:}")
        XCTAssertTrue(tree.diagnostics.isEmpty)
        guard case .map = tree.expr(tree.constants[0].value), case .block = tree.expr(tree.constants[1].value),
              case let .map(empty) = tree.expr(tree.constants[2].value) else { return XCTFail() }
        XCTAssertEqual(empty.count, 0)
    }

    func testRecordLiteralIsNotParsedInAnIfHead() {
        let (tree, _) = parse("main = {\n if ready { print!(1) }\n if (p == Point { x: 0 }) { print!(2) }\n}")
        XCTAssertTrue(tree.diagnostics.isEmpty, "\(tree.diagnostics)")
    }

    func testSeveralSyntaxErrorsAreEachReported() {
        let (tree, _) = parse("""
        a(x) = x +
        b = (1 2)
        c = [1, 2
        d = 4 4
        ok = 1
        """)
        XCTAssertGreaterThanOrEqual(tree.diagnostics.count, 3)
        let lines = Set(tree.diagnostics.map { tree.file.location(of: $0.span.start).line })
        XCTAssertGreaterThanOrEqual(lines.count, 3, "errors on distinct lines, not one cascade: \(tree.diagnostics.map(\.message))")
    }

    func testMatchPatterns() {
        let (tree, _) = parse("""
        f(u) = match u {
            User { name: "Ana", age } => age,
            none => 0,
            -1 => 1,
            n => n,
            _ => 2
        }
        """)
        XCTAssertTrue(tree.diagnostics.isEmpty, "\(tree.diagnostics)")
        XCTAssertEqual(tree.patterns.count, 6) // record pattern + its "Ana" sub-pattern, none, -1, n, _
    }

    func testDeepNestingIsReportedNotACrash() {
        let source = "x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let (tree, _) = parse(source)
        XCTAssertEqual(tree.diagnostics.map(\.code), [.nestingTooDeep])
    }

    func testLongOperatorChainsAreBounded() {
        let source = "x = " + Array(repeating: "1", count: 5_000).joined(separator: " + ")
        let (tree, _) = parse(source)
        XCTAssertEqual(tree.diagnostics.map(\.code), [.nestingTooDeep])
        let fine = parse("x = " + Array(repeating: "1", count: 500).joined(separator: " + ")).0
        XCTAssertTrue(fine.diagnostics.isEmpty)
    }

    func testHeaderAfterDeclarationsHasAFix() {
        let (tree, _) = parse("x = 1\n+db\n")
        XCTAssertEqual(tree.diagnostics.map(\.code), [.misplacedHeader])
        XCTAssertEqual(tree.diagnostics[0].fixes.first?.applicability, .safe)
    }
}
