import Foundation
import XCTest

/// editors/neovim/lua/aura in a real headless Neovim, without a server: the project root it
/// gives the server, and a clear error when the server command is missing.
final class NeovimPluginTests: XCTestCase {
    func testRootIsTheNearestGitDirectoryOrWorktreeFileElseTheFilesDirectory() throws {
        let dir = try EditorFiles.temporaryDirectory(for: self, prefix: "aura-nvim-roots")
        let fm = FileManager.default
        // A repository with a nested folder; a worktree, whose `.git` is a file; no marker at all.
        try fm.createDirectory(atPath: dir + "/repo/.git", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/repo/src/lib", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir + "/worktree/src", withIntermediateDirectories: true)
        try "gitdir: \(dir)/repo/.git/worktrees/w\n".write(toFile: dir + "/worktree/.git", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: dir + "/loose/deep", withIntermediateDirectories: true)
        let files = [dir + "/repo/src/lib/a.aura", dir + "/repo/b.aura", dir + "/worktree/src/c.aura", dir + "/loose/deep/d.aura"]
        for file in files { try "main = print!(1)\n".write(toFile: file, atomically: true, encoding: .utf8) }
        try (files.joined(separator: "\n") + "\n").write(toFile: dir + "/paths.txt", atomically: true, encoding: .utf8)

        let missing = dir + "/no-such-aura"
        let report = try NeovimSession(home: dir).run(driver: "plugin_roots.lua", file: files[0], in: dir, environment: [
            "AURA_PATHS": dir + "/paths.txt",
            "AURA_MISSING_COMMAND": missing,
        ])
        XCTAssertTrue(report.ok, report.error ?? "")
        let roots = try XCTUnwrap(report.result["roots"] as? [String])
        XCTAssertEqual(roots, [dir + "/repo", dir + "/repo", dir + "/worktree", dir + "/loose/deep"])

        // setup() attached to the open buffer at once and said why it could not start a server.
        let notified = try XCTUnwrap(report.result["notified"] as? [[String: Any]])
        XCTAssertEqual(notified.count, 1, "\(notified)")
        XCTAssertEqual(notified.first?["message"] as? String,
                       "aura: cannot start the language server: `\(missing)` is not executable")
        XCTAssertEqual(notified.first?["level"] as? Int, 4, "vim.log.levels.ERROR")
        XCTAssertEqual(report.result["clients"] as? Int, 0)
    }
}
