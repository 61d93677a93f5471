import AuraDiagnostics
@testable import AuraSyntax
import Foundation
import XCTest

/// Property test: the lexer and parser never crash, and every diagnostic span is inside the file,
/// on random byte strings and on mutations of the fixture corpus.
final class ParserRobustnessTests: XCTestCase {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func assertWellFormed(_ bytes: [UInt8], _ context: String) {
        let file = SourceFile(id: 0, path: "fuzz.aura", bytes: bytes)
        let tree = Parser.parse(file, interner: Interner())
        for diagnostic in tree.diagnostics {
            XCTAssertLessThanOrEqual(Int(diagnostic.span.end), bytes.count, "span outside the file (\(context))")
            XCTAssertLessThanOrEqual(diagnostic.span.start, diagnostic.span.end)
            for fix in diagnostic.fixes { XCTAssertNotNil(TextEdit.apply(fix.edits, to: bytes), "fix edits overlap (\(context))") }
        }
    }

    func testRandomBytesNeverCrashTheParser() {
        var rng = SplitMix(state: 0xA0BA)
        let alphabet = Array("abcxyz_019 \n\t(){}[]\"$#+-*/%=<>!?:.,|@&'\\".utf8)
        for round in 0..<3_000 {
            let length = Int.random(in: 0..<200, using: &rng)
            let bytes: [UInt8] = (0..<length).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            assertWellFormed(bytes, "random round \(round)")
        }
    }

    func testMutatedCorpusFilesNeverCrashTheParser() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let fixtures = root.appendingPathComponent("Fixtures")
        let files = FileManager.default.enumerator(atPath: fixtures.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".aura") }.sorted()
        XCTAssertFalse(files.isEmpty)
        var rng = SplitMix(state: 42)
        let tokens = ["(", ")", "{", "}", "[", "]", "\"", "${", "|", "=>", "=", "!", "_", "\n", "+db", "match", "if", ".."].map { Array($0.utf8) }
        for round in 0..<1_500 {
            var bytes = Array(try Data(contentsOf: fixtures.appendingPathComponent(files[round % files.count])))
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                    bytes.removeSubrange(at..<end)
                }
            }
            assertWellFormed(bytes, "mutation round \(round) of \(files[round % files.count])")
        }
    }
}
