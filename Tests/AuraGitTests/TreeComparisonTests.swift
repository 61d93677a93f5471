import AuraGit
import XCTest

/// `changedPaths` agrees with `git diff --name-only` (which skips nothing).
final class TreeComparisonTests: XCTestCase {
    func testChangedPathsMatchGitDiff() throws {
        let repo = try TempRepository()
        try repo.write("a.txt", "a\n")
        try repo.write("dir/b.txt", "b\n")
        try repo.write("dir/sub/c.txt", "c\n")
        try repo.write("same/x.txt", "x\n")
        try repo.write("becomes-dir", "file\n")
        try repo.commitAll("one")
        let first = try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)

        try repo.write("a.txt", "a2\n")                   // modified
        try repo.delete("dir/sub/c.txt")                  // removed with its directory
        try repo.write("dir/new/d.txt", "d\n")            // added in a new directory
        try repo.delete("becomes-dir")
        try repo.write("becomes-dir/inner.txt", "i\n")    // file -> directory
        try repo.git("add", "-A")
        try repo.git("update-index", "--chmod=+x", "dir/b.txt")   // mode only
        try repo.git("commit", "-q", "-m", "two")
        let second = try repo.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)

        let expected = try repo.git("diff", "--name-only", "--no-renames", first, second).split(separator: "\n").map(String.init)
        let repository = try repo.open()
        let actual = try repository.changedPaths(from: ObjectID(hex: first)!, to: ObjectID(hex: second)!)
        XCTAssertEqual(actual, expected.sorted())
        XCTAssertEqual(try repository.changedPaths(from: ObjectID(hex: second)!, to: ObjectID(hex: first)!), expected.sorted())
        XCTAssertEqual(try repository.changedPaths(from: ObjectID(hex: first)!, to: ObjectID(hex: first)!), [])
    }
}
