import AuraHeal
import AuraProviders
import AuraTestSupport
import Foundation
import XCTest

/// A fake API key: long and distinctive, so the hygiene tests can grep for it.
let testKey = "sk-ant-test-KEY-7f3a9c1e5b2d4f60a8e1"

/// A project with a semantic bug no rule can fix: `add` subtracts, and its test fails.
let calcSource = """
    add(a:i, b:i): i = a - b

    double(x:i): i = x * 2

    test "add adds" {
        assert_eq(add(1, 2), 3)
    }

    """

/// The mock's scripted answer that fixes `calcSource`.
nonisolated(unsafe) let calcFix: [String: Any] = [
    "action": "patch", "explanation": "add must add, not subtract", "confidence": 0.9,
    "edits": [["file": "src/calc.aura", "line": 1, "old_text": "a - b", "new_text": "a + b"]],
]

/// Records the waits a provider asks for, without waiting (retry tests stay fast).
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var waits: [Double] { lock.lock(); defer { lock.unlock() }; return recorded }
    private func record(_ seconds: Double) {
        lock.lock()
        recorded.append(seconds)
        lock.unlock()
    }
    var sleep: @Sendable (Double) async throws -> Void {
        { seconds in self.record(seconds) }
    }
}

/// The provider-facing request for a project held in memory, as the healer builds it.
func healRequest(_ files: [String: String]) -> HealRequest {
    let bytes = files.mapValues { Array($0.utf8) }
    let verification = Verifier.verify(files: bytes)
    return HealRequest(verification: verification, files: bytes)
}

func claudeProvider(stream: Bool = false, timeout: Double = 10, recorder: SleepRecorder = SleepRecorder(),
                    progress: (@Sendable (String) -> Void)? = nil) throws -> ClaudeProvider {
    var settings = ClaudeProvider.Settings()
    settings.baseURL = MockModelServer.shared.baseURL
    settings.stream = stream
    settings.timeout = timeout
    return try ClaudeProvider(settings: settings, environment: ["ANTHROPIC_API_KEY": testKey], progress: progress, sleep: recorder.sleep)
}

/// The rejection reason of the single candidate, failing the test when there is not exactly one.
func onlyCandidate(_ candidates: [HealCandidate], file: StaticString = #filePath, line: UInt = #line) throws -> HealCandidate {
    XCTAssertEqual(candidates.count, 1, "candidates: \(candidates.map { $0.rejection ?? $0.explanation })", file: file, line: line)
    return try XCTUnwrap(candidates.first, file: file, line: line)
}
