import AuraTestSupport
import Foundation
import XCTest

/// A real git repository in a temporary directory, plus the built `git-aura` to run in it.
final class LedgerTestRepository: GitTestRepository {

    /// A program with two problems the rules heal (a typo and a missing `!`).
    static let broken = SamplePrograms.brokenReport

    init(files: [String: String] = ["src/report.aura": LedgerTestRepository.broken]) throws {
        try super.init(files: files, prefix: "aura-ledger")
    }

    var ledgerPath: String { path + "/.git/aura/ledger.sqlite" }
    var logPath: String { path + "/.git/aura/log.jsonl" }

    /// Runs `git aura ARGS` with the built binary first on PATH.
    func aura(_ arguments: [String], env: [String: String] = [:]) throws -> Output {
        var extra = env
        extra["PATH"] = Self.binDirectory + ":/usr/bin:/bin"
        return try Self.run("/usr/bin/git", ["aura"] + arguments, in: path, environment: extra)
    }
}

/// A fresh directory for a ledger file, removed afterwards.
final class TemporaryDirectory {
    let path = NSTemporaryDirectory() + "aura-ledger-dir-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
