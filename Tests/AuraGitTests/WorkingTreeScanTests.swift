@testable import AuraGit
import AuraHistory
import AuraTestSupport
import Foundation
import XCTest

/// The working-tree scan under every snapshot: its stat cache is exactly as trusting as git's
/// (no more), and scanning in parallel pieces gives the tree the one-thread scan gives.
final class WorkingTreeScanTests: XCTestCase {
    /// A file rewritten in place with the same size and its old mtime put back, while its index
    /// entry is racily clean (not older than the index file), is re-hashed and captured. With
    /// `core.trustctime=false` the changed ctime cannot give it away: only the racy-clean rule
    /// does, as in git.
    func testRacilyCleanEntryWithMatchingStatDataIsStillCaptured() throws {
        let repo = try TempRepository()
        try repo.git("config", "core.trustctime", "false")
        try repo.write("a.txt", "base\n")
        try repo.write("racy.txt", "aaaa\n")
        // The entry's mtime lies after the moment the index file is written: racily clean.
        let future = Date().addingTimeInterval(3_600)
        try setModificationTime(repo.root + "/racy.txt", future)
        try repo.commitAll()
        try rewriteInPlace(repo.root + "/racy.txt", "bbbb\n")
        try setModificationTime(repo.root + "/racy.txt", future)

        let repository = try repo.open()
        for threads in [1, 2] {
            let tree = try repository.workingTreeTree(threads: threads)
            XCTAssertEqual(try repo.git("cat-file", "-p", "\(tree.hex):racy.txt"), "bbbb\n", "threads: \(threads)")
        }
        let snapshot = try SnapshotStore(repository: repository).snapshot(reason: "racy")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):racy.txt"), "bbbb\n")
    }

    /// A repository inside the working tree that is not a submodule (a vendored clone) used to
    /// make every snapshot fail with "invalid path 'nested/'". It is left out — its files are
    /// that repository's — and everything around it is captured, on one thread and on two.
    func testAnUntrackedNestedRepositoryDoesNotBlockTheSnapshot() throws {
        let repo = try TempRepository()
        try repo.write("main.aura", "main = print!(1)\n")
        for n in 0..<3000 { try repo.write("lib/f\(n).txt", "\(n)\n") }
        try repo.commitAll()
        try repo.write("main.aura", "main = print!(2)\n")
        try repo.write("notes.txt", "new\n")
        try repo.write("vendor/clone/inner.aura", "main = print!(3)\n")
        try runGit(["init", "-q"], in: repo.root + "/vendor/clone")

        let repository = try repo.open()
        let sequential = try repository.workingTreeTree(threads: 1)
        XCTAssertEqual(try repository.workingTreeTree(threads: 2), sequential)
        let snapshot = try SnapshotStore(repository: repository).snapshot(reason: "nested")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):main.aura"), "main = print!(2)\n")
        XCTAssertEqual(try repo.git("show", "\(snapshot.commit.hex):notes.txt"), "new\n")
        let files = try repo.git("ls-tree", "-r", "--name-only", snapshot.commit.hex)
        XCTAssertFalse(files.contains("vendor/"), files)
        XCTAssertEqual(try repo.git("fsck", "--no-progress"), "")
    }

    private func runGit(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
    }

    /// The same rewrite on an entry that is older than the index (`touch -d` back to an old
    /// time, same size, same inode). git notices it through the ctime the write changed
    /// (`core.trustctime`, on by default), and so does AURA; with `core.trustctime=false` git
    /// trusts the stat data and keeps the old content, and AURA does the same — the snapshot
    /// equals `git add -A && git write-tree` in both cases.
    func testRewriteKeepingSizeAndMtimeFollowsGitsCtimeRule() throws {
        for trustCtime in [true, false] {
            let repo = try TempRepository()
            try repo.git("config", "core.trustctime", trustCtime ? "true" : "false")
            try repo.write("kept.txt", "aaaa\n")
            let old = Date(timeIntervalSince1970: 1_000_000_000)
            try setModificationTime(repo.root + "/kept.txt", old)
            try repo.commitAll()
            // git compares whole seconds of ctime (no USE_NSEC on Linux): the rewrite must land
            // in a later second for git to see it, as it would in real use.
            usleep(1_100_000)
            let inode = try inodeNumber(repo.root + "/kept.txt")
            try rewriteInPlace(repo.root + "/kept.txt", "bbbb\n")
            try setModificationTime(repo.root + "/kept.txt", old)
            XCTAssertEqual(try inodeNumber(repo.root + "/kept.txt"), inode, "rewritten in place")

            let expected = try repo.gitAddAllTree()
            let repository = try repo.open()
            for threads in [1, 2] {
                let tree = try repository.workingTreeTree(threads: threads)
                XCTAssertEqual(tree.hex, expected, "trustctime \(trustCtime), threads \(threads): git's answer")
                XCTAssertEqual(try repo.git("cat-file", "-p", "\(tree.hex):kept.txt"), trustCtime ? "bbbb\n" : "aaaa\n",
                               "trustctime \(trustCtime), threads \(threads)")
            }
        }
    }

    /// A generated repository with nested directories, symlinks, executable files, ignored files
    /// and directories (one holding tracked files), nested .gitignore files with negations,
    /// a gitlink, deletions, a file turned into a directory and one turned
    /// into a symlink: the parallel scan (2 and 3 pieces) gives the one-thread tree, byte for
    /// byte, and that tree is git's `git add -A && git write-tree`.
    func testParallelScanGivesTheSequentialTreeOnAGeneratedRepository() throws {
        let repo = try TempRepository()
        var generator = SeededGenerator(seed: 0x5eed)
        try repo.write(".gitignore", "*.log\nbuild/\n!keep.log\n")
        for top in ["app", "lib", "src"] {
            for directory in 0..<6 {
                for file in 0..<8 {
                    let path = "\(top)/d\(directory)/n\(file % 2)/f\(file).txt"
                    try repo.write(path, "\(path) \(generator.next())\n")
                }
            }
        }
        try repo.write("src/d1/.gitignore", "*.tmp\n!important.tmp\n")
        try repo.write("src/d1/important.tmp", "kept\n")
        try repo.write("run.sh", "#!/bin/sh\necho hi\n")
        XCTAssertEqual(chmod(repo.root + "/run.sh", 0o755), 0)
        XCTAssertEqual(symlink("../app/d0/n0/f0.txt", repo.root + "/lib/link"), 0)
        try repo.write("vendor/tracked.txt", "tracked in an ignored directory\n")
        try repo.write("to-dir", "a file that becomes a directory\n")
        try repo.write("to-link.txt", "a file that becomes a symlink\n")
        try repo.write("gone/only.txt", "a directory that is deleted\n")
        try repo.commitAll()
        // vendor/ is ignored only after its file was committed: it stays tracked.
        try repo.write(".gitignore", "*.log\nbuild/\n!keep.log\nvendor/\n")
        let head = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(head),modules/sub")
        try FileManager.default.createDirectory(atPath: repo.root + "/modules/sub", withIntermediateDirectories: true)

        // Changes of every kind, spread over all the pieces.
        for top in ["app", "lib", "src"] {
            try repo.write("\(top)/d2/n0/f0.txt", "edited \(generator.next())\n")
            try repo.write("\(top)/d5/new/untracked.txt", "untracked \(generator.next())\n")
            try repo.write("\(top)/d3/debug.log", "ignored\n")
            try repo.write("\(top)/d3/keep.log", "negated, so kept\n")
            try repo.delete("\(top)/d4/n1/f1.txt")
        }
        try repo.write("src/d1/scratch.tmp", "ignored by the nested .gitignore\n")
        try repo.write("build/out.o", "ignored directory\n")
        try repo.write("vendor/tracked.txt", "edited in an ignored directory\n")
        try repo.write("vendor/untracked.txt", "untracked in an ignored directory\n")
        XCTAssertEqual(chmod(repo.root + "/app/d0/n0/f0.txt", 0o755), 0)
        try repo.delete("to-dir")
        try repo.write("to-dir/inside.txt", "now a directory\n")
        try repo.delete("to-link.txt")
        XCTAssertEqual(symlink("run.sh", repo.root + "/to-link.txt"), 0)
        try repo.delete("gone")
        let repository = try repo.open()
        for threads in [2, 3] {
            let pieces = try XCTUnwrap(try repository.workingTreeScanPieces(threads), "the tree splits \(threads) ways")
            let names = pieces.flatMap { $0 }
            XCTAssertEqual(Set(names).count, names.count, "pieces are disjoint: \(pieces)")
            for name in ["app", "lib", "src", "to-dir", "to-link.txt", "gone", "modules", "build", "vendor", ".gitignore"] {
                XCTAssertTrue(names.contains { $0 == name || $0.hasPrefix(name + "/") }, "\(name) is covered: \(pieces)")
            }
        }
        let sequential = try repository.workingTreeTree(threads: 1)
        for threads in [2, 3] {
            XCTAssertEqual(try repository.workingTreeTree(threads: threads), sequential, "threads: \(threads)")
        }
        XCTAssertEqual(try repository.workingTreeTree(), sequential, "automatic choice")

        let files = try repo.git("ls-tree", "-r", "--name-only", sequential.hex)
        for expected in ["app/d2/n0/f0.txt", "src/d5/new/untracked.txt", "app/d3/keep.log", "src/d1/important.tmp",
                         "vendor/tracked.txt", "to-dir/inside.txt", "to-link.txt", "lib/link", "modules/sub"] {
            XCTAssertTrue(files.contains(expected + "\n"), "\(expected) is in the snapshot:\n\(files)")
        }
        for absent in ["app/d3/debug.log", "src/d1/scratch.tmp", "build/out.o", "vendor/untracked.txt", "app/d4/n1/f1.txt",
                       "gone/only.txt"] {
            XCTAssertFalse(files.contains(absent + "\n"), "\(absent) is not in the snapshot")
        }
        let modes = try repo.git("ls-tree", "-r", sequential.hex, "app/d0/n0/f0.txt", "to-link.txt", "lib/link", "modules/sub", "run.sh")
        XCTAssertTrue(modes.contains("100755 blob") && modes.contains("120000 blob") && modes.contains("160000 commit"), modes)
        XCTAssertEqual(try repo.git("cat-file", "-p", "\(sequential.hex):vendor/tracked.txt"), "edited in an ignored directory\n")

        XCTAssertEqual(sequential.hex, try repo.gitAddAllTree(), "git's `add -A` gives the same tree")
    }

    /// Changed files are stored through their clean filters and with libgit2's file-mode rules,
    /// whichever way the tree is scanned: CRLF conversion, `ident`, `core.fileMode=false` (an
    /// executable bit on disk does not reach the tree), and new files. Content already in the
    /// object database is freshened, not rewritten (as git does, so `git gc` keeps it).
    func testChangedFilesKeepFiltersAndModesAndFreshenKnownContent() throws {
        for fileMode in [true, false] {
            let repo = try TempRepository()
            try repo.git("config", "core.fileMode", fileMode ? "true" : "false")
            try repo.git("config", "core.autocrlf", "input")
            try repo.write(".gitattributes", "*.id ident\n")
            for top in ["a", "b", "c"] {
                try repo.write("\(top)/text.txt", "one\n")
                try repo.write("\(top)/tag.id", "$Id$\n")
                try repo.write("\(top)/tool.sh", "echo\n")
            }
            try repo.commitAll()
            for top in ["a", "b", "c"] {
                try repo.write("\(top)/text.txt", "two\r\nlines\r\n")
                try repo.write("\(top)/tag.id", "$Id$\nmore\n")
                XCTAssertEqual(chmod(repo.root + "/\(top)/tool.sh", 0o755), 0)
                try repo.write("\(top)/new.txt", "fresh\r\n")
            }
            let repository = try repo.open()
            XCTAssertNotNil(try repository.workingTreeScanPieces(2))
            let sequential = try repository.workingTreeTree(threads: 1)
            XCTAssertEqual(try repository.workingTreeTree(threads: 2), sequential, "fileMode \(fileMode)")
            XCTAssertEqual(sequential.hex, try repo.gitAddAllTree(), "fileMode \(fileMode): git's tree")
            XCTAssertEqual(try repo.git("cat-file", "-p", "\(sequential.hex):b/text.txt"), "two\nlines\n", "CRLF converted")
            let mode = try repo.git("ls-tree", sequential.hex, "c/tool.sh")
            XCTAssertTrue(mode.hasPrefix(fileMode ? "100755" : "100644"), "fileMode \(fileMode): \(mode)")

            // The new file's blob exists now; made old, a second parallel scan freshens it.
            let blob = try repo.git("rev-parse", "\(sequential.hex):a/new.txt").trimmingCharacters(in: .whitespacesAndNewlines)
            let loose = repo.root + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2)
            let old = Date(timeIntervalSince1970: 1_000_000_000)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: loose)
            XCTAssertEqual(try repository.workingTreeTree(threads: 2), sequential)
            let touched = try FileManager.default.attributesOfItem(atPath: loose)[.modificationDate] as? Date
            XCTAssertGreaterThan(touched ?? old, old.addingTimeInterval(86_400), "known content is freshened")
        }
    }

    /// The pieces a 10-directory tree is split into: disjoint, and together naming every path.
    func testPartitionSplitsBelowASingleTopLevelDirectory() throws {
        let repo = try TempRepository()
        for directory in 0..<10 {
            for file in 0..<5 { try repo.write("src/d\(directory)/f\(file).txt", "\(directory) \(file)\n") }
        }
        try repo.write("README", "top\n")
        try repo.commitAll()
        try repo.write("src/untracked-at-the-split-level.txt", "new\n")
        let repository = try repo.open()
        let directories = (0..<10).map { "src/d\($0)" }
        XCTAssertEqual(try repository.workingTreeScanPieces(2), [
            ["README"] + directories[0..<5],
            directories[5...] + ["src/untracked-at-the-split-level.txt"],
        ], "split one level down, balanced by index entries, the untracked file named too")
        let sequential = try repository.workingTreeTree(threads: 1)
        let parallel = try repository.workingTreeTree(threads: 2)
        XCTAssertEqual(parallel, sequential)
        XCTAssertEqual(try repo.git("cat-file", "-p", "\(parallel.hex):src/untracked-at-the-split-level.txt"), "new\n")
    }

    /// A tracked directory that holds a repository of its own is never split into its children
    /// (libgit2 sees it as one unit), however much of the index it holds; a plain one is.
    func testPartitionKeepsADirectoryHoldingARepositoryWhole() throws {
        let repo = try TempRepository()
        for file in 0..<20 { try repo.write("big/d\(file % 2)/f\(file).txt", "\(file)\n") }
        try repo.write("a.txt", "a\n")
        try repo.write("b.txt", "b\n")
        try repo.commitAll()
        let repository = try repo.open()
        XCTAssertEqual(try repository.workingTreeScanPieces(2), [["a.txt", "b.txt", "big/d0"], ["big/d1"]], "split below big/")
        try runGit(["init", "-q"], in: repo.root + "/big")
        XCTAssertEqual(try repo.open().workingTreeScanPieces(2), [["a.txt", "b.txt"], ["big"]], "big/ holds a repository: one name")
    }

    // MARK: - Helpers

    /// Overwrites a file's bytes without replacing it (same inode), as an editor writing in place does.
    private func rewriteInPlace(_ path: String, _ text: String) throws {
        let descriptor = Foundation.open(path, O_WRONLY | O_TRUNC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        XCTAssertEqual(write(descriptor, bytes, bytes.count), bytes.count)
    }

    private func setModificationTime(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    private func inodeNumber(_ path: String) throws -> UInt64 {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        return UInt64(info.st_ino)
    }
}
