@testable import AuraHeal
import AuraGit
import AuraTestSupport
import Foundation
import XCTest

/// The inotify watcher on a real working tree: recursive, new directories picked up, and
/// `.git/` and git-ignored paths never reported. Each wait returns as soon as events arrive;
/// the bound only keeps a broken watcher from hanging the test.
final class InotifyWatcherTests: XCTestCase {
    /// Waits until `path` is reported (or the bound passes), collecting everything reported.
    func collect(_ watcher: InotifyWatcher, until path: String) -> Set<String> {
        var seen = Set<String>()
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains(path), Date() < deadline { seen.formUnion(watcher.wait(timeout: 1).paths) }
        return seen
    }

    func testReportsChangedAuraFilesRecursivelyButNotWhatGitIgnores() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n", "src/lib.aura": "one = 1\n", ".gitignore": "build/\n*.tmp.aura\n",
                                                   "build/out.aura": "x = 1\n"])
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path))
        try repo.write("build/out.aura", "x = 2\n")
        try repo.write("scratch.tmp.aura", "x = 3\n")
        try repo.write("notes.txt", "not code\n")
        try repo.write(".git/aura-test.aura", "inside .git\n")
        try repo.write("src/lib.aura", "one = 2\n")
        let seen = collect(watcher, until: "src/lib.aura")
        XCTAssertTrue(seen.contains("src/lib.aura"))
        XCTAssertFalse(seen.contains("build/out.aura"), "ignored directory")
        XCTAssertFalse(seen.contains("scratch.tmp.aura"), "ignored file")
        XCTAssertFalse(seen.contains { !$0.hasSuffix(".aura") || $0.hasPrefix(".git/") }, "\(seen)")
    }

    func testANewDirectoryIsWatchedAsItAppears() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path))
        try FileManager.default.createDirectory(atPath: repo.path + "/new/deeper", withIntermediateDirectories: true)
        try repo.write("new/deeper/first.aura", "x = 1\n")
        XCTAssertTrue(collect(watcher, until: "new/deeper/first.aura").contains("new/deeper/first.aura"),
                      "a file written before the watch was added is found by the scan")
        try repo.write("new/deeper/second.aura", "y = 1\n")
        XCTAssertTrue(collect(watcher, until: "new/deeper/second.aura").contains("new/deeper/second.aura"))
    }

    func testANestedRepositoryIsLeftToItself() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        try repo.git("worktree", "add", "-q", "linked")
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path))
        try repo.write("linked/a.aura", "main = print(2)\n")
        try repo.write("a.aura", "main = print!(3)\n")
        let seen = collect(watcher, until: "a.aura")
        XCTAssertFalse(seen.contains("linked/a.aura"), "the linked worktree has its own watcher: \(seen)")
    }

    func testTheStopDescriptorEndsTheWait() throws {
        let repo = try TemporaryRepository(files: ["a.aura": "main = print!(1)\n"])
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        let watcher = try InotifyWatcher(repository: try Repository.open(at: repo.path), stopDescriptor: ends[0])
        var byte: UInt8 = 1
        XCTAssertEqual(write(ends[1], &byte, 1), 1)
        XCTAssertTrue(watcher.wait(timeout: 20).stopped)
    }
}
