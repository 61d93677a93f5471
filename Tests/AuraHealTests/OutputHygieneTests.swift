import AuraDiagnostics
import AuraGit
import AuraHistory
@testable import AuraHeal
@testable import AuraRepair
import XCTest

/// A provider that answers every failing test with a fixed explanation and edit text.
struct TalkativeProvider: HealProvider {
    let name = "talkative"
    let explanation: String
    let replacement: String

    func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        request.problems.compactMap { problem in
            guard case .test = problem.id, let bytes = request.files[problem.path],
                  let range = String(decoding: bytes, as: UTF8.self).range(of: "a - b") else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            return HealCandidate(problem: problem, rule: "talkative/patch", provider: name,
                                 edits: [FileEdit(path: problem.path, start: start, end: start + 5, replacement: replacement)],
                                 explanation: explanation, confidence: 0.9, risk: .medium)
        }
    }
}

/// Model text and program output never reach a terminal, the ledger or a prompt raw, and a
/// configured key never appears anywhere — not even in part.
final class OutputHygieneTests: XCTestCase {
    static let key = "sk-ant-TESTKEY-0123456789abcdefghijklmnop"

    func heal(_ provider: HealProvider, source: String = PatchSafetyTests.source) async throws -> (HealReport, TemporaryRepository) {
        let repo = try TemporaryRepository(files: ["calc.aura": source])
        let report = try await Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous)),
                                      providers: [provider], options: HealOptions(assumeYes: true, secrets: [Self.key])).heal()
        return (report, repo)
    }

    func testEscapeSequencesInAModelsExplanationAreNeutralised() async throws {
        let (report, _) = try await heal(TalkativeProvider(explanation: "fixed\u{1B}[2J\u{1B}[H\u{07}all tests pass\r", replacement: "a + b"))
        let item = try XCTUnwrap(report.items.first { $0.rule == "talkative/patch" })
        let explanation = try XCTUnwrap(item.explanation)
        XCTAssertFalse(explanation.unicodeScalars.contains { UntrustedText.isDangerous($0) }, explanation)
        XCTAssertTrue(explanation.contains("\\u{1B}[2J"), explanation)
    }

    func testAKeyEchoedWholeOrInPartIsMasked() async throws {
        let half = String(Self.key.dropFirst(10).prefix(14))
        let (report, _) = try await heal(TalkativeProvider(explanation: "your key \(Self.key) and again \(half)…", replacement: "a + b"))
        let explanation = try XCTUnwrap(report.items.first { $0.rule == "talkative/patch" }?.explanation)
        XCTAssertFalse(explanation.contains(half), explanation)
        XCTAssertFalse(explanation.contains("TESTKEY"), explanation)
        XCTAssertTrue(explanation.contains(SecretScrubber.mask), explanation)
    }

    func testAPatchCarryingTheKeyIsRejectedAndNothingIsWritten() async throws {
        let (report, repo) = try await heal(TalkativeProvider(explanation: "", replacement: "a + b # \(Self.key.prefix(12))"))
        XCTAssertNil(report.healID)
        XCTAssertEqual(try repo.read("calc.aura"), PatchSafetyTests.source)
        let item = try XCTUnwrap(report.items.first { $0.rule == "talkative/patch" })
        guard case let .rejected(reason) = item.outcome else { return XCTFail("\(item.outcome)") }
        XCTAssertTrue(reason.contains("API key"), reason)
        XCTAssertFalse(item.diff.contains { $0.added.contains(Self.key.prefix(12)) }, "the plan shows no part of the key")
    }

    /// A test whose assertion message is megabytes of output with terminal controls: the plan
    /// item (terminal, ledger, prompt) gets a capped, escaped message.
    func testRuntimeMessagesAreCappedAndEscaped() async throws {
        let source = """
            noise(n: i): s = repeat("\\u{1b}[31mx", n)

            test "loud" {
                assert_eq(noise(200000), "")
            }

            """
        let repo = try TemporaryRepository(files: ["loud.aura": source])
        let report = try await Healer(store: try repo.store(), settings: HealSettings()).heal(dryRun: true)
        let item = try XCTUnwrap(report.items.first)
        XCTAssertLessThan(item.message.utf8.count, 2 * Verification.messageLimit, "\(item.message.utf8.count) bytes")
        XCTAssertFalse(item.message.unicodeScalars.contains { UntrustedText.isDangerous($0) })
        XCTAssertTrue(item.message.contains("more bytes)"), item.message)
    }

    func testScrubberMasksRunsAndLeavesOtherTextAlone() {
        let scrub = SecretScrubber(secrets: [Self.key, "short"])
        XCTAssertEqual(scrub("no secret here, short is short"), "no secret here, short is short")
        XCTAssertEqual(scrub("k=\(Self.key)!"), "k=\(SecretScrubber.mask)!")
        XCTAssertEqual(scrub("tail " + Self.key.suffix(9)), "tail " + SecretScrubber.mask)
        XCTAssertFalse(scrub.containsSecret(String(Self.key.prefix(7))), "7 bytes are not enough to tell")
        XCTAssertTrue(scrub.containsSecret(String(Self.key.dropFirst(5).prefix(8))))
    }
}
