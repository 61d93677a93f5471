import Foundation
import XCTest

/// `git aura ci`: a fresh clone of a broken repository and a bare remote, driven through the
/// built `git aura`, checked with the git CLI; the SARIF is validated against the vendored
/// SARIF 2.1.0 schema (Fixtures/sarif) with Python's `jsonschema`, and the shell steps of
/// docs/ci.md run with `gh` and `glab` replaced by stubs.
final class CIHealTests: XCTestCase {
    private var remote: TempRepository!
    private var author: TempRepository!
    private var ci: TempRepository!
    private var outputs: String!

    static let broken = "main = prnt!(1)\n\ntest \"one\" {\n    assert_eq(1, 1)\n}\n"
    static let healed = "main = print!(1)\n\ntest \"one\" {\n    assert_eq(1, 1)\n}\n"

    override func setUpWithError() throws {
        remote = try TempRepository(bare: true)
        author = try TempRepository()
        try author.git("remote", "add", "origin", remote.root)
        outputs = NSTemporaryDirectory() + "aura-ci-out-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: outputs)
    }

    /// The author commits `files` and pushes; the CI checkout is then a fresh clone (or pulls).
    private func push(_ files: [String: String], message: String = "change") throws {
        for (path, text) in files { try author.write(path, text) }
        try author.commitAll(message)
        try author.git("push", "-q", "origin", "main")
        if let ci {
            try ci.git("pull", "-q", "--ff-only", "origin", "main")
        } else {
            ci = try TempRepository()
            try FileManager.default.removeItem(atPath: ci.root + "/.git")
            try ci.git("clone", "-q", remote.root, ci.root)
        }
    }

    private func gitAura(_ repo: TempRepository, _ args: [String], env: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        var extra = env
        extra["PATH"] = (env["PATH"].map { $0 + ":" } ?? "") + CommandLineTests.binDirectory + ":/usr/bin:/bin"
        extra["CI"] = "true"
        return try repo.run("/usr/bin/git", ["aura"] + args, env: extra)
    }

    private func runCI(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try gitAura(ci, ["ci"] + args)
    }

    private func remoteHealBranches() throws -> [String: String] {
        var branches: [String: String] = [:]
        for line in try remote.git("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/aura/heal").split(separator: "\n") {
            let parts = line.split(separator: " ")
            branches[String(parts[0])] = String(parts[1])
        }
        return branches
    }

    private func opened(_ stdout: String) throws -> String {
        let range = try XCTUnwrap(stdout.range(of: #"(?m)^opened aura/heal/p-[0-9a-f]{12}"#, options: .regularExpression), stdout)
        return String(stdout[range].dropFirst("opened ".count))
    }

    private func head(_ repo: TempRepository) throws -> String {
        try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
    }

    /// Validates a SARIF file against the vendored 2.1.0 schema; returns what the validator said.
    private func validateSARIF(_ path: String) throws -> (status: Int32, output: String) {
        let schema = ExitStatusTests.packageRoot + "/Fixtures/sarif/sarif-schema-2.1.0.json"
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=str)
            for error in errors: print(list(error.path), error.message)
            print("valid" if not errors else "invalid")
            sys.exit(1 if errors else 0)
            """
        // scripts/install-deps.sh makes this environment only when python3 lacks jsonschema.
        let venv = (ProcessInfo.processInfo.environment["XDG_CACHE_HOME"] ?? NSHomeDirectory() + "/.cache") + "/aura/venv/bin/python3"
        let python = FileManager.default.isExecutableFile(atPath: venv) ? [venv] : ["python3"]
        let result = try ci.run("/usr/bin/env", python + ["-c", script, schema, path])
        return (result.status, result.stdout + result.stderr)
    }

    func testAFreshCloneOfABrokenRepositoryPublishesABranchWhosePullRequestBodyAndSARIFValidate() throws {
        try push(["main.aura": Self.broken], message: "broken")
        let base = try head(ci)
        let healBefore = try ci.git("for-each-ref", "refs/aura")
        let result = try runCI("--publish", "origin", "--pr-body", outputs + "/pr.md", "--sarif", outputs + "/aura.sarif")
        XCTAssertEqual(result.status, 1, "the commit still has the error; its fix waits on a branch\n" + result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("aura ci: 1 problem in \(base.prefix(7))\n"), result.stdout)
        let branch = try opened(result.stdout)
        XCTAssertTrue(result.stdout.contains("\(branch) (E0201 main.aura:1 unknown name `prnt!`)"), result.stdout)

        // The branch: one commit on the checked-out commit with the fix, named by its problem.
        let tip = try XCTUnwrap(try remoteHealBranches()[branch])
        XCTAssertEqual(try remote.git("rev-parse", tip + "^").trimmingCharacters(in: .newlines), base)
        XCTAssertEqual(try remote.git("show", "\(tip):main.aura"), Self.healed)
        let trailers = try remote.git("log", "-1", "--format=%(trailers:only,unfold)", tip)
        XCTAssertTrue(trailers.contains("Aura-Problem: \(branch.dropFirst("aura/heal/".count))\n"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Tree: \(try remote.git("rev-parse", tip + "^{tree}").trimmingCharacters(in: .newlines))\n"), trailers)
        XCTAssertTrue(trailers.contains("Aura-Provider: rules/similar-name"), trailers)
        // In memory: the checkout's files and AURA's heal ref hold no heal.
        XCTAssertEqual(ci.read("main.aura"), Self.broken)
        XCTAssertEqual(try ci.git("status", "--porcelain"), "")
        XCTAssertFalse(try ci.git("log", "--format=%B", "refs/aura/heal").contains("Aura-Op: heal"), healBefore)
        ci.assertHealthy()
        let session = try ci.run("/usr/bin/sqlite3", [ci.root + "/.git/aura/ledger.sqlite", "SELECT trigger, command, outcome FROM sessions"])
        XCTAssertEqual(session.stdout, "ci|ci|healed\n", session.stderr)

        // The pull-request description: what was wrong, the diff, risk, the receipt, undo.
        let body = try String(contentsOfFile: outputs + "/pr.md", encoding: .utf8)
        XCTAssertTrue(body.hasPrefix("<!-- \(branch) -->\n## AURA heal: E0201 main.aura:1\n"), body)
        for part in ["### What was wrong", "- `E0201` in `main.aura:1`: unknown name `prnt!`", "| risk | low |",
                     "```diff\n--- a/main.aura\n+++ b/main.aura\n", "-main = prnt!(1)\n+main = print!(1)\n",
                     "### Risk\n\n- `rules/similar-name`: low risk", "### Verification receipt", "on \(base) before anything was pushed",
                     "- before: parse ✓ types ✗\n- after: parse ✓ types ✓ tests 1/1 ✓ vm ✓\n",
                     "`Aura-Verified: parse,types,tests=1/1,vm`", "### Undo\n\nClose this pull request"] {
            XCTAssertTrue(body.contains(part), "missing \(part) in\n\(body)")
        }
        // The diff in the description is the branch's change, as `git apply` reads it.
        let diff = try XCTUnwrap(body.components(separatedBy: "```diff\n").last?.components(separatedBy: "```").first)
        try FileManager.default.createDirectory(atPath: outputs + "/apply", withIntermediateDirectories: true)
        try Self.broken.write(toFile: outputs + "/apply/main.aura", atomically: true, encoding: .utf8)
        try diff.write(toFile: outputs + "/change.diff", atomically: true, encoding: .utf8)
        let applied = try ci.run("/usr/bin/git", ["apply", outputs + "/change.diff"], in: outputs + "/apply")
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertEqual(try String(contentsOfFile: outputs + "/apply/main.aura", encoding: .utf8), Self.healed)

        // The SARIF validates, and says the problem is healed on the branch, with the change.
        let validation = try validateSARIF(outputs + "/aura.sarif")
        XCTAssertEqual(validation.status, 0, validation.output)
        XCTAssertEqual(validation.output, "valid\n")
        let sarif = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outputs + "/aura.sarif"))) as? [String: Any])
        let run = try XCTUnwrap((sarif["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 1)
        XCTAssertEqual(results[0]["ruleId"] as? String, "E0201")
        XCTAssertEqual(results[0]["level"] as? String, "note")
        XCTAssertEqual((results[0]["partialFingerprints"] as? [String: String])?["auraProblem/v1"], String(branch.dropFirst("aura/heal/".count)))
        XCTAssertTrue(((results[0]["message"] as? [String: Any])?["text"] as? String ?? "").contains("AURA healed this on branch \(branch)"))
        let change = try XCTUnwrap(((results[0]["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try XCTUnwrap((change["replacements"] as? [[String: Any]])?.first)
        XCTAssertEqual((replacement["deletedRegion"] as? [String: Int])?["startLine"], 1)
        XCTAssertEqual((replacement["deletedRegion"] as? [String: Int])?["endLine"], 2)
        XCTAssertEqual((replacement["insertedContent"] as? [String: String])?["text"], "main = print!(1)\n")
    }

    func testASecondRunUpdatesTheSameBranchInsteadOfOpeningAnother() throws {
        try push(["main.aura": Self.broken], message: "broken")
        let first = try runCI("--publish", "origin")
        let branch = try opened(first.stdout)
        let tip = try XCTUnwrap(try remoteHealBranches()[branch])

        // The same commit again: the branch already has the fix on it.
        let again = try runCI("--publish", "origin")
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stdout.contains("up to date \(branch) "), again.stdout)
        XCTAssertEqual(try remoteHealBranches(), [branch: tip])

        // A later commit that still has the problem (lines above it moved): the same branch moves.
        try push(["main.aura": "# a comment above\n" + Self.broken, "util.aura": "twice(x: i): i = x * 2\n"])
        let later = try runCI("--publish", "origin")
        XCTAssertEqual(later.status, 1, later.stderr)
        XCTAssertTrue(later.stdout.contains("updated \(branch) (E0201 main.aura:2 unknown name `prnt!`)"), later.stdout)
        let branches = try remoteHealBranches()
        XCTAssertEqual(Array(branches.keys), [branch], "no second branch for the same problem")
        let moved = try XCTUnwrap(branches[branch])
        XCTAssertNotEqual(moved, tip)
        XCTAssertEqual(try remote.git("rev-parse", moved + "^").trimmingCharacters(in: .newlines), try head(ci))
        XCTAssertEqual(try remote.git("show", "\(moved):main.aura"), "# a comment above\n" + Self.healed)
        XCTAssertEqual(try remote.git("rev-list", "--count", "main.." + moved).trimmingCharacters(in: .newlines), "1")
    }

    func testABranchSomeoneElsePushedToOrAmendedIsLeftAlone() throws {
        try push(["main.aura": Self.broken], message: "broken")
        let branch = try opened(try runCI("--publish", "origin").stdout)
        // A reviewer adds a commit to the heal branch.
        let reviewer = try TempRepository()
        try reviewer.git("remote", "add", "origin", remote.root)
        try reviewer.git("fetch", "-q", "origin", "\(branch):review")
        try reviewer.git("checkout", "-q", "review")
        try reviewer.write("NOTES.md", "reviewed\n")
        try reviewer.commitAll("review notes")
        try reviewer.git("push", "-q", "origin", "review:\(branch)")
        let human = try head(reviewer)

        try push(["main.aura": "# moved\n" + Self.broken])
        let kept = try runCI("--publish", "origin")
        XCTAssertEqual(kept.status, 1, kept.stderr)
        XCTAssertTrue(kept.stdout.contains("kept \(branch): its tip \(human.prefix(7)) is not an AURA heal of this problem (someone pushed to it)"),
                      kept.stdout)
        XCTAssertEqual(try remoteHealBranches(), [branch: human], "the bot never moves a branch a human pushed to")

        // An amended bot commit (its trailers kept, its tree changed) is someone else's too.
        try reviewer.git("reset", "-q", "--hard", "HEAD^")
        try reviewer.write("main.aura", "main = print!(\"reviewed\")\n")
        try reviewer.git("commit", "-q", "-a", "--amend", "--no-edit")
        try reviewer.git("push", "-q", "--force", "origin", "review:\(branch)")
        let amended = try head(reviewer)
        let again = try runCI("--publish", "origin")
        XCTAssertTrue(again.stdout.contains("kept \(branch): its tip \(amended.prefix(7)) was rewritten after AURA made it"), again.stdout)
        XCTAssertEqual(try remoteHealBranches(), [branch: amended])
    }

    func testMaxOpenStopsNewBranchesAndEachBranchCarriesOnlyItsProblem() throws {
        try push(["a.aura": "main = prnt!(1)\n", "b.aura": "main = prnt!(2)\n"], message: "two problems")
        try ci.git("config", "aura.publish.maxOpen", "1")
        let result = try runCI("--publish", "origin", "--pr-body", outputs + "/pr.md")
        XCTAssertEqual(result.status, 1, result.stderr)
        let branch = try opened(result.stdout)
        XCTAssertTrue(result.stdout.contains("not published aura/heal/p-"), result.stdout)
        XCTAssertTrue(result.stdout.contains(": 1 heal branches are open on origin (aura.publish.maxOpen = 1); merge or close some"), result.stdout)
        XCTAssertEqual(Array(try remoteHealBranches().keys), [branch])
        let changed = try remote.git("diff", "--name-only", "main", branch).split(separator: "\n")
        XCTAssertEqual(changed.count, 1, "one problem's fix per branch: \(changed)")
        // Only the published branch is described.
        let body = try String(contentsOfFile: outputs + "/pr.md", encoding: .utf8)
        XCTAssertEqual(body.components(separatedBy: "<!-- aura/heal/").count, 2, body)

        // With room for both, the second problem gets its own branch; the first is left as it is.
        try ci.git("config", "aura.publish.maxOpen", "5")
        let more = try runCI("--publish", "origin")
        XCTAssertTrue(more.stdout.contains("up to date \(branch) "), more.stdout)
        let second = try opened(more.stdout)
        XCTAssertNotEqual(second, branch)
        XCTAssertEqual(Set(try remoteHealBranches().keys), [branch, second])
    }

    func testTheKeyNamesTheDeclarationSoTheSameTypoInTwoFunctionsGetsTwoBranches() throws {
        let source = "hello!(n: i) = prnt!(n)\n\nbye!(n: i) = prnt!(n)\n\ntwice!(n: i) = {\n    prnt!(n)\n    prnt!(n + 1)\n}\n\n"
            + "main = {\n    hello!(1)\n    bye!(2)\n    twice!(3)\n}\n"
        try push(["main.aura": source], message: "three functions, four typos")
        let result = try runCI("--publish", "origin")
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let branches = try remoteHealBranches()
        XCTAssertEqual(branches.count, 3, "one branch per declaration: \(result.stdout)")
        var fixedLines: [Int] = []
        for tip in branches.values {
            let diff = try remote.git("diff", "--unified=0", "main", tip)
            fixedLines.append(diff.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count)
        }
        // hello and bye: one line each; twice: both of its lines on one branch.
        XCTAssertEqual(fixedLines.sorted(), [1, 1, 2], result.stdout)
        let twice = try XCTUnwrap(branches.values.first { (try? remote.git("show", "\($0):main.aura"))?.contains("    print!(n + 1)") == true })
        XCTAssertTrue(try remote.git("show", "\(twice):main.aura").contains("hello!(n: i) = prnt!(n)"), "the others stay on their own branches")
    }

    func testExitStatuses() throws {
        try push(["main.aura": "main = print!(1)\n"], message: "clean")
        let clean = try runCI("--publish", "origin", "--sarif", outputs + "/clean.sarif")
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertEqual(clean.stdout, "aura ci: 0 problems in \(try head(ci).prefix(7))\n")
        XCTAssertEqual(try validateSARIF(outputs + "/clean.sarif").output, "valid\n")

        // A failing test: no rule can repair it and no model is configured.
        try push(["main.aura": "main = print!(1)\n\ntest \"sums\" {\n    assert_eq(1 + 1, 3)\n}\n"])
        let unrepaired = try runCI("--publish", "origin", "--sarif", outputs + "/test.sarif")
        XCTAssertEqual(unrepaired.status, 2, unrepaired.stdout + unrepaired.stderr)
        XCTAssertTrue(unrepaired.stdout.contains("remaining T0001 main.aura"), unrepaired.stdout)
        XCTAssertTrue(unrepaired.stdout.contains(": no automatic fix"), unrepaired.stdout)
        XCTAssertEqual(try remoteHealBranches(), [:])
        XCTAssertEqual(try validateSARIF(outputs + "/test.sarif").output, "valid\n")

        // A `main` that fails in the sandboxed run has no plan item, and still remains.
        try push(["main.aura": "main = print!(1 / 0)\n"])
        let failingMain = try runCI("--sarif", outputs + "/main.sarif")
        XCTAssertEqual(failingMain.status, 2, failingMain.stdout + failingMain.stderr)
        XCTAssertTrue(failingMain.stdout.contains("remaining `main` of main.aura fails: division by zero: 1 / 0: no automatic fix"), failingMain.stdout)
        XCTAssertEqual(try validateSARIF(outputs + "/main.sarif").output, "valid\n")
        let mainSARIF = try String(contentsOfFile: outputs + "/main.sarif", encoding: .utf8)
        XCTAssertTrue(mainSARIF.contains("a failing `main` has no single place to fix"), mainSARIF)

        // Under a manual policy a fixable problem is left for a human, reported, never published.
        try push(["main.aura": Self.broken])
        try ci.git("config", "aura.policy", "manual")
        let manual = try runCI("--publish", "origin")
        XCTAssertEqual(manual.status, 1, manual.stdout + manual.stderr)
        XCTAssertTrue(manual.stdout.contains("remaining E0201 main.aura:1 unknown name `prnt!`: needs approval (policy is manual)"), manual.stdout)
        XCTAssertEqual(try remoteHealBranches(), [:])

        // Without --publish the policy decides alone (guided asks, and nobody is there to answer).
        try ci.git("config", "aura.policy", "guided")
        let guided = try runCI()
        XCTAssertEqual(guided.status, 1)
        XCTAssertTrue(guided.stdout.contains("needs approval (low risk needs approval)"), guided.stdout)

        // --write under a policy that applies it: the working tree is healed, nothing remains.
        try ci.git("config", "aura.policy", "autonomous")
        let written = try runCI("--write")
        XCTAssertEqual(written.status, 0, written.stdout + written.stderr)
        XCTAssertTrue(written.stdout.contains("wrote main.aura (undo with `git aura undo`)"), written.stdout)
        XCTAssertEqual(ci.read("main.aura"), Self.healed)

        // Usage errors name the problem and change nothing.
        let unknown = try runCI("--publish", "upstream")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no remote named `upstream`"), unknown.stderr)
        let both = try runCI("--publish", "origin", "--write")
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("--write and --publish cannot be combined"), both.stderr)
        let unwritable = try runCI("--sarif", "/nonexistent-dir/aura.sarif")
        XCTAssertEqual(unwritable.status, 74, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.contains("cannot write /nonexistent-dir/aura.sarif"), unwritable.stderr)
    }

    /// The script block of docs/ci.md, verbatim.
    private func documentedScript() throws -> String {
        let docs = try String(contentsOfFile: ExitStatusTests.packageRoot + "/docs/ci.md", encoding: .utf8)
        let start = try XCTUnwrap(docs.range(of: "```sh\n#!/bin/sh\n"))
        let end = try XCTUnwrap(docs.range(of: "\n```\n", range: start.upperBound..<docs.endIndex))
        return String(docs[docs.index(start.lowerBound, offsetBy: "```sh\n".count)..<end.lowerBound]) + "\n"
    }

    /// A `gh`/`glab` stand-in that records its arguments (one per line) and the body it was given.
    private func stubs() throws -> (directory: String, log: String) {
        let directory = outputs + "/stubs", log = outputs + "/forge.log"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stub = """
            #!/bin/sh
            { echo "$(basename "$0")"; for arg in "$@"; do echo "arg: $arg"; done
              while [ $# -gt 0 ]; do [ "$1" = --body-file ] && { echo "body:"; cat "$2"; }; shift; done; echo "end"; } >>"\(log)"
            """
        for name in ["gh", "glab"] {
            try stub.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/" + name)
        }
        return (directory, log)
    }

    func testTheDocumentedScriptOpensOnePullRequestPerNewBranch() throws {
        let script = outputs + "/ci.sh"
        try documentedScript().write(toFile: script, atomically: true, encoding: .utf8)
        let (stubDirectory, log) = try stubs()
        try push(["main.aura": Self.broken], message: "broken")
        let env = ["PATH": stubDirectory, "AURA_OUT": outputs + "/run", "GITHUB_REF_NAME": "main"]
        let first = try ci.run("/bin/sh", [script, "github"], env: env.merging(["PATH": stubDirectory + ":" + CommandLineTests.binDirectory + ":/usr/bin:/bin"]) { $1 })
        XCTAssertEqual(first.status, 1, "the script exits with git aura ci's status\n" + first.stdout + first.stderr)
        let branch = try opened(first.stdout)
        let calls = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(calls.hasPrefix("gh\narg: pr\narg: create\narg: --head\narg: \(branch)\narg: --base\narg: main\n"
                                      + "arg: --title\narg: AURA heal: E0201 main.aura:1\narg: --body-file\n"), calls)
        let body = try XCTUnwrap(calls.components(separatedBy: "body:\n").last)
        XCTAssertTrue(body.hasPrefix("## AURA heal: E0201 main.aura:1\n\n### What was wrong\n"), body)
        XCTAssertFalse(body.contains("<!-- aura/heal/"), "the marker line is cut off")
        XCTAssertTrue(body.contains("+main = print!(1)"), body)
        XCTAssertTrue(try remoteHealBranches().keys.contains(branch))
        XCTAssertEqual(try validateSARIF(outputs + "/run/aura.sarif").output, "valid\n")

        // Run again after a commit that adds a second problem (GitLab this time): the first branch
        // is updated without a new merge request; the second gets one.
        try FileManager.default.removeItem(atPath: log)
        try push(["main.aura": "# moved\n" + Self.broken, "b.aura": "main = prnt!(2)\n"])
        let gitlab = ["PATH": stubDirectory + ":" + CommandLineTests.binDirectory + ":/usr/bin:/bin", "AURA_OUT": outputs + "/run2",
                      "CI_COMMIT_REF_NAME": "main"]
        let second = try ci.run("/bin/sh", [script, "gitlab"], env: gitlab)
        XCTAssertEqual(second.status, 1, second.stdout + second.stderr)
        XCTAssertTrue(second.stdout.contains("updated \(branch) "), second.stdout)
        let newBranch = try opened(second.stdout)
        let mergeRequests = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertEqual(mergeRequests.components(separatedBy: "\nend\n").count, 2, "exactly one merge request: \(mergeRequests)")
        XCTAssertTrue(mergeRequests.hasPrefix("glab\narg: mr\narg: create\narg: --source-branch\narg: \(newBranch)\narg: --target-branch\narg: main\n"
                                              + "arg: --title\narg: AURA heal: E0201 b.aura:1\narg: --description\narg: ## AURA heal: E0201 b.aura:1\n"),
                      mergeRequests)
        XCTAssertTrue(mergeRequests.contains("arg: --yes\nend\n"), mergeRequests)
        XCTAssertEqual(Set(try remoteHealBranches().keys), [branch, newBranch])

        // A usage error of git aura ci is passed on without opening anything.
        try FileManager.default.removeItem(atPath: log)
        let badRemote = try ci.run("/bin/sh", [script, "github"], env: gitlab.merging(["AURA_REMOTE": "nowhere"]) { $1 })
        XCTAssertEqual(badRemote.status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log))
    }

    /// `doctor --rebuild-ledger` rebuilds the other clones' heals from their fetched trailers too,
    /// each marked with its clone.
    func testTheRebuiltLedgerHoldsFetchedClonesHealsMarkedWithTheirClone() throws {
        try push(["main.aura": "main = print!(1)\n"], message: "clean")
        try author.write("main.aura", "main = prnt!(1)\n")
        XCTAssertEqual(try gitAura(author, ["heal", "--yes"]).status, 0)
        XCTAssertEqual(try gitAura(author, ["push"]).status, 0)
        let authorHeal = try XCTUnwrap(try author.git("log", "-1", "--format=%(trailers:key=Aura-Heal-Id,valueonly)", "refs/aura/heal")
            .trimmingCharacters(in: .whitespacesAndNewlines))
        let authorClone = try String(contentsOfFile: author.root + "/.git/aura/clone-id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try ci.write("main.aura", "main = prnt!(2)\n")
        XCTAssertEqual(try gitAura(ci, ["heal", "--yes"]).status, 0)
        XCTAssertEqual(try gitAura(ci, ["fetch"]).status, 0)

        let rebuilt = try gitAura(ci, ["doctor", "--rebuild-ledger"])
        XCTAssertTrue(rebuilt.stdout.contains("rebuilt the ledger from refs/aura/heal and 1 fetched clone history: "), rebuilt.stdout)
        let history = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try gitAura(ci, ["history", "--json"]).stdout.utf8)) as? [[String: Any]])
        let theirs = history.filter { ($0["ref"] as? String) == "refs/aura/remotes/origin/\(authorClone)/heal" }
        XCTAssertEqual(theirs.compactMap { $0["entryID"] as? String }.filter { $0.hasPrefix("h-") }, [authorHeal], "\(history)")
        XCTAssertTrue(theirs.allSatisfy { ($0["detail"] as? String ?? "").hasPrefix("rebuilt from git (clone origin/\(authorClone)): ") }, "\(theirs)")
        XCTAssertTrue(history.contains { ($0["ref"] as? String) == "refs/aura/heal" && ($0["kind"] as? String) == "heal" }, "its own heal is there too")
        let trigger = try ci.run("/usr/bin/sqlite3", [ci.root + "/.git/aura/ledger.sqlite",
                                                     "SELECT trigger FROM sessions WHERE heal_id = '\(authorHeal)'"])
        XCTAssertEqual(trigger.stdout, "clone origin/\(authorClone)\n", trigger.stderr)
    }
}
