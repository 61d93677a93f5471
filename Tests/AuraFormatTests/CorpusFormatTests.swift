import AuraDiagnostics
@testable import AuraFormat
import AuraSyntax
import XCTest

/// Over every AURA program in the repository that parses: formatting is idempotent, keeps the
/// meaning (equal syntax dumps) and keeps every comment.
final class CorpusFormatTests: XCTestCase {
    func testEveryProgramFormatsIdempotentlyKeepingMeaningAndComments() throws {
        let programs = try FormatCorpus.programs()
        XCTAssertGreaterThan(programs.count, 300)
        XCTAssertGreaterThan(programs.filter { $0.name.hasPrefix("docs/") }.count, 20, "the ```aura examples of docs/")
        XCTAssertTrue(programs.contains { $0.name.hasPrefix("scripts/demo.sh") }, "the demo's program")
        XCTAssertTrue(programs.contains { $0.name.hasPrefix("bench/") })
        var formattedCount = 0
        for (name, text) in programs {
            let file = SourceFile(id: 0, path: name, text: text)
            switch AuraFormatter.format(file) {
            case .syntaxErrors:
                continue
            case let .internalError(reason):
                XCTFail("\(name): \(reason)")
            case let .formatted(output):
                formattedCount += 1
                let again = SourceFile(id: 0, path: name, text: output)
                guard case let .formatted(second) = AuraFormatter.format(again) else { XCTFail("\(name): the output does not format"); continue }
                XCTAssertEqual(second, output, "\(name): fmt(fmt(x)) != fmt(x)")
                XCTAssertEqual(Self.dump(file), Self.dump(again), "\(name): the formatted program means something else")
                XCTAssertEqual(AuraFormatter.commentTexts(file), AuraFormatter.commentTexts(again), "\(name): comments changed")
                XCTAssertFalse(output.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(name): trailing blanks")
            }
        }
        XCTAssertGreaterThan(formattedCount, 300, "most of the corpus parses")
    }

    static func dump(_ file: SourceFile) -> String {
        let interner = Interner()
        return SyntaxDump.dump(Parser.parse(file, interner: interner), interner: interner)
    }

    func testSyntaxErrorsAreReportedNotFormatted() {
        let file = SourceFile(id: 0, path: "bad.aura", text: "main = {\n    print!(\"x\"\n")
        guard case let .syntaxErrors(diagnostics) = AuraFormatter.format(file) else { return XCTFail("a broken file must not be formatted") }
        XCTAssertFalse(diagnostics.isEmpty)
    }
}

/// The same properties at narrow widths, where nearly every construct takes its broken form.
final class NarrowWidthFormatTests: XCTestCase {
    func testEveryProgramKeepsItsMeaningWhenEverythingBreaks() throws {
        for width in [20, 50] {
            for (name, text) in try FormatCorpus.programs() {
                let file = SourceFile(id: 0, path: name, text: text)
                switch AuraFormatter.format(file, width: width) {
                case .syntaxErrors:
                    continue
                case let .internalError(reason):
                    XCTFail("\(name) at width \(width): \(reason)")
                case let .formatted(output):
                    let again = AuraFormatter.format(SourceFile(id: 0, path: name, text: output), width: width)
                    guard case let .formatted(second) = again else { XCTFail("\(name) at width \(width): the output does not format"); continue }
                    XCTAssertEqual(second, output, "\(name) at width \(width): fmt(fmt(x)) != fmt(x)")
                }
            }
        }
    }
}
