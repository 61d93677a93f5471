import AuraDiagnostics
@testable import AuraHeal
import AuraGit
import XCTest

/// The decision logic as a table of cases, and policy validation.
final class PolicyTests: XCTestCase {
    func testDecisionTable() {
        typealias Case = (HealPolicy.Mode, Risk, interactive: Bool, yes: Bool, HealPolicy.Decision)
        let cases: [Case] = [
            (.manual, .safe, true, true, .skip),
            (.guided, .safe, false, false, .skip),
            (.guided, .safe, true, false, .ask),
            (.guided, .low, false, true, .apply),
            (.supervised, .low, false, false, .apply),
            (.supervised, .medium, false, false, .skip),
            (.supervised, .medium, true, false, .ask),
            (.autonomous, .high, false, false, .apply),
            (.autonomous, .critical, false, false, .skip),
            (.autonomous, .critical, false, true, .skip),
            (.autonomous, .critical, true, false, .ask),
            (.guided, .critical, false, true, .skip),
        ]
        for (mode, risk, interactive, yes, expected) in cases {
            let policy = HealPolicy(mode: mode, autoApplyMaxRisk: .low)
            XCTAssertEqual(policy.decide(risk, interactive: interactive, assumeYes: yes), expected,
                           "\(mode) \(risk.name) interactive=\(interactive) yes=\(yes)")
        }
    }

    func testPolicyIsReadFromGitConfigAndValidated() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "x = 1\n"])
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("config", "aura.autoApplyMaxRisk", "medium")
        let repository = try Repository.open(at: repo.path)
        let policy = try HealPolicy.load(from: try GitConfig(repository: repository, environment: [:]))
        XCTAssertEqual(policy.mode, .supervised)
        XCTAssertEqual(policy.autoApplyMaxRisk, .medium)
        try repo.git("config", "aura.policy", "yolo")
        XCTAssertThrowsError(try HealPolicy.load(from: try GitConfig(repository: repository, environment: [:]))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("aura.policy") && text.contains("yolo") && text.contains("local") && text.contains("autonomous"), text)
        }
    }

    func testPathsOutsideTheProjectAreRefused() {
        for path in ["../x.aura", "/etc/passwd", ".git/config", "hooks/pre-commit", "a/.git/x.aura", "notes.txt", "a/./b.aura"] {
            XCTAssertFalse(CandidateValidation.isSafe(path), path)
        }
        XCTAssertTrue(CandidateValidation.isSafe("src/app.aura"))
    }

    func testEditsToTestsAreCritical() {
        let source = Array("x = 1\ntest \"t\" { assert_eq(x, 1) }\n".utf8)
        let candidate = HealCandidate(problem: Problem(id: .diagnostic(code: .unknownName, path: "a.aura", anchor: "x"),
                                                               diagnostic: Diagnostic(code: .unknownName, message: "m", primary: Label(.point(0, 0))), path: "a.aura"),
                                      rule: "rules/similar-name", provider: "rules",
                                      edits: [FileEdit(path: "a.aura", start: 20, end: 21, replacement: "y")],
                                      explanation: "", confidence: 0.9, risk: .low)
        XCTAssertEqual(CandidateValidation.classify(candidate, files: ["a.aura": source]), .critical)
    }

    func testThePolicyTableAndTheLoadersJudgeValuesAlike() throws {
        let window = try XCTUnwrap(PolicyKeys.key("aura.circuitBreaker.window"))
        XCTAssertTrue(window.validate("1w"))
        XCTAssertFalse(window.validate("soon"))
        let repo = try TemporaryRepository(files: ["a.aura": "x = 1\n"])
        try repo.git("config", "aura.circuitBreaker.window", "1w")
        let repository = try Repository.open(at: repo.path)
        XCTAssertEqual(try CircuitBreakerPolicy.load(from: try GitConfig(repository: repository, environment: [:])).window, 604_800)
        XCTAssertFalse(try XCTUnwrap(PolicyKeys.key("aura.provider")).validate("rules,rules"), "the same provider twice is refused everywhere")
        try repo.git("config", "aura.maxIterations", "0")
        XCTAssertThrowsError(try HealPolicy.load(from: try GitConfig(repository: repository, environment: [:]))) { error in
            XCTAssertTrue("\(error)".contains("a whole number from 1 to 100"), "\(error)")
        }
    }
}
