import AuraLedger
import Foundation
import Logging
import XCTest

/// Structured logs, the session id that ties log, ledger and commit together, secrets, and
/// commands that keep working when the ledger is damaged or gone.
final class ObservabilityTests: XCTestCase {
    func jsonLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testOneSessionIDInLogLedgerAndHealCommit() throws {
        let repo = try LedgerTestRepository()
        let result = try repo.aura(["heal", "--yes", "-v"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("info aura.heal: plan item code=E0201"), "readable lines with -v: \(result.stderr)")
        let lines = try jsonLines(repo.logPath)
        let sessions = Set(lines.compactMap { $0["session"] as? String })
        XCTAssertEqual(sessions.count, 1, "\(sessions)")
        let session = try XCTUnwrap(sessions.first)
        XCTAssertTrue(session.hasPrefix("ses-") && session.count == 16, session)
        XCTAssertEqual(lines.compactMap { $0["msg"] as? String }.filter { $0 == "plan item" }.count, 2)
        XCTAssertTrue(lines.allSatisfy { ($0["ts"] as? String)?.hasSuffix("Z") ?? false })
        let trailer = try repo.git("log", "-1", "--format=%(trailers:key=Aura-Session,valueonly)", "refs/aura/heal")
        XCTAssertEqual(trailer.trimmingCharacters(in: .whitespacesAndNewlines), session)
        let ledger = try Ledger.open(at: repo.ledgerPath)
        let record = try XCTUnwrap(try ledger.session(session))
        XCTAssertEqual(record.outcome, "healed")
        XCTAssertNotNil(record.healID)
        XCTAssertEqual(try ledger.attempts().map(\.sessionID), [session, session])
        XCTAssertTrue(try ledger.attempts().allSatisfy { ($0.durationMs ?? -1) >= 0 && $0.healCommit != nil })
        XCTAssertEqual(try ledger.operations().first?.sessionID, session)
        // Without -v nothing but the plan reaches the terminal; the file still gets lines.
        let quiet = try repo.aura(["undo"])
        XCTAssertEqual(quiet.stderr, "")
        XCTAssertEqual(Set(try jsonLines(repo.logPath).compactMap { $0["session"] as? String }).count, 2)
        let history = try repo.aura(["history", "--json"])
        let operations = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(operations.compactMap { $0["kind"] as? String }, ["undo", "heal"])
        XCTAssertEqual(operations[0]["refBefore"] as? String, operations[1]["refAfter"] as? String, "the log chains ref values")
        XCTAssertEqual(operations[1]["sessionID"] as? String, session)
    }

    func testSecretsNeverReachLogLedgerOrCommits() throws {
        let sentinel = "sk-ant-SENTINEL-7f3a9c2e51"
        let repo = try LedgerTestRepository()
        try repo.git("config", "aura.provider", "rules,claude")
        let env = ["ANTHROPIC_API_KEY": sentinel]
        for command in [["heal", "--yes", "-v"], ["status"], ["doctor"], ["doctor", "--json"], ["stats"], ["insights"], ["metrics"], ["history"], ["undo"]] {
            let result = try repo.aura(command, env: env)
            XCTAssertFalse(result.stdout.contains(sentinel) || result.stderr.contains(sentinel), "\(command)")
        }
        let doctor = try repo.aura(["doctor"], env: env)
        XCTAssertTrue(doctor.stdout.contains("key in $ANTHROPIC_API_KEY (set)"), doctor.stdout)
        var haystack = try Data(contentsOf: URL(fileURLWithPath: repo.logPath))
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: repo.ledgerPath + suffix) {
            haystack += try Data(contentsOf: URL(fileURLWithPath: repo.ledgerPath + suffix))
        }
        haystack += Data(try repo.git("log", "--all", "--format=%B", "refs/aura/heal", "refs/aura/redo").utf8)
        XCTAssertNil(haystack.range(of: Data(sentinel.utf8)))
        XCTAssertFalse(haystack.isEmpty)

        // Even a careless log call is redacted.
        let file = LogFile(path: repo.path + "/direct.jsonl")
        var handler = JSONLinesLogHandler(label: "test", file: file, session: "ses-x", redaction: SecretRedaction(environment: env))
        handler.logLevel = .debug
        let logger = Logger(label: "test") { _ in handler }
        logger.info("calling with \(sentinel)", metadata: ["header": .string("x-api-key: \(sentinel)"), "apiKey": .string("anything")])
        let line = try String(contentsOfFile: file.path, encoding: .utf8)
        XCTAssertFalse(line.contains(sentinel), line)
        XCTAssertTrue(line.contains("calling with [redacted]") && line.contains("\"apiKey\":\"[redacted]\""), line)
    }

    func testLogFileRotatesBySizeKeepingThreeFiles() throws {
        let directory = try TemporaryDirectory()
        let file = LogFile(path: directory.path + "/log.jsonl", maxBytes: 300, keep: 3)
        for index in 0..<60 { file.append("{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: 40))\"}") }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, ["log.1.jsonl", "log.2.jsonl", "log.jsonl"])
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.size] as? Int ?? 0
            XCTAssertLessThanOrEqual(size, 300, name)
        }
        XCTAssertTrue(try String(contentsOfFile: file.path, encoding: .utf8).hasSuffix("{\"n\":59,\"pad\":\"\(String(repeating: "x", count: 40))\"}\n"))
        let older = try String(contentsOfFile: file.rotatedPath(1), encoding: .utf8)
        let newest = try String(contentsOfFile: file.path, encoding: .utf8)
        XCTAssertLessThan(Int(older.split(separator: "\n").last!.split(separator: ",")[0].dropFirst(5))!,
                          Int(newest.split(separator: "\n").first!.split(separator: ",")[0].dropFirst(5))!, "rotation keeps order")
    }

    func testCorruptOrDeletedLedgerNeverBlocksACommand() throws {
        let repo = try LedgerTestRepository()
        XCTAssertEqual(try repo.aura(["snapshot", "create"]).status, 0)
        try Data("this is not a database, it is a shopping list\n".utf8).write(to: URL(fileURLWithPath: repo.ledgerPath))
        try? FileManager.default.removeItem(atPath: repo.ledgerPath + "-wal")
        try? FileManager.default.removeItem(atPath: repo.ledgerPath + "-shm")
        let healed = try repo.aura(["heal", "--yes"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertTrue(healed.stderr.hasPrefix("warning: the ledger was damaged (file is not a database); moved it to "), healed.stderr)
        XCTAssertTrue(try repo.read("src/report.aura").contains("send!(report)"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/aura").filter { $0.hasPrefix("ledger.sqlite.corrupt-") }
        XCTAssertEqual(aside.count, 1, "\(aside)")
        XCTAssertEqual(try Ledger.open(at: repo.ledgerPath, recover: false).operations().map(\.kind), [.heal])
        XCTAssertTrue(try jsonLines(repo.logPath).contains { $0["msg"] as? String == "ledger recovered" })

        try FileManager.default.removeItem(atPath: repo.ledgerPath)
        let undone = try repo.aura(["undo"])
        XCTAssertEqual(undone.status, 0, undone.stderr)
        XCTAssertEqual(try Ledger.open(at: repo.ledgerPath).operations().map(\.kind), [.undo])
        let history = try repo.aura(["history"])
        XCTAssertTrue(history.stdout.hasPrefix("@  #1 undo h-"), history.stdout)
    }

    func testNewerLedgerSchemaWarnsButHealingGoesOn() throws {
        let repo = try LedgerTestRepository()
        XCTAssertEqual(try repo.aura(["snapshot", "create"]).status, 0)
        _ = try LedgerTestRepository.run("/usr/bin/sqlite3", [repo.ledgerPath, "INSERT INTO grdb_migrations VALUES ('v9-future')"], in: repo.path)
        let healed = try repo.aura(["heal", "--yes"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertTrue(healed.stderr.contains("written by a newer AURA"), healed.stderr)
        XCTAssertTrue(healed.stderr.contains("continuing without the ledger"), healed.stderr)
        let stats = try repo.aura(["stats"])
        XCTAssertEqual(stats.status, 65)
    }
}
