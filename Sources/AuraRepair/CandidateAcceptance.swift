/// When a verified change counts as a fix: the one rule the healer and the language server's
/// "verified" label share, so an editor never calls verified what `git aura heal` would reject.
public enum CandidateAcceptance {
    /// Why the project after a change is not good enough, or nil when it is: the target problem
    /// must be gone (one fewer of it), no problem may appear or multiply, and when the project
    /// compiled before, every test that existed still exists and every test that passed still passes.
    public static func rejection(of target: ProblemID, before: Verification, after: Verification) -> String? {
        let old = before.problemCounts, new = after.problemCounts
        if new[target, default: 0] >= old[target, default: 0] { return "verification: the problem is still there" }
        let introduced = new.filter { $0.value > old[$0.key, default: 0] }.map(\.key).sorted()
        if let first = introduced.first { return "verification: it introduces \(first)" }
        if !before.hasCompileErrors {
            let known = before.passedTests.union(before.failedTests.keys)
            let gone = known.subtracting(after.passedTests.union(after.failedTests.keys))
            if let first = gone.sorted().first { return "verification: test \(first) no longer exists" }
            let broken = before.passedTests.subtracting(after.passedTests)
            if let first = broken.sorted().first { return "verification: test \(first) no longer passes" }
        }
        return nil
    }

    /// Whatever the risk class said, a change that leaves fewer tests or assertions in the files
    /// it changed is not a fix: what it removed, or nil.
    public static func testShrinkage(before: [String: [UInt8]], after: [String: [UInt8]], changed: Set<String>) -> String? {
        let testsBefore = TestInventory(files: before.filter { changed.contains($0.key) })
        return testsBefore.shrinkage(to: TestInventory(files: after.filter { changed.contains($0.key) }))
    }
}
