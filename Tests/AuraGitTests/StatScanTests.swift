@testable import AuraGit
import CGit2
import AuraTestSupport
import Foundation
import XCTest

/// The stat scan under every snapshot (`StatScan`): on every kind of working-tree change it gives
/// the tree libgit2's diff gives (and git's `add -A`), and it hands every index or tree it does
/// not model to libgit2's diff instead of deciding.
final class StatScanTests: XCTestCase {
    /// Twelve rounds of random changes of every kind on a 3-level tree whose names sort
    /// awkwardly (`k`, `k-1`, `k.txt`, `k0`): after each round the stat scan in 1, 2 and 3
    /// pieces gives libgit2's tree and git's. Between rounds everything is committed and its
    /// mtimes moved into the past, so most entries are trusted by their stat data (the scan's
    /// fast case) rather than racily clean.
    func testStatScanGivesLibgit2sAndGitsTreeOnRandomChanges() throws {
        let repo = try TempRepository()
        var random = SeededGenerator(seed: 0x57a7)
        try repo.write(".gitignore", "*.log\nbuild/\n!keep.log\n")
        for top in ["k", "k-1", "k.d", "k0", "src"] {
            for directory in 0..<3 {
                for file in 0..<4 {
                    try repo.write("\(top)/d\(directory)/f\(file).txt", "\(top) \(directory) \(file)\n")
                }
            }
        }
        try repo.write("k.txt", "a file that sorts between k and k/\n")
        try settle(repo)

        for round in 0..<12 {
            // Settled, every entry is trusted by its stat data: nothing to hash, nothing gone, and
            // every untracked name ignored.
            let clean = try XCTUnwrap(try findings(repo))
            XCTAssertEqual([clean.findings.modified.count, clean.findings.removed.count], [0, 0], "round \(round)")
            XCTAssertEqual(clean.untrackedFiles, [], "round \(round): every untracked name is ignored (or an empty directory)")
            var files = try trackedFiles(repo)
            var exotic = false
            for _ in 0..<6 {
                guard !files.isEmpty else { break }
                let file = files.remove(at: Int.random(in: 0..<files.count, using: &random))
                let directory = (file as NSString).deletingLastPathComponent
                // An earlier change of the round may have taken it away (its directory deleted).
                var info = stat()
                guard lstat(repo.root + "/" + file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                switch Int.random(in: 0..<13, using: &random) {
                case 0: try repo.write(file, "edited in round \(round)\n")
                case 1: try repo.delete(file)
                case 2: XCTAssertEqual(chmod(repo.root + "/" + file, 0o755), 0)
                case 3:
                    try repo.delete(file)
                    XCTAssertEqual(symlink("elsewhere/\(round)", repo.root + "/" + file), 0)
                case 4:
                    try repo.delete(file)
                    try repo.write(file + "/inside.txt", "a file that became a directory\n")
                case 5 where !directory.isEmpty:
                    try FileManager.default.removeItem(atPath: repo.root + "/" + directory)
                    try repo.write(directory, "a directory that became a file\n")
                case 6 where !directory.isEmpty:
                    try FileManager.default.removeItem(atPath: repo.root + "/" + directory)
                case 7: try repo.write(directory + "/new\(round).txt", "untracked\n")
                case 8:
                    try repo.write(directory + "/fresh\(round)/a.txt", "untracked directory\n")
                    try repo.write(directory + "/fresh\(round)/debug.log", "ignored\n")
                    try repo.write(directory + "/fresh\(round)/keep.log", "negated, so kept\n")
                    try repo.write(directory + "/fresh\(round)/deeper/.gitignore", "*.tmp\n")
                    try repo.write(directory + "/fresh\(round)/deeper/x.tmp", "ignored by the nested .gitignore\n")
                    try repo.write(directory + "/fresh\(round)/empty/.keep-not", "")
                    try repo.delete(directory + "/fresh\(round)/empty/.keep-not")
                case 9: try repo.write(directory + "/build/out\(round).o", "ignored directory\n")
                case 10:
                    // The same bytes written again: new stat data, same content.
                    let content = try XCTUnwrap(repo.read(file))
                    try repo.delete(file)
                    try repo.write(file, content)
                case 11 where !directory.isEmpty:
                    try FileManager.default.removeItem(atPath: repo.root + "/" + directory)
                    XCTAssertEqual(symlink("../src", repo.root + "/" + directory), 0)
                case 12:
                    // A fifo where a file was: libgit2 skips it, so the entry counts as deleted.
                    try repo.delete(file)
                    XCTAssertEqual(mkfifo(repo.root + "/" + file, 0o644), 0)
                    exotic = true
                default: try repo.write(file, "edited in round \(round), default\n")
                }
            }
            let repository = try repo.open()
            let expected = try repository.workingTreeTree(threads: 1, scanner: .libgit2Diff)
            for threads in [1, 2, 3] {
                let tree = try XCTUnwrap(try repository.statScanTree(threads: threads), "round \(round): scanned, not handed to libgit2")
                XCTAssertEqual(tree, expected, "round \(round), \(threads) pieces: libgit2's tree")
            }
            if !exotic { XCTAssertEqual(expected.hex, try repo.gitAddAllTree(), "round \(round): git's tree") }
            try removeFifos(repo)
            try settle(repo)
        }
    }

    /// More tracked files to hash again than `statScanHashLimit` (every file touched) is left to
    /// libgit2's diff, which hashes them in parallel; the snapshot is the same tree.
    func testManyFilesToHashAgainGoToLibgit2() throws {
        let repo = try TempRepository()
        let count = Repository.statScanHashLimit + 1
        for file in 0..<count { try repo.write("src/d\(file % 4)/f\(file).txt", "\(file)\n") }
        try settle(repo)
        try repo.write("src/d0/f0.txt", "edited\n")
        let repository = try repo.open()
        XCTAssertNotNil(try repository.statScanTree(threads: 1), "one file to hash: the stat scan")
        _ = try repo.run("/bin/sh", ["-c", "find src -type f -exec touch {} +"], in: repo.root)
        XCTAssertNil(try repository.statScanTree(threads: 1), "\(count) files to hash: libgit2's diff")
        let tree = try repository.workingTreeTree()
        XCTAssertEqual(tree, try repository.workingTreeTree(threads: 1, scanner: .libgit2Diff))
        XCTAssertEqual(try repo.git("cat-file", "-p", "\(tree.hex):src/d0/f0.txt"), "edited\n")
    }

    /// An untracked repository inside the working tree is left out (its files are its own), at
    /// the top level and below a tracked directory, as libgit2's scan leaves it out.
    func testUntrackedNestedRepositoryIsLeftOut() throws {
        let repo = try TempRepository()
        try repo.write("src/a.txt", "a\n")
        try settle(repo)
        for nested in ["other", "src/inner"] {
            try repo.git("init", "-q", repo.root + "/" + nested)
            try repo.write(nested + "/theirs.txt", "belongs to the nested repository\n")
        }
        try repo.write("src/mine.txt", "untracked, taken\n")
        let repository = try repo.open()
        let tree = try XCTUnwrap(try repository.statScanTree(threads: 1))
        XCTAssertEqual(tree, try repository.workingTreeTree(threads: 1, scanner: .libgit2Diff))
        let files = try repo.git("ls-tree", "-r", "--name-only", tree.hex)
        XCTAssertEqual(files, "src/a.txt\nsrc/mine.txt\n")
    }

    /// Indexes and trees only libgit2's diff decides: a gitlink, a repository inside a tracked
    /// directory, and assume-unchanged, skip-worktree, intent-to-add and conflicted entries.
    /// The stat scan refuses each (nil) and the snapshot is libgit2's tree.
    func testWhatTheStatScanDoesNotModelGoesToLibgit2() throws {
        let cases: [(String, (TempRepository) throws -> Void)] = [
            ("gitlink", { repo in
                let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
                try repo.git("update-index", "--add", "--cacheinfo", "160000,\(head),modules/sub")
            }),
            ("repository in a tracked directory", { repo in try repo.git("init", "-q", repo.root + "/src") }),
            ("assume-unchanged", { repo in
                try repo.git("update-index", "--assume-unchanged", "src/a.txt")
                try repo.write("src/a.txt", "changed behind git's back\n")
            }),
            ("skip-worktree", { repo in
                try repo.git("update-index", "--skip-worktree", "src/b.txt")
                try repo.delete("src/b.txt")
            }),
            ("intent-to-add", { repo in
                try repo.write("src/later.txt", "intent to add\n")
                try repo.git("add", "-N", "src/later.txt")
            }),
            ("conflict", { repo in
                let blob = try repo.git(["hash-object", "-w", "--stdin"], input: "theirs\n").trimmingCharacters(in: .whitespacesAndNewlines)
                try repo.git(["update-index", "--index-info"], input: "0 \(String(repeating: "0", count: 40))\tsrc/a.txt\n100644 \(blob) 1\tsrc/a.txt\n100644 \(blob) 3\tsrc/a.txt\n")
            }),
        ]
        for (name, setUp) in cases {
            let repo = try TempRepository()
            try repo.write("src/a.txt", "a\n")
            try repo.write("src/b.txt", "b\n")
            try settle(repo)
            try setUp(repo)
            try repo.write("src/new.txt", "untracked\n")
            let repository = try repo.open()
            XCTAssertNil(try repository.statScanTree(threads: 1), "\(name): refused")
            XCTAssertNil(try repository.statScanTree(threads: 2), "\(name): refused in pieces")
            // A conflicted index has no tree either way (the snapshot reports the merge in progress).
            let snapshot = try? repository.workingTreeTree()
            let libgit2 = try? repository.workingTreeTree(threads: 1, scanner: .libgit2Diff)
            XCTAssertEqual(snapshot, libgit2, "\(name): the snapshot is libgit2's tree")
            XCTAssertEqual(snapshot == nil, name == "conflict", "\(name): only the conflict has no tree")
        }
    }

    /// With `core.fileMode=false` a file whose content changed and that became executable is
    /// stored as git stores it, 100644, by either scan: the in-memory index takes the
    /// repository's capabilities (a standalone libgit2 index trusts file modes, and stored
    /// 100755 before).
    func testChangedFileKeepsItsModeWhereFileModeIsNotTrusted() throws {
        let repo = try TempRepository()
        try repo.git("config", "core.fileMode", "false")
        try repo.write("tool.sh", "echo one\n")
        try settle(repo)
        try repo.write("tool.sh", "echo two\n")
        XCTAssertEqual(chmod(repo.root + "/tool.sh", 0o755), 0)
        let repository = try repo.open()
        for scanner in [Repository.WorkingTreeScanner.statScan, .libgit2Diff] {
            let tree = try repository.workingTreeTree(threads: 1, scanner: scanner)
            XCTAssertTrue(try repo.git("ls-tree", tree.hex, "tool.sh").hasPrefix("100644"), "\(scanner)")
            XCTAssertEqual(tree.hex, try repo.gitAddAllTree(), "\(scanner): git's tree")
        }
    }

    /// An index read ahead of the scan is used only while the index file is the one it read:
    /// after `git add -f` of an ignored file and `git rm` of another (the index rewritten between
    /// the read and the scan), the snapshot is the tree of the index as it is now.
    func testAnIndexReadAheadIsNotUsedOnceTheIndexChanged() throws {
        let repo = try TempRepository()
        try repo.write(".gitignore", "*.log\n")
        try repo.write("a.txt", "a\n")
        try repo.write("b.txt", "b\n")
        try settle(repo)
        try repo.write("forced.log", "ignored, then added by force\n")

        let repository = try repo.open()
        repository.prefetchIndexForScan()
        XCTAssertNotNil(repository.scanIndexPrefetch?.take(), "read ahead and current")
        let unchanged = try repository.workingTreeTree()
        XCTAssertEqual(unchanged, try repository.workingTreeTree(threads: 1, scanner: .libgit2Diff))

        repository.prefetchIndexForScan()
        XCTAssertNotNil(repository.scanIndexPrefetch?.take(), "read ahead")
        try repo.git("add", "-f", "forced.log")
        try repo.git("rm", "-q", "b.txt")
        XCTAssertNil(repository.scanIndexPrefetch?.take(), "the index file changed since")
        let tree = try repository.workingTreeTree()
        XCTAssertEqual(tree, try repository.workingTreeTree(threads: 1, scanner: .libgit2Diff))
        XCTAssertEqual(try repo.git("ls-tree", "-r", "--name-only", tree.hex), ".gitignore\na.txt\nforced.log\n")
        XCTAssertNil(repository.scanIndexPrefetch, "a read ahead serves one scan")
    }

    /// The read started before the command line is parsed serves the command's repository only
    /// when it is that repository's index: a reopened handle of the same repository takes it, a
    /// different repository reads its own.
    func testTheEarlyIndexReadServesOnlyItsOwnRepository() throws {
        let repo = try TempRepository(), other = try TempRepository()
        try repo.write("a.txt", "a\n")
        try other.write("b.txt", "b\n")
        try settle(repo)
        try settle(other)
        let path = repo.root, otherPath = other.root

        EarlyIndexRead.start { try Repository.open(at: path) }
        let same = try Repository.open(at: path)
        same.prefetchIndexForScan()
        let early = try XCTUnwrap(same.scanIndexPrefetch?.take(), "the early read is taken over")
        XCTAssertTrue(early.isOf(same), "a separate handle of the same repository")
        XCTAssertEqual(try same.workingTreeTree().hex, try repo.gitAddAllTree())
        XCTAssertNil(EarlyIndexRead.take(), "taken once")

        EarlyIndexRead.start { try Repository.open(at: path) }
        let different = try Repository.open(at: otherPath)
        different.prefetchIndexForScan()
        let foreign = try XCTUnwrap(different.scanIndexPrefetch?.take())
        XCTAssertFalse(foreign.isOf(different))
        XCTAssertEqual(try different.workingTreeTree().hex, try other.gitAddAllTree(), "its own index, read again")
    }

    // MARK: - Helpers

    /// What a one-piece stat scan of `repo` finds against its index file, and the untracked
    /// files it takes.
    private func findings(_ repo: TempRepository) throws -> (findings: StatScanFindings, untrackedFiles: [String])? {
        let repository = try repo.open()
        let index = try repository.openIndexFile()
        defer { git_index_free(index) }
        try repository.adopt(index, into: try repository.reopened())
        var info = stat()
        XCTAssertEqual(stat(repository.indexPath, &info), 0)
        let rules = StatScanWalker.Rules(indexTime: (Int32(info.st_mtim.tv_sec), UInt32(info.st_mtim.tv_nsec)),
                                         trustsFileMode: true, trustsCtime: true)
        let cache = try XCTUnwrap(IndexStatCache(index))
        let scan = StatScan(cache: cache, root: repository.workingDirectory, rules: rules)
        guard let findings = scan.run(nil), let files = scan.untrackedFiles(findings.untracked, repository: repository) else {
            return nil
        }
        return (findings, files)
    }

    /// Moves every file's mtime an hour back, then indexes everything afresh and commits it, so
    /// the entries are older than the index file (trusted by their stat data, not racily clean)
    /// and hold the stat data the files have now. (Refreshing an existing index would not do:
    /// git compares whole seconds of ctime and keeps an entry whose nanoseconds changed.)
    private func settle(_ repo: TempRepository) throws {
        let past = timespec(tv_sec: Int(Date().timeIntervalSince1970) - 3600, tv_nsec: 0)
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: repo.root))
        for case let path as String in walker {
            if path == ".git" { walker.skipDescendants(); continue }
            var times = [past, past]
            XCTAssertEqual(utimensat(AT_FDCWD, repo.root + "/" + path, &times, AT_SYMLINK_NOFOLLOW), 0, path)
        }
        try? FileManager.default.removeItem(atPath: repo.root + "/.git/index")
        try repo.git("add", "-A")
        try repo.git("-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", "settle")
    }

    private func trackedFiles(_ repo: TempRepository) throws -> [String] {
        try repo.git("ls-files").split(separator: "\n").map(String.init)
    }

    private func removeFifos(_ repo: TempRepository) throws {
        guard let walker = FileManager.default.enumerator(atPath: repo.root) else { return }
        for case let path as String in walker where !path.hasPrefix(".git") {
            var info = stat()
            if lstat(repo.root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFIFO {
                try repo.delete(path)
            }
        }
    }
}
