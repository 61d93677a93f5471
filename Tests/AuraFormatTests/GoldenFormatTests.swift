import AuraDiagnostics
import AuraFormat
import Foundation
import XCTest

/// The style, pinned: each Fixtures/format/NAME.aura formats to NAME.formatted.aura, which is a
/// fixed point. `AURA_UPDATE_SNAPSHOTS=1` rewrites the expected files.
final class GoldenFormatTests: XCTestCase {
    func testGoldenFiles() throws {
        let folder = FormatCorpus.root + "/Fixtures/format"
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".aura") && !$0.hasSuffix(".formatted.aura") }.sorted()
        XCTAssertGreaterThanOrEqual(inputs.count, 8)
        let update = ProcessInfo.processInfo.environment["AURA_UPDATE_SNAPSHOTS"] == "1"
        for input in inputs {
            let text = try String(contentsOfFile: folder + "/" + input, encoding: .utf8)
            guard case let .formatted(output) = AuraFormatter.format(SourceFile(id: 0, path: input, text: text)) else {
                XCTFail("\(input) does not format"); continue
            }
            let expectedPath = folder + "/" + input.dropLast(".aura".count) + ".formatted.aura"
            if update { try output.write(toFile: expectedPath, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
            XCTAssertEqual(output, expected, "\(input): run `AURA_UPDATE_SNAPSHOTS=1 swift test --filter GoldenFormatTests` after a deliberate style change")
            guard case let .formatted(again) = AuraFormatter.format(SourceFile(id: 0, path: input, text: expected)) else {
                XCTFail("\(expectedPath) does not format"); continue
            }
            XCTAssertEqual(again, expected, "\(expectedPath) is not a fixed point")
        }
    }
}
