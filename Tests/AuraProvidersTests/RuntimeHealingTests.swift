import AuraTestSupport
import Foundation
import XCTest

/// `git aura run` on real repositories with the replay provider: a runtime error is healed,
/// hot-swapped and resumed without repeating output; an effectful frame stops with the heal kept;
/// a fix that does not verify is never applied; `--no-heal` is `aura run`; periodic checkpoints.
final class RuntimeHealingTests: XCTestCase {
    static let loop = """
        ratio(a: i, b: i): i = a / b

        main = {
            for b in [2, 1, 0, 5] {
                print!("10 / ${b} = ${ratio(10, b)}")
            }
        }

        """

    static func replay(old: String, new: String, line: Int) -> String {
        """
        {"answers": [{"code": "R0001", "path": "src/app.aura",
          "fix": {"action": "patch", "explanation": "guard the zero divisor", "confidence": 0.9,
                  "edits": [{"file": "src/app.aura", "line": \(line), "old_text": "\(old)", "new_text": "\(new)"}]}}]}
        """
    }

    func repository(_ source: String, replay: String) throws -> TestRepository {
        let repository = try TestRepository(files: ["src/app.aura": source, "demo/replay.json": replay])
        try repository.git("config", "aura.replay.file", "demo/replay.json")
        return repository
    }

    func run(_ repository: TestRepository, _ arguments: [String]) throws -> TestRepository.Output {
        try repository.aura(["run"] + arguments, environment: ["NO_COLOR": "1"])
    }

    func testPureDivisionByZeroIsHealedHotSwappedAndResumedThenUndone() throws {
        let repository = try self.repository(Self.loop, replay: Self.replay(old: "a / b", new: "if b == 0 { 0 } else { a / b }", line: 1))
        let original = try repository.bytes("src/app.aura")

        let run = try self.run(repository, ["src/app.aura", "--provider", "replay", "--yes"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "10 / 2 = 5\n10 / 1 = 10\n10 / 0 = 0\n10 / 5 = 2\n", run.stderr)
        XCTAssertTrue(run.stderr.contains("runtime error R0001 in `ratio`: division by zero: 10 / 0"), run.stderr)
        XCTAssertTrue(run.stderr.contains("before hot reload"), run.stderr)
        XCTAssertTrue(run.stderr.contains("hot-swapped `ratio`; resuming by re-running `ratio`"), run.stderr)
        XCTAssertTrue(try repository.read("src/app.aura").hasPrefix("ratio(a: i, b: i): i = if b == 0 { 0 } else { a / b }\n"))
        let log = try repository.git("log", "--format=%s", "refs/aura/heal")
        XCTAssertEqual(log, "aura heal: R0001 src/app.aura:1 (git aura run)\naura snapshot: before hot reload\n")

        let undo = try repository.aura(["undo"])
        XCTAssertEqual(undo.status, 0, undo.stdout + undo.stderr)
        XCTAssertEqual(try repository.bytes("src/app.aura"), original)
        XCTAssertNoThrow(try repository.git("fsck", "--strict", "--no-progress"))
        XCTAssertNoThrow(try repository.git("log", "--oneline", "refs/aura/heal"))
    }

    /// The sandboxed run of `main` has no arguments and passes; the replay test (the failing
    /// call with its live arguments) is what shows the error, and what the fix must pass.
    func testFailureOnlyTheLiveArgumentsReachIsHealedThroughTheReplayedCall() throws {
        let source = """
            ratio(a: i, b: i): i = a / b

            main = {
                for arg in args!() {
                    b = len(arg) - 1
                    print!("10 / ${b} = ${ratio(10, b)}")
                }
            }

            """
        let repository = try self.repository(source, replay: Self.replay(old: "a / b", new: "if b == 0 { 0 } else { a / b }", line: 1))
        let run = try self.run(repository, ["src/app.aura", "--provider", "replay", "--yes", "--", "xx", "x", "xxx"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "10 / 1 = 10\n10 / 0 = 0\n10 / 2 = 5\n", run.stderr)
        XCTAssertTrue(try repository.read("src/app.aura").hasPrefix("ratio(a: i, b: i): i = if b == 0 { 0 } else { a / b }\n"))
        XCTAssertFalse(try repository.read("src/app.aura").contains("git aura run: the failing call"), "the replay test is never written")
        let commit = try repository.git("log", "-1", "--format=%b", "refs/aura/heal")
        XCTAssertTrue(commit.contains("Aura-Verified: parse,types,tests=1/1,vm"), commit)
    }

    func testFailedAssertionInAPureFunctionIsHealedAndResumed() throws {
        let source = """
            average(xs: [i]): i = {
                assert(len(xs) > 0, "average of an empty list")
                sum(xs) / len(xs)
            }

            main = {
                for xs in [[1, 3], [], [4]] {
                    print!(average(xs))
                }
            }

            """
        let replay = #"""
            {"answers": [{"code": "R0007", "path": "src/app.aura",
              "fix": {"action": "patch", "explanation": "an empty list averages to 0", "confidence": 0.9,
                      "edits": [{"file": "src/app.aura", "line": 2,
                                 "old_text": "    assert(len(xs) > 0, \"average of an empty list\")\n    sum(xs) / len(xs)",
                                 "new_text": "    if len(xs) == 0 { 0 } else { sum(xs) / len(xs) }"}]}}]}
            """#
        let repository = try self.repository(source, replay: replay)
        let run = try self.run(repository, ["src/app.aura", "--provider", "replay", "--yes"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "2\n0\n4\n", run.stderr)
        XCTAssertTrue(run.stderr.contains("runtime error R0007 in `average`: assertion failed: average of an empty list"), run.stderr)
        XCTAssertTrue(run.stderr.contains("hot-swapped `average`"), run.stderr)
    }

    func testErrorInAnEffectfulFunctionStopsOnceAndKeepsTheHealForTheNextRun() throws {
        let source = """
            report!(a: i, b: i) = {
                print!("reporting ${a}")
                print!(a / b)
            }

            main = report!(1, 0)

            """
        let repository = try self.repository(source, replay: Self.replay(old: "print!(a / b)", new: "print!(if b == 0 { 0 } else { a / b })", line: 3))
        let run = try self.run(repository, ["src/app.aura", "--provider", "replay", "--yes"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "reporting 1\n", run.stderr)
        XCTAssertTrue(run.stderr.contains("division by zero: 1 / 0"), run.stderr)
        XCTAssertTrue(run.stderr.contains("is kept for the next run"), run.stderr)
        XCTAssertTrue(run.stderr.contains("`report!` is effectful"), run.stderr)
        // The error is shown in the code that raised it, not in the healed text.
        XCTAssertTrue(run.stderr.contains("3 │     print!(a / b)\n"), run.stderr)
        XCTAssertTrue(try repository.read("src/app.aura").contains("print!(if b == 0 { 0 } else { a / b })"))
        XCTAssertTrue(try repository.git("log", "-1", "--format=%s", "refs/aura/heal").hasPrefix("aura heal: "))

        // The next run has the fix.
        let next = try self.run(repository, ["src/app.aura", "--no-heal"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(next.stdout, "reporting 1\n0\n")
    }

    func testNoHealIsAuraRun() throws {
        let repository = try self.repository(Self.loop, replay: Self.replay(old: "a / b", new: "if b == 0 { 0 } else { a / b }", line: 1))
        let plain = try TestRepository.run(TestRepository.executable("aura"), ["run", "src/app.aura"], in: repository.path, environment: ["NO_COLOR": "1"])
        let noHeal = try run(repository, ["src/app.aura", "--no-heal", "--provider", "replay", "--yes"])
        XCTAssertEqual(plain.status, 1)
        XCTAssertEqual(noHeal.status, plain.status)
        XCTAssertEqual(noHeal.stdout, plain.stdout)
        XCTAssertEqual(noHeal.stdout, "10 / 2 = 5\n10 / 1 = 10\n")
        XCTAssertEqual(noHeal.stderr, plain.stderr)
        XCTAssertEqual(try repository.read("src/app.aura"), Self.loop)
        XCTAssertEqual(try repository.git("for-each-ref", "refs/aura/"), "", "no snapshot, no heal")
    }

    func testFixThatDoesNotVerifyIsNotApplied() throws {
        let repository = try self.repository(Self.loop, replay: Self.replay(old: "a / b", new: "a / (b + 0)", line: 1))
        let original = try repository.bytes("src/app.aura")
        let run = try self.run(repository, ["src/app.aura", "--provider", "replay", "--yes"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "10 / 2 = 5\n10 / 1 = 10\n")
        XCTAssertTrue(run.stderr.contains("no fix applied for this error"), run.stderr)
        XCTAssertTrue(run.stderr.contains("error[R0001]: division by zero: 10 / 0"), run.stderr)
        XCTAssertFalse(run.stderr.contains("hot-swapped"), run.stderr)
        XCTAssertEqual(try repository.bytes("src/app.aura"), original)
        XCTAssertEqual(try repository.git("log", "--format=%s", "refs/aura/heal"), "aura snapshot: before hot reload\n")
    }

    func testCheckpointEveryTakesOneSnapshotWhileAnUnchangedTreeRuns() throws {
        // Millions of calls: far longer than the interval, even in an optimised build.
        let source = """
            step(x: i): i = (x * 7 + 3) % 1000

            main = {
                var x = 0
                var i = 0
                while i < 3000000 {
                    x = step(x)
                    i = i + 1
                }
                print!(x)
            }

            """
        let repository = try self.repository(source, replay: "{\"answers\": []}")
        let run = try self.run(repository, ["src/app.aura", "--checkpoint-every", "20ms"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "0\n")
        // The first checkpoint records the tree; later ones find it unchanged and add nothing.
        XCTAssertEqual(try repository.git("log", "--format=%s", "refs/aura/heal"), "aura snapshot: checkpoint\n")
        XCTAssertNoThrow(try repository.git("fsck", "--strict", "--no-progress"))

        let bad = try self.run(repository, ["src/app.aura", "--checkpoint-every", "soon"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--checkpoint-every takes a duration like 30s"), bad.stderr)
    }
}
