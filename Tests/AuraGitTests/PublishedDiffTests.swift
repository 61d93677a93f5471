@testable import AuraHistory
import Foundation
import XCTest

/// The diff in a heal's pull-request description is a real unified diff: `git apply` takes it and
/// produces the healed file byte for byte (it used to drop blank context lines and write a hunk
/// header without counts).
final class PublishedDiffTests: XCTestCase {
    private let cases: [(name: String, before: String, after: String)] = [
        ("one line in the middle, blank lines around it", "@User { name:s }\n\nf(): s = join(\" \")\n\nsend!(t: s) = print!(t)\n\nmain = 1\n",
         "@User { name:s }\n\nf(): s = join(\", \")\n\nsend!(t: s) = print!(t)\n\nmain = 1\n"),
        ("first line", "a\nb\nc\nd\ne\nf\ng\nh\n", "A\nb\nc\nd\ne\nf\ng\nh\n"),
        ("last line, no newline before or after", "a\nb\nc", "a\nb\nC"),
        ("a newline added at the end", "a\nb\nc", "a\nb\nc\n"),
        ("a newline removed at the end", "a\nb\nc\n", "a\nb\nc"),
        ("lines inserted", "a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\nx\ny\ne\nf\ng\nh\ni\n"),
        ("lines removed", "a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nh\ni\n"),
        ("everything replaced", "old\n", "new\nnewer\n"),
        ("a file emptied", "a\nb\n", ""),
    ]

    func testGitApplyReproducesTheHealedFile() throws {
        for example in cases {
            let repo = try TempRepository()
            try repo.write("f.aura", example.before)
            try repo.commitAll()
            let patch = "--- a/f.aura\n+++ b/f.aura\n" + LineDiff.unified(Array(example.before.utf8), Array(example.after.utf8))
            try repo.write("heal.patch", patch)
            let applied = try repo.run("/usr/bin/git", ["apply", "--whitespace=nowarn", "heal.patch"])
            XCTAssertEqual(applied.status, 0, "\(example.name): git apply refused\n\(patch)\n\(applied.stderr)")
            XCTAssertEqual(repo.read("f.aura"), example.after, "\(example.name):\n\(patch)")
        }
    }

    func testTheHunkHeaderCountsLines() {
        let hunk = LineDiff.unified(Array("a\nb\nc\nd\ne\nf\ng\nh\n".utf8), Array("a\nb\nc\nd\nE\nf\ng\nh\n".utf8))
        XCTAssertEqual(hunk, "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n")
    }
}
