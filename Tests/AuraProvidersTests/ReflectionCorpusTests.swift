import AuraHeal
import AuraTestSupport
import Foundation
import XCTest

/// Requests per healed problem on a scripted corpus, with and without reflection: each case is
/// a project whose test fails and the answers a model gives in turn (first answer, then the
/// answers to each follow-up). The figures are printed as `model corpus: ...`.
final class ReflectionCorpusTests: XCTestCase {
    let mock = MockModelServer.shared

    static func fix(_ newText: String, oldText: String = "a - b", line: Int = 1) -> [String: Any] {
        ["fix": ["action": "patch", "explanation": "fix add", "confidence": 0.8,
                 "edits": [["file": "src/calc.aura", "line": line, "old_text": oldText, "new_text": newText]]]]
    }

    /// Answer scripts, in request order.
    nonisolated(unsafe) static let corpus: [(name: String, answers: [[String: Any]])] = [
        ("right first time", [fix("a + b")]),
        ("wrong, then right", [fix("b - a"), fix("a + b")]),
        ("edit on the wrong line, then right", [fix("a + b", line: 2), fix("a + b")]),
        ("wrong twice, then right", [fix("b - a"), fix("a * b"), fix("a + b")]),
        ("repeats its wrong answer", [fix("b - a"), fix("b - a"), fix("a + b")]),
        ("never right", [fix("b - a"), fix("a * b"), fix("a - b + 1"), fix("0 - b + a"), fix("a + b")]),
    ]

    /// Heals every case; returns (healed, requests).
    func run(maxReflections: Int) throws -> (healed: Int, requests: Int) {
        var healed = 0, requests = 0
        for (name, answers) in Self.corpus {
            let repository = try TestRepository(files: ["src/calc.aura": calcSource])
            try repository.git("config", "aura.claude.baseUrl", mock.baseURL)
            try repository.git("config", "aura.provider.maxReflections", String(maxReflections))
            mock.script(answers, expectKey: testKey)
            let heal = try repository.aura(["heal", "--provider", "claude", "--yes"], environment: ["ANTHROPIC_API_KEY": testKey])
            if heal.status == 0 { healed += 1 }
            XCTAssertTrue([0, 2].contains(heal.status), "\(name): \(heal.stdout)\(heal.stderr)")
            requests += mock.requests().count
        }
        return (healed, requests)
    }

    func testRequestsPerHealedProblemWithAndWithoutReflection() throws {
        let on = try run(maxReflections: 3)
        let off = try run(maxReflections: 0)
        XCTAssertEqual(on.healed, 4, "all but the repeating and the never-right case")
        XCTAssertEqual(on.requests, 1 + 2 + 2 + 3 + 2 + 4)
        XCTAssertEqual(off.healed, 1)
        XCTAssertEqual(off.requests, 6)
        func line(_ label: String, _ figures: (healed: Int, requests: Int)) -> String {
            let per = figures.healed == 0 ? "–" : String(Double(figures.requests) / Double(figures.healed))
            return "\(label): \(figures.healed) of \(Self.corpus.count) healed with \(figures.requests) requests (\(per) per healed problem)"
        }
        print("model corpus: " + line("reflection (maxReflections 3)", on) + "; " + line("no reflection", off))
    }
}
