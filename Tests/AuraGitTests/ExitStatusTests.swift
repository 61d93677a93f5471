import AuraTestSupport
import Foundation
import XCTest

/// Issue #14: every command follows the one exit-status table (docs/git-aura.md) and its
/// message names the problem and the next command. Each case runs the built `git-aura` through
/// `git aura` on a real temporary repository.
final class ExitStatusTests: XCTestCase {
    /// Two problems the rules heal: a typo (`generate_reprot`) and a missing `!` (`send`).
    static let broken = SamplePrograms.brokenReport

    private func gitAura(_ repo: TempRepository, _ args: [String], env: [String: String] = [:])
        throws -> (status: Int32, stdout: String, stderr: String) {
        var extra = env
        extra["PATH"] = CommandLineTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try repo.run("/usr/bin/git", ["aura"] + args, env: extra)
    }

    private func committedRepository(_ files: [String: String] = ["a.txt": "a\n"]) throws -> TempRepository {
        let repo = try TempRepository()
        for (path, text) in files { try repo.write(path, text) }
        try repo.commitAll()
        return repo
    }

    // MARK: Usage (64)

    func testUnknownPolicyKeyIsUsageAndSuggestsTheClosestKey() throws {
        let repo = try committedRepository()
        let bogus = try gitAura(repo, ["policy", "set", "aura.bogus", "1"])
        XCTAssertEqual(bogus.status, 64, bogus.stderr)
        XCTAssertTrue(bogus.stderr.hasPrefix("error: unknown key `aura.bogus`; did you mean aura."), bogus.stderr)
        XCTAssertTrue(bogus.stderr.contains("`git aura policy` lists every key"), bogus.stderr)
        let typo = try gitAura(repo, ["policy", "set", "aura.maxIteration", "3"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.contains("did you mean aura.maxIterations?"), typo.stderr)
        XCTAssertThrowsError(try repo.git("config", "aura.maxIteration"), "nothing was written")
    }

    func testUnknownHookIsUsage() throws {
        let repo = try committedRepository()
        let result = try gitAura(repo, ["hook", "bogus"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(result.stderr, "error: unknown hook `bogus`; AURA provides pre-commit and post-merge\n")
    }

    func testNegativePolicyValueReachesValidationAndNamesKeyValueOriginAndRange() throws {
        let repo = try committedRepository()
        let result = try gitAura(repo, ["policy", "set", "aura.maxIterations", "-3"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(result.stderr, "error: invalid value `-3` for aura.maxIterations (given on the command line); "
                       + "allowed: a whole number from 1 to 100\n")
        XCTAssertFalse(result.stderr.contains("Missing"), result.stderr)
        XCTAssertThrowsError(try repo.git("config", "aura.maxIterations"), "nothing was written")
        let set = try gitAura(repo, ["policy", "set", "aura.maxIterations", "7"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(try repo.git("config", "aura.maxIterations"), "7\n")
        let missing = try gitAura(repo, ["policy", "set", "aura.maxIterations"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("missing the value: git aura policy set aura.maxIterations VALUE"), missing.stderr)
    }

    func testNegativeKeepAndLimitAreRefusedPrecisely() throws {
        let repo = try committedRepository()
        XCTAssertEqual(try gitAura(repo, ["snapshot", "create"]).status, 0)
        let keep = try gitAura(repo, ["snapshot", "prune", "--keep", "-1"])
        XCTAssertEqual(keep.status, 64, keep.stderr)
        XCTAssertTrue(keep.stderr.hasPrefix("Error: --keep must be 1 or more (got -1)\n"), keep.stderr)
        let limit = try gitAura(repo, ["snapshots", "--limit", "-1"])
        XCTAssertEqual(limit.status, 64, limit.stderr)
        XCTAssertTrue(limit.stderr.hasPrefix("Error: --limit must be 1 or more (got -1)\n"), limit.stderr)
        let history = try gitAura(repo, ["history", "--limit", "-2"])
        XCTAssertEqual(history.status, 64, history.stderr)
        XCTAssertTrue(history.stderr.hasPrefix("Error: --limit must be 1 or more (got -2)\n"), history.stderr)
    }

    func testLimitZeroIsRefusedInsteadOfClaimingThereIsNoHistory() throws {
        let repo = try committedRepository()
        XCTAssertEqual(try gitAura(repo, ["snapshot", "create", "-m", "kept"]).status, 0)
        let zero = try gitAura(repo, ["snapshots", "--limit", "0"])
        XCTAssertEqual(zero.status, 64, zero.stderr)
        XCTAssertFalse(zero.stdout.contains("no AURA history yet"), zero.stdout)
        XCTAssertTrue(zero.stderr.hasPrefix("Error: --limit must be 1 or more (got 0)\n"), zero.stderr)
        let one = try gitAura(repo, ["snapshots", "--limit", "1"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("kept"), one.stdout)
    }

    func testHealItemThatIsNotOnThePlanIsUsageAndNothingIsApplied() throws {
        let repo = try committedRepository(["main.aura": Self.broken])
        let result = try gitAura(repo, ["heal", "--items", "99", "--yes"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: the plan has 2 items; there is no item 99 (see the numbers with `git aura heal --dry-run`)"),
                      result.stderr)
        XCTAssertFalse(result.stdout.contains("--yes") || result.stderr.contains("--yes to"), result.stdout + result.stderr)
        XCTAssertEqual(repo.read("main.aura"), Self.broken, "nothing was applied")
        let two = try gitAura(repo, ["heal", "--items", "1,5,7", "--yes"])
        XCTAssertEqual(two.status, 64)
        XCTAssertTrue(two.stderr.contains("the plan has 2 items; there are no items 5, 7"), two.stderr)
    }

    // MARK: Refused (1)

    func testPublishWithNothingToPublishRefusesWithTheNextCommand() throws {
        let repo = try committedRepository(["main.aura": Self.broken])
        let none = try gitAura(repo, ["publish"])
        XCTAssertEqual(none.status, 1, none.stderr)
        XCTAssertEqual(none.stderr, "error: nothing to publish: the AURA history has no heal yet; run `git aura heal` first\n")
        let noneAll = try gitAura(repo, ["publish", "--all"])
        XCTAssertEqual(noneAll.status, 1, noneAll.stderr)
        XCTAssertEqual(noneAll.stderr, none.stderr)

        let heal = try gitAura(repo, ["heal", "--yes"])
        XCTAssertEqual(heal.status, 0, heal.stderr)
        let published = try gitAura(repo, ["publish", "--all"])
        XCTAssertEqual(published.status, 0, published.stderr)
        XCTAssertTrue(published.stdout.hasPrefix("published aura/heal/h-"), published.stdout)
        let again = try gitAura(repo, ["publish", "--all"])
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertEqual(again.stdout, "")
        XCTAssertEqual(again.stderr, "error: nothing to publish: every heal on the history (1) is already published as an aura/heal/<id> "
                       + "branch; `git branch --list 'aura/heal/*'` lists them\n")
        let newest = try gitAura(repo, ["publish"])
        XCTAssertEqual(newest.status, 1, "already published is a refusal: \(newest.stderr)")
        XCTAssertTrue(newest.stderr.contains("is already published as aura/heal/h-"), newest.stderr)
    }

    // MARK: Configuration (78)

    func testHistorySizeErrorsNameTheValuesOrigin() throws {
        let repo = try committedRepository()
        try repo.git("config", "aura.history.size", "0")
        let local = try gitAura(repo, ["snapshot", "prune"])
        XCTAssertEqual(local.status, 78, local.stderr)
        XCTAssertEqual(local.stderr, "error: invalid value `0` for aura.history.size (set in local config); "
                       + "allowed: a whole number from 1 to 100000\n")
        try repo.git("config", "--unset", "aura.history.size")
        let commandLine = try repo.run("/usr/bin/git", ["-c", "aura.history.size=lots", "aura", "snapshot", "prune"],
                                       env: ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"])
        XCTAssertEqual(commandLine.status, 78, commandLine.stderr)
        XCTAssertTrue(commandLine.stderr.contains("invalid value `lots` for aura.history.size (given on the command line)"), commandLine.stderr)
    }

    /// `git aura policy` and docs/healing.md say the same about an unset rate limit.
    func testRequestsPerMinuteDefaultMatchesTheDocs() throws {
        let repo = try committedRepository()
        let shown = try gitAura(repo, ["policy", "--color", "never"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let row = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix("aura.claude.requestsPerMinute ") })
        XCTAssertTrue(row.contains("(unset: unlimited)") && row.hasSuffix("default"), String(row))
        let json = try gitAura(repo, ["policy", "--json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let key = try XCTUnwrap(rows.first { $0["key"] as? String == "aura.claude.requestsPerMinute" })
        XCTAssertEqual(key["unset"] as? String, "unlimited")
        XCTAssertTrue(key["value"] is NSNull)
        let docs = try String(contentsOfFile: Self.packageRoot + "/docs/healing.md", encoding: .utf8)
        XCTAssertTrue(docs.contains("| `aura.claude.requestsPerMinute` | unlimited |"), "docs/healing.md agrees with PolicyKeys")
    }

    /// `aura.verify.databaseUrl` holds a password: `policy set`, `policy` and `policy --json`
    /// show it as `***`, and a wrong value is refused without echoing it.
    func testTheVerificationDatabaseURLIsShownWithoutItsPassword() throws {
        let repo = try committedRepository()
        let url = "postgres://aura:hunter2@127.0.0.1:5432/scratch"
        let set = try gitAura(repo, ["policy", "set", "aura.verify.databaseUrl", url])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(set.stdout, "aura.verify.databaseUrl = postgres://aura:***@127.0.0.1:5432/scratch (local)\n")
        let shown = try gitAura(repo, ["policy", "--color", "never"])
        let row = try XCTUnwrap(shown.stdout.split(separator: "\n").first { $0.hasPrefix("aura.verify.databaseUrl ") })
        XCTAssertTrue(row.contains("postgres://aura:***@127.0.0.1:5432/scratch") && row.hasSuffix("local"), String(row))
        let json = try gitAura(repo, ["policy", "--json"])
        XCTAssertFalse((shown.stdout + json.stdout).contains("hunter2"))
        XCTAssertTrue(json.stdout.contains("postgres://aura:***@127.0.0.1:5432/scratch"), json.stdout)
        let wrong = try gitAura(repo, ["policy", "set", "aura.verify.databaseUrl", "mysql://root:hunter2@db/app"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("aura.verify.databaseUrl") && wrong.stderr.contains("mysql://root:***@db/app"), wrong.stderr)
        XCTAssertFalse(wrong.stderr.contains("hunter2"), wrong.stderr)
    }

    // MARK: I/O error (74)

    /// A write the OS refuses (here the file-size limit, EFBIG, as on a full disk) names what
    /// could not be written and the OS error, and exits 74 — not "not found" (64) or 70.
    func testAWriteTheSystemRefusesIsAnIOError() throws {
        let repo = try committedRepository()
        let random = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255) }
        try Data(random).write(to: URL(fileURLWithPath: repo.root + "/big.bin"))
        // `trap '' XFSZ`: exceeding the limit fails the write with EFBIG instead of killing git-aura.
        let limited = try repo.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 1024; exec git aura snapshot create"],
                                   env: ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"])
        XCTAssertEqual(limited.status, 74, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("error: I/O error: cannot write git objects into .git/objects: "), limited.stderr)
        XCTAssertTrue(limited.stderr.contains("File too large"), limited.stderr)
        XCTAssertTrue(limited.stderr.contains("free disk space or fix the permissions, then retry"), limited.stderr)
        XCTAssertFalse(limited.stderr.contains("not found"), limited.stderr)
        XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/aura/heal"), "no snapshot was recorded")

        // A smaller limit fails inside libgit2's callback, whose message drops the OS error:
        // it is added back from errno.
        let callback = try repo.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 4; exec git aura snapshot create"],
                                    env: ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"])
        XCTAssertEqual(callback.status, 74, callback.stderr)
        XCTAssertTrue(callback.stderr.contains("error: I/O error: cannot write git objects into .git/objects: ")
                      && callback.stderr.contains("File too large"), callback.stderr)

        try repo.delete("big.bin")
        XCTAssertEqual(try gitAura(repo, ["snapshot", "create"]).status, 0)
        // No byte may be written: the first write that fails is named with the OS error.
        try repo.write("a.txt", "changed\n")
        let changed = try repo.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 0; exec git aura snapshot create -m changed"],
                                   env: ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"])
        XCTAssertEqual(changed.status, 74, changed.stderr)
        XCTAssertTrue(changed.stderr.contains("error: I/O error: ") && changed.stderr.contains("File too large"), changed.stderr)
        repo.assertHealthy()
    }

    /// A really full filesystem (a 1 MiB tmpfs in a private mount namespace): libgit2 reports
    /// the heal's commit written though it never reached .git/objects, which used to surface as
    /// "target OID for the reference doesn't exist" (70) or "not found: commit …" (64).
    func testAHealOnAFullFilesystemIsAnIOError() throws {
        let mount = NSTemporaryDirectory() + "aura-full-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mount) }
        let source = mount + ".aura"
        try Self.broken.write(toFile: source, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: source) }
        // Everything inside `unshare -m`: the tmpfs disappears with the shell.
        let script = """
            set -e
            mount -t tmpfs -o size=1m tmpfs "$1"
            cd "$1"; git init -q r; cd r
            cp "$2" main.aura; git add main.aura; git commit -qm broken
            avail=$(df --output=avail -k . | tail -1)
            head -c $(( (avail - 16) * 1024 )) /dev/zero > ../fill || true
            set +e
            # Standard error through a pipe: a file on the full tmpfs could not hold it.
            errors=$(git aura heal --yes 2>&1 > /dev/null)
            echo "status $?"
            echo "$errors" | grep -v '^warning:'
            """
        let repo = try TempRepository()
        let result = try repo.run("/usr/bin/unshare", ["-m", "/bin/sh", "-c", script, "sh", mount, source],
                                  env: ["PATH": CommandLineTests.binDirectory + ":/usr/bin:/bin"])
        XCTAssertTrue(result.stdout.hasPrefix("status 74\n"), "needs unshare(1) and mount(8) privileges: \(result.stdout)\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("error: I/O error: ") && result.stdout.contains("No space left on device"), result.stdout)
        XCTAssertFalse(result.stdout.contains("not found") || result.stdout.contains("doesn't exist"), result.stdout)
    }

    /// docs/git-aura.md and `git aura --help` list the same statuses.
    func testDocsAndHelpListTheSameStatuses() throws {
        let repo = try committedRepository()
        let help = try gitAura(repo, ["-h"])
        let section = help.stdout.components(separatedBy: "Exit status, the same for every command:")[1]
            .components(separatedBy: "This manual describes")[0]
        let inHelp = section.split(separator: "\n").compactMap { Int($0.split(separator: " ").first ?? "") }
        let docs = try String(contentsOfFile: Self.packageRoot + "/docs/git-aura.md", encoding: .utf8)
        let table = docs.components(separatedBy: "### Exit status")[1].components(separatedBy: "\n## ")[0]
        let inDocs = table.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("| ") else { return nil }
            return Int(line.dropFirst(2).prefix { $0 != " " })
        }
        XCTAssertEqual(inHelp, [0, 1, 2, 64, 65, 70, 74, 75, 78])
        XCTAssertEqual(inDocs, inHelp)
    }

    /// The package root (the test bundle sits in .build/<config>/).
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }
}
