import AuraLedger
import Foundation
import XCTest

/// `git aura doctor` on healthy and deliberately broken repositories.
final class DoctorTests: XCTestCase {
    func installHooks(_ repo: LedgerTestRepository) throws {
        for hook in ["pre-commit", "post-merge"] {
            let path = repo.path + "/.git/hooks/" + hook
            try "#!/bin/sh\n./run-other-hook\nexec git aura hook \(hook) \"$@\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
    }

    struct Report: Decodable {
        struct Finding: Decodable { let check: String; let status: String; let message: String; let fix: String? }
        let health: String
        let findings: [Finding]
    }

    func doctor(_ repo: LedgerTestRepository, _ extra: [String] = [], env: [String: String] = [:]) throws -> (Int32, Report) {
        let result = try repo.aura(["doctor", "--json"] + extra, env: env)
        return (result.status, try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8)))
    }

    func testHealthyRepository() throws {
        let repo = try LedgerTestRepository()
        try installHooks(repo)
        XCTAssertEqual(try repo.aura(["heal", "--yes"]).status, 0)
        let text = try repo.aura(["doctor"])
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.hasSuffix("HEALTHY\n"), text.stdout)
        let (status, report) = try doctor(repo)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(report.health, "HEALTHY")
        XCTAssertEqual(Set(report.findings.map(\.check)), ["libgit2", "sqlite", "libcurl", "libpq", "hooks", "policy", "provider", "ledger", "breaker", "refs",
                                                              "journal", "tmp", "locks", "watch"])
        XCTAssertTrue(report.findings.first { $0.check == "libgit2" }?.message.first?.isNumber ?? false)
        XCTAssertTrue(report.findings.first { $0.check == "refs" }?.message.contains("2 entries") ?? false)
    }

    /// Issue #12: temporary files of killed processes and old ref locks are reported, never removed silently.
    func testLeftoverTemporaryFilesAndStaleLocksAreReported() throws {
        let repo = try LedgerTestRepository()
        try installHooks(repo)
        XCTAssertEqual(try repo.aura(["heal", "--yes"]).status, 0)
        let scratch = repo.path + "/.git/aura/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // A pid that cannot be running (above pid_max).
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch + "/99999999-1234", contents: Data("x".utf8)))
        let lock = repo.path + "/.git/refs/aura/heal.lock"
        XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: Data()))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: lock)
        let (_, report) = try doctor(repo)
        XCTAssertEqual(report.health, "DEGRADED")
        let tmp = try XCTUnwrap(report.findings.first { $0.check == "tmp" })
        XCTAssertEqual(tmp.status, "warn")
        XCTAssertTrue(tmp.message.contains("1 temporary file"), tmp.message)
        XCTAssertEqual(tmp.fix, "rm -rf \(scratch)/*")
        let locks = try XCTUnwrap(report.findings.first { $0.check == "locks" })
        XCTAssertTrue(locks.message.contains("heal.lock"), locks.message)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "doctor never removes a lock")
    }

    func testMissingHooksBadPolicyAndMissingKeyAreFindingsWithFixes() throws {
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.policy", "yolo")
        try repo.git("config", "aura.provider", "claude")
        let (status, report) = try doctor(repo, env: ["ANTHROPIC_API_KEY": ""])
        XCTAssertEqual(status, 1)
        XCTAssertEqual(report.health, "DEGRADED")
        let fixes = report.findings.compactMap(\.fix)
        XCTAssertTrue(fixes.contains("git aura hooks install"))
        XCTAssertTrue(fixes.contains("git config --unset aura.policy"), "\(fixes)")
        XCTAssertTrue(fixes.contains("export ANTHROPIC_API_KEY=<your Anthropic API key>"), "\(fixes)")
        let policy = try XCTUnwrap(report.findings.first { $0.check == "policy" })
        XCTAssertEqual(policy.status, "fail")
        XCTAssertTrue(policy.message.contains("`yolo` for aura.policy (set in local config)"), policy.message)
        try installHooks(repo)
        try repo.git("config", "--unset", "aura.policy")
        let (fixed, _) = try doctor(repo, env: ["ANTHROPIC_API_KEY": "sk-test-present"])
        XCTAssertEqual(fixed, 0)
        // core.hooksPath is where git looks, so that is where doctor looks.
        try repo.git("config", "core.hooksPath", ".githooks")
        let (moved, movedReport) = try doctor(repo, env: ["ANTHROPIC_API_KEY": "sk-test-present"])
        XCTAssertEqual(moved, 1)
        XCTAssertTrue(movedReport.findings.contains { $0.message.contains(repo.path + "/.githooks/pre-commit") }, "\(movedReport.findings)")
        try FileManager.default.createDirectory(atPath: repo.path + "/.githooks", withIntermediateDirectories: true)
        for hook in ["pre-commit", "post-merge"] {
            try FileManager.default.copyItem(atPath: repo.path + "/.git/hooks/" + hook, toPath: repo.path + "/.githooks/" + hook)
        }
        XCTAssertEqual(try doctor(repo, env: ["ANTHROPIC_API_KEY": "sk-test-present"]).0, 0)
    }

    func testCorruptTrailerAndDanglingRedoRef() throws {
        let repo = try LedgerTestRepository()
        try installHooks(repo)
        XCTAssertEqual(try repo.aura(["snapshot", "create"]).status, 0)
        let good = try repo.git("rev-parse", "refs/aura/heal").trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
        let bad = try repo.git("commit-tree", tree, "-p", good, "-m", "edited by hand\n\nAura-Op: heal").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-ref", "refs/aura/heal", bad)
        let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-ref", "refs/aura/redo", head)
        let (status, report) = try doctor(repo)
        XCTAssertEqual(status, 1)
        let refs = report.findings.filter { $0.check == "refs" }
        XCTAssertEqual(refs.count, 2, "\(refs)")
        XCTAssertTrue(refs[0].message.contains("has no valid AURA trailers"), refs[0].message)
        XCTAssertEqual(refs[0].fix, "git update-ref -m \"aura: drop damaged history\" refs/aura/heal \(good)")
        XCTAssertTrue(refs[1].message.contains("refs/aura/redo"), refs[1].message)
        XCTAssertEqual(refs[1].fix, "git update-ref -d refs/aura/redo")
        // The printed fixes do fix it.
        try repo.git("update-ref", "-m", "aura: drop damaged history", "refs/aura/heal", good)
        try repo.git("update-ref", "-d", "refs/aura/redo")
        XCTAssertEqual(try doctor(repo).0, 0)
    }

    func testCorruptLedgerIsReportedThenRebuiltFromTrailers() throws {
        let repo = try LedgerTestRepository()
        try installHooks(repo)
        let healed = try repo.aura(["heal", "--yes"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        let session = try repo.git("log", "-1", "--format=%(trailers:key=Aura-Session,valueonly)", "refs/aura/heal")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(atPath: repo.ledgerPath + "-wal")
        try? FileManager.default.removeItem(atPath: repo.ledgerPath + "-shm")
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: repo.ledgerPath))
        let (status, report) = try doctor(repo)
        XCTAssertEqual(status, 1)
        let ledger = try XCTUnwrap(report.findings.first { $0.check == "ledger" })
        XCTAssertEqual(ledger.status, "fail")
        XCTAssertEqual(ledger.fix, "git aura doctor --rebuild-ledger")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repo.ledgerPath)), Data(repeating: 0x5A, count: 4096), "doctor only reports")

        let rebuilt = try repo.aura(["doctor", "--rebuild-ledger"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr)
        XCTAssertTrue(rebuilt.stdout.contains("rebuilt the ledger from refs/aura/heal: 2 operations, 2 attempts, 1 sessions"), rebuilt.stdout)
        let fresh = try Ledger.open(at: repo.ledgerPath, recover: false)
        XCTAssertEqual(try fresh.operations().map(\.kind), [.heal, .snapshot])
        let attempts = try fresh.attempts()
        XCTAssertEqual(attempts.map(\.code).sorted(), ["E0201", "E0402"])
        XCTAssertEqual(Set(attempts.compactMap(\.rule)), ["rules/similar-name", "rules/missing-bang"])
        XCTAssertEqual(Set(attempts.compactMap(\.sessionID)), [session])
        XCTAssertNotNil(try fresh.session(session))
    }
}
