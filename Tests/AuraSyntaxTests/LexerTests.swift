import AuraDiagnostics
@testable import AuraSyntax
import XCTest

final class LexerTests: XCTestCase {
    func kinds(_ source: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: source)).tokens.map(\.kind)
    }

    func testBangIsPartOfTheNameButNotOfNotEqual() {
        XCTAssertEqual(kinds("print!(x)"), [.identifier, .lParen, .identifier, .rParen, .newline, .eof])
        XCTAssertEqual(kinds("a != b"), [.identifier, .notEqual, .identifier, .newline, .eof])
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "db.query!(c)"))
        XCTAssertEqual(stream.tokens[2].end - stream.tokens[2].start, 6) // `query!`
    }

    func testNewlinesEndStatementsOnlyWhereAnExpressionCanEnd() {
        XCTAssertEqual(kinds("x = 1 +\n 2"), [.identifier, .assign, .int, .plus, .int, .newline, .eof])
        XCTAssertEqual(kinds("f(1,\n2)"), [.identifier, .lParen, .int, .comma, .int, .rParen, .newline, .eof])
        XCTAssertEqual(kinds("a\nb"), [.identifier, .newline, .identifier, .newline, .eof])
    }

    func testPipelineContinuesOnTheNextLine() {
        XCTAssertEqual(kinds("xs\n  | map(f)\n  .size"),
                       [.identifier, .pipe, .identifier, .lParen, .identifier, .rParen, .dot, .identifier, .newline, .eof])
    }

    func testBlocksInsideParenthesesHaveStatements() {
        XCTAssertEqual(kinds("f(x => {\na\nb\n})"),
                       [.identifier, .lParen, .identifier, .fatArrow, .lBrace, .identifier, .newline, .identifier, .newline, .rBrace, .rParen, .newline, .eof])
    }

    func testNumbers() {
        XCTAssertEqual(kinds("42 1_000_000 0xFF 3.14 2.0e-3 1..5"), [.int, .int, .int, .float, .float, .int, .dotDot, .int, .newline, .eof])
        let bad = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "x = 99999999999999999999"))
        XCTAssertEqual(bad.diagnostics.map(\.code), [.invalidNumber])
        XCTAssertEqual(Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "12abc")).diagnostics.map(\.code), [.invalidNumber])
    }

    func testInterpolationSplitsTheString() {
        XCTAssertEqual(kinds(#""a ${x} b ${f("y")} c""#),
                       [.stringStart, .identifier, .stringMiddle, .identifier, .lParen, .string, .rParen, .stringEnd, .newline, .eof])
    }

    func testEscapes() {
        let file = SourceFile(id: 0, path: "t.aura", text: #""a\n\t\"\$\\ \u{1F600}""#)
        let stream = Lexer.tokenize(file)
        XCTAssertTrue(stream.diagnostics.isEmpty)
        XCTAssertEqual(StringDecoding.decode(file.bytes, from: 1, to: file.bytes.count - 1), "a\n\t\"$\\ 😀")
        XCTAssertEqual(Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: #""\q""#)).diagnostics.map(\.code), [.invalidEscape])
    }

    func testUnterminatedStringPointsAtTheOpeningQuote() {
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "x = \"abc\ny = 2"))
        XCTAssertEqual(stream.diagnostics.map(\.code), [.unterminatedString])
        XCTAssertEqual(stream.diagnostics[0].span.start, 4)
    }

    func testUnclosedParenIsRepairedAtTheEndOfItsLine() throws {
        let source = "main = {\n    print!(\"hello\"\n    x = 1\n}\n"
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: source))
        XCTAssertEqual(stream.diagnostics.map(\.code), [.unclosedDelimiter])
        let diagnostic = stream.diagnostics[0]
        XCTAssertEqual(diagnostic.span.start, 19) // the `(`
        let fix = try XCTUnwrap(diagnostic.fixes.first)
        XCTAssertEqual(fix.applicability, .safe)
        let repaired = String(decoding: TextEdit.apply(fix.edits, to: Array(source.utf8))!, as: UTF8.self)
        XCTAssertEqual(repaired, "main = {\n    print!(\"hello\")\n    x = 1\n}\n")
    }

    func testUnclosedBraceAtEndOfFile() throws {
        let source = "main = {\n    x = 1\n    print!(x)\n"
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: source))
        XCTAssertEqual(stream.diagnostics.map(\.code), [.unclosedDelimiter])
        let fix = try XCTUnwrap(stream.diagnostics[0].fixes.first)
        let repaired = String(decoding: TextEdit.apply(fix.edits, to: Array(source.utf8))!, as: UTF8.self)
        XCTAssertEqual(repaired, "main = {\n    x = 1\n    print!(x)\n}\n")
    }

    func testMismatchedCloserIsReadAsTheExpectedOne() {
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "f(a, b]"))
        XCTAssertEqual(stream.diagnostics.map(\.code), [.mismatchedDelimiter])
        XCTAssertEqual(stream.tokens.map(\.kind), [.identifier, .lParen, .identifier, .comma, .identifier, .rParen, .newline, .eof])
    }

    func testStrayCloserIsDropped() {
        let stream = Lexer.tokenize(SourceFile(id: 0, path: "t.aura", text: "x = 1)"))
        XCTAssertEqual(stream.diagnostics.map(\.code), [.mismatchedDelimiter])
        XCTAssertFalse(stream.tokens.contains { $0.kind == .rParen })
    }
}
