import AuraGit
import AuraHistory
@testable import AuraHeal
import AuraVM
import AuraTestSupport
import Foundation
import XCTest

/// End-to-end heals on real repositories, checked with the real git CLI.
final class HealerTests: XCTestCase {
    static let broken = SamplePrograms.brokenReport

    func heal(_ repo: TemporaryRepository, policy: HealPolicy = HealPolicy(mode: .autonomous), yes: Bool = false,
              limits: Limits = .verification) async throws -> HealReport {
        try await Healer(store: try repo.store(), settings: HealSettings(policy: policy, verification: VerificationOptions(limits: limits)),
                         options: HealOptions(assumeYes: yes)).heal()
    }

    func testHealThenUndoRestoresByteIdenticalFiles() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": HealerTests.broken])
        let before = try repo.bytes("src/report.aura")
        let report = try await heal(repo)
        XCTAssertEqual(report.appliedCount, 2)
        XCTAssertNotNil(report.healID)
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_report(users)"))
        XCTAssertTrue(try repo.read("src/report.aura").contains("send!(report)"))
        XCTAssertEqual(report.after?.summary, "parse ✓ types ✓ tests 1/1 ✓ vm ✓")
        _ = try repo.store().undo()
        XCTAssertEqual(try repo.bytes("src/report.aura"), before, "undo must restore the exact bytes")
        _ = try repo.store().redo()
        XCTAssertTrue(try repo.read("src/report.aura").contains("send!(report)"))
        try repo.assertHealthy()
    }

    func testHealCommitTrailersParseWithGit() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": HealerTests.broken])
        let report = try await heal(repo)
        let healID = try XCTUnwrap(report.healID)
        let commit = try repo.git("rev-parse", "refs/aura/heal").trimmingCharacters(in: .whitespacesAndNewlines)
        let message = try repo.git("log", "-1", "--format=%B", commit)
        let trailers = try repo.git("interpret-trailers", "--parse", input: message)
        XCTAssertTrue(trailers.contains("Aura-Op: heal"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Heal-Id: \(healID)"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Diagnostic: E0201 src/report.aura:9:14"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Provider: rules/missing-bang"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Verified: parse,types,tests=1/1,vm"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Base: "), trailers)
    }

    func testUserEditsToOtherFilesAreKept() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": HealerTests.broken, "src/notes.aura": "limit = 10\n"])
        try repo.write("src/notes.aura", "limit = 20 # edited, not committed\n")
        _ = try await heal(repo)
        XCTAssertEqual(try repo.read("src/notes.aura"), "limit = 20 # edited, not committed\n")
        try repo.assertHealthy()
    }

    func testACandidateThatBreaksATestIsRejectedAndNothingIsWritten() async throws {
        let source = """
        double(x: i): i = x * 2
        compute(x: i): i = doubel(x) + x
        test "compute triples" { assert_eq(compute(2), 7) }

        """
        let repo = try TemporaryRepository(files: ["app.aura": source])
        let report = try await heal(repo)
        XCTAssertNil(report.healID)
        guard case let .rejected(reason) = report.items.first?.outcome else { return XCTFail("expected a rejection: \(report.items)") }
        XCTAssertTrue(reason.contains("test"), reason)
        XCTAssertEqual(try repo.read("app.aura"), source, "a rejected candidate never touches the working tree")
    }

    func testVerificationOfAnInfiniteLoopInATestStopsCleanly() async throws {
        let source = """
        main = print("x")
        test "never ends" {
            var i = 0
            while true { i = i + 1 }
        }

        """
        let repo = try TemporaryRepository(files: ["app.aura": source])
        let report = try await heal(repo, limits: Limits(maxInstructions: 2_000_000, timeLimit: 5, maxCallDepth: 1_000))
        // With `print!` fixed the tests run, and one never ends: the budget stops it, and a fix
        // after which a test fails is not applied (it cannot be proven harmless).
        guard case let .rejected(reason) = report.items.first?.outcome else { return XCTFail("\(report.items)") }
        XCTAssertTrue(reason.contains("never ends"), reason)
        XCTAssertEqual(try repo.read("app.aura"), source)
    }

    func testManualPolicyReportsAndChangesNothing() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": HealerTests.broken])
        let report = try await heal(repo, policy: HealPolicy(mode: .manual))
        XCTAssertNil(report.healID)
        XCTAssertEqual(try repo.read("src/report.aura"), HealerTests.broken)
        XCTAssertTrue(report.items.allSatisfy { if case .skipped = $0.outcome { return true }; return false })
    }

    func testSupervisedAppliesOnlyUpToItsRiskLimit() async throws {
        let repo = try TemporaryRepository(files: ["src/report.aura": HealerTests.broken])
        let report = try await heal(repo, policy: HealPolicy(mode: .supervised, autoApplyMaxRisk: .safe))
        XCTAssertEqual(report.appliedCount, 1, "only the safe `!` fix; the low-risk rename needs approval")
        XCTAssertTrue(try repo.read("src/report.aura").contains("send!(report)"))
        XCTAssertTrue(try repo.read("src/report.aura").contains("generate_reprot"))
    }

    func testNothingToHealOnAHealthyProject() async throws {
        let repo = try TemporaryRepository(files: ["app.aura": "main = print!(1)\n"])
        let report = try await heal(repo)
        XCTAssertTrue(report.items.isEmpty)
        XCTAssertNil(report.healID)
    }

    func testRefusesDuringAMerge() async throws {
        let repo = try TemporaryRepository(files: ["app.aura": "main = print!(1)\n"])
        try repo.git("checkout", "-qb", "other")
        try repo.write("app.aura", "main = print!(2)\n")
        try repo.git("commit", "-qam", "two")
        try repo.git("checkout", "-q", "main")
        try repo.write("app.aura", "main = print!(3)\n")
        try repo.git("commit", "-qam", "three")
        XCTAssertThrowsError(try repo.git("merge", "other"))
        do {
            _ = try await heal(repo)
            XCTFail("healing during a merge must be refused")
        } catch let error as GitError {
            XCTAssertTrue("\(error)".contains("merge"), "\(error)")
        }
    }

    func testVerificationFollowsTheNetworkRule() throws {
        let repo = try TemporaryRepository(files: ["app.aura": "+http\nmain = print!(http.get!(\"http://127.0.0.1:9/\").status)\n"])
        let files = ["app.aura": Array(try repo.read("app.aura").utf8)]
        let denied = Healer(store: try repo.store(), settings: HealSettings(policy: HealPolicy(mode: .autonomous)))
        XCTAssertEqual(denied.verify(files).failedMains["app.aura"]?.code, .sandboxDenied, "network denied by default")
        let allowed = Healer(store: try repo.store(), settings: HealSettings(verification: VerificationOptions(allowNetwork: true)))
        XCTAssertEqual(allowed.verify(files).failedMains["app.aura"]?.code, .httpError, "allowed: the call is made (and refused by port 9)")
    }

    /// Every spelling `git aura policy set` accepts for `aura.verify.allowNetwork` means what it
    /// says (`yes` was accepted but read as false), checked by a real request to a loopback server.
    func testAllowNetworkAcceptsEveryGitBooleanSpelling() throws {
        let url = LoopbackServer.shared.url("/status/200")
        let repo = try TemporaryRepository(files: ["app.aura": "+http\nmain = print!(http.get!(\"\(url)\").status)\n"])
        let files = ["app.aura": Array(try repo.read("app.aura").utf8)]
        for (value, allowed) in [("yes", true), ("on", true), ("1", true), ("true", true), ("TRUE", true),
                                 ("no", false), ("off", false), ("0", false), ("false", false)] {
            _ = try repo.git("config", "aura.verify.allowNetwork", value)
            let repository = try Repository.open(at: repo.path)
            let settings = try HealSettings.load(try GitConfig(repository: repository, environment: [:]))
            XCTAssertEqual(settings.verification.allowNetwork, allowed, value)
            let verification = Healer(store: SnapshotStore(repository: repository), settings: settings).verify(files)
            if allowed {
                XCTAssertTrue(verification.failedMains.isEmpty, "\(value): \(verification.failedMains)")
            } else {
                XCTAssertEqual(verification.failedMains["app.aura"]?.code, .sandboxDenied, value)
            }
        }
        _ = try repo.git("config", "aura.verify.allowNetwork", "maybe")
        XCTAssertThrowsError(try HealSettings.load(try GitConfig(repository: try Repository.open(at: repo.path), environment: [:]))) { error in
            XCTAssertTrue("\(error)".contains("aura.verify.allowNetwork"), "\(error)")
        }
    }
}
