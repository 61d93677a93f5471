import Foundation
import XCTest

/// `git aura push` / `fetch` / `history --all` / `undo --push` with two clones and a bare
/// remote, all real repositories driven through `git aura`, checked with the git CLI.
final class SharedHistoryTests: XCTestCase {
    private var remote: TempRepository!
    private var alice: TempRepository!
    private var bob: TempRepository!

    override func setUpWithError() throws {
        remote = try TempRepository(bare: true)
        alice = try TempRepository()
        try alice.write("main.aura", "main = print!(1)\n")
        try alice.commitAll()
        try alice.git("remote", "add", "origin", remote.root)
        try alice.git("push", "-q", "origin", "main")
        bob = try TempRepository()
        try bob.git("remote", "add", "origin", remote.root)
        try bob.git("pull", "-q", "origin", "main")
    }

    private func gitAura(_ repo: TempRepository, _ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        var extra: [String: String] = [:]
        extra["PATH"] = CommandLineTests.binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try repo.run("/usr/bin/git", ["aura"] + args, env: extra)
    }

    @discardableResult
    private func heal(_ repo: TempRepository, _ broken: String) throws -> String {
        try repo.write("main.aura", broken)
        let healed = try gitAura(repo, "heal", "--yes")
        XCTAssertEqual(healed.status, 0, healed.stderr + healed.stdout)
        let id = try XCTUnwrap(healed.stdout.range(of: #"h-[0-9a-f]+"#, options: .regularExpression).map { String(healed.stdout[$0]) })
        return id
    }

    private func cloneID(_ repo: TempRepository) throws -> String {
        try String(contentsOfFile: repo.root + "/.git/aura/clone-id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func remoteRefs() throws -> [String: String] {
        var refs: [String: String] = [:]
        for line in try remote.git("for-each-ref", "--format=%(refname) %(objectname)", "refs/aura").split(separator: "\n") {
            let parts = line.split(separator: " ")
            refs[String(parts[0])] = String(parts[1])
        }
        return refs
    }

    func testTwoClonesShareTheirHistoriesWithoutTouchingEachOther() throws {
        let healA = try heal(alice, "main = prnt!(1)\n")
        let pushed = try gitAura(alice, "push")
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let a = try cloneID(alice)
        XCTAssertTrue(pushed.stdout.contains("pushed 1 ref of clone \(a) to origin"), pushed.stdout)
        XCTAssertEqual(try remoteRefs()["refs/aura/clones/\(a)/heal"], try alice.git("rev-parse", "refs/aura/heal").trimmingCharacters(in: .newlines))
        XCTAssertTrue(try gitAura(alice, "push").stdout.hasPrefix("nothing to push"))

        let healB = try heal(bob, "main = prnt!(2)\n")
        XCTAssertEqual(try gitAura(bob, "push").status, 0)
        let b = try cloneID(bob)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(Set(try remoteRefs().keys), ["refs/aura/clones/\(a)/heal", "refs/aura/clones/\(b)/heal"])

        let fetched = try gitAura(bob, "fetch")
        XCTAssertEqual(fetched.status, 0, fetched.stderr)
        XCTAssertTrue(fetched.stdout.contains("fetched the heal history of 1 other clone from origin"), fetched.stdout)
        XCTAssertTrue(fetched.stdout.contains("\(a) heal: 1 heal, newest \(healA)"), fetched.stdout)
        let all = try gitAura(bob, "history", "--all")
        XCTAssertTrue(all.stdout.contains("origin/\(a) heal"), all.stdout)
        XCTAssertTrue(all.stdout.contains(healA), all.stdout)
        XCTAssertFalse(all.stdout.contains("origin/\(b)"), "a clone's own history is not listed as another's")
        let json = try JSONSerialization.jsonObject(with: Data(try gitAura(bob, "history", "--all", "--json").stdout.utf8)) as? [String: Any]
        let clones = try XCTUnwrap(json?["clones"] as? [[String: Any]])
        XCTAssertEqual(clones.first?["clone"] as? String, a)
        XCTAssertEqual((clones.first?["entries"] as? [[String: Any]])?.first?["id"] as? String, healA)
        // Bob's own history is his alone, and both repositories are sound.
        XCTAssertTrue(try bob.git("log", "--format=%B", "refs/aura/heal").contains(healB))
        XCTAssertFalse(try bob.git("log", "--format=%B", "refs/aura/heal").contains(healA))
        XCTAssertNoThrow(try bob.git("fsck", "--no-progress"))
        XCTAssertNoThrow(try remote.git("fsck", "--no-progress"))
    }

    func testUndoThenPushMovesTheRemoteRefBackAndClearedRedoIsDeleted() throws {
        try heal(alice, "main = prnt!(1)\n")
        XCTAssertEqual(try gitAura(alice, "push").status, 0)
        XCTAssertEqual(try gitAura(alice, "undo").status, 0)
        let afterUndo = try gitAura(alice, "push")
        XCTAssertEqual(afterUndo.status, 0, afterUndo.stderr)
        let a = try cloneID(alice)
        let refs = try remoteRefs()
        XCTAssertEqual(refs["refs/aura/clones/\(a)/heal"], try alice.git("rev-parse", "refs/aura/heal").trimmingCharacters(in: .newlines))
        XCTAssertEqual(refs["refs/aura/clones/\(a)/redo"], try alice.git("rev-parse", "refs/aura/redo").trimmingCharacters(in: .newlines))
        // A new heal clears redo; the next push deletes the remote copy.
        try heal(alice, "main = prnt!(3)\n")
        let cleared = try gitAura(alice, "push")
        XCTAssertTrue(cleared.stdout.contains("refs/aura/clones/\(a)/redo  delete"), cleared.stdout)
        XCTAssertNil(try remoteRefs()["refs/aura/clones/\(a)/redo"])
    }

    func testAPushNeverOverwritesARefItHasNotSeen() throws {
        try heal(alice, "main = prnt!(1)\n")
        XCTAssertEqual(try gitAura(alice, "push").status, 0)
        let a = try cloneID(alice)
        // Someone else moves this clone's ref on the remote (a copied clone keeps the id).
        let foreign = try remote.git("rev-parse", "refs/aura/clones/\(a)/heal").trimmingCharacters(in: .newlines)
        let base = try remote.git("rev-parse", "main").trimmingCharacters(in: .newlines)
        try remote.git("update-ref", "refs/aura/clones/\(a)/heal", base, foreign)
        try heal(alice, "main = prnt!(2)\n")
        let refused = try gitAura(alice, "push")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("run `git aura fetch origin` and push again"), refused.stderr)
        XCTAssertEqual(try remoteRefs()["refs/aura/clones/\(a)/heal"], base, "the ref it had not seen is untouched")
    }

    func testDryRunChangesNothingAndUnknownRemotesAreUsageErrors() throws {
        try heal(alice, "main = prnt!(1)\n")
        let dry = try gitAura(alice, "push", "--dry-run")
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.hasPrefix("would push 1 ref"), dry.stdout)
        XCTAssertEqual(try remoteRefs(), [:])
        XCTAssertEqual(try gitAura(alice, "push").status, 0, "the dry run recorded nothing as pushed")
        let unknown = try gitAura(alice, "push", "upstream")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no remote named `upstream`"), unknown.stderr)
        XCTAssertEqual(try gitAura(alice, "fetch", "a/b").status, 64)
    }

    /// A heal of code that was committed broken (a published branch carries the fix onto HEAD).
    private func healCommitted(_ repo: TempRepository, _ broken: String) throws -> String {
        try repo.write("main.aura", broken)
        try repo.commitAll("broken")
        return try heal(repo, broken)
    }

    func testUndoPushDeletesThePublishedBranchUnlessSomeoneAddedToIt() throws {
        let first = try healCommitted(alice, "main = prnt!(1)\n")
        XCTAssertEqual(try gitAura(alice, "publish", first, "--push", "origin").status, 0)
        XCTAssertNoThrow(try remote.git("rev-parse", "--verify", "refs/heads/aura/heal/\(first)"))
        let undone = try gitAura(alice, "undo", "--push", "origin")
        XCTAssertEqual(undone.status, 0, undone.stderr)
        XCTAssertTrue(undone.stdout.contains("deleted aura/heal/\(first) on origin"), undone.stdout)
        XCTAssertThrowsError(try remote.git("rev-parse", "--verify", "refs/heads/aura/heal/\(first)"))

        // A reviewer pushes a commit onto the next heal branch: undo keeps it.
        let second = try healCommitted(alice, "main = prnt!(2)\n")
        XCTAssertEqual(try gitAura(alice, "publish", second, "--push", "origin").status, 0)
        try bob.git("fetch", "-q", "origin", "refs/heads/aura/heal/\(second):refs/heads/review")
        try bob.git("checkout", "-q", "review")
        try bob.write("NOTES.md", "reviewed\n")
        try bob.commitAll()
        try bob.git("push", "-q", "origin", "review:refs/heads/aura/heal/\(second)")
        let kept = try gitAura(alice, "undo", "--push", "origin")
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertTrue(kept.stdout.contains("kept aura/heal/\(second) on origin"), kept.stdout)
        XCTAssertNoThrow(try remote.git("rev-parse", "--verify", "refs/heads/aura/heal/\(second)"))
    }
}
