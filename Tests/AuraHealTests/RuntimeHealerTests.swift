import AuraDiagnostics
import AuraGit
import AuraHistory
@testable import AuraHeal
import AuraRepair
import AuraSema
import AuraVM
import AuraTestSupport
import Foundation
import XCTest

/// `git aura run`'s healer side: the live failure becomes a problem with the running program's
/// context, and a runtime error checkpoints the working tree before anything is asked.
final class RuntimeHealerTests: XCTestCase {
    static let loop = """
        ratio(a: i, b: i): i = a / b

        main = {
            for b in [2, 1, 0, 5] {
                print!("10 / ${b} = ${ratio(10, b)}")
            }
        }

        """

    final class Recorded: @unchecked Sendable {
        var lives: [LiveFailure] = []
        var messages: [String] = []
        var output = ""
    }

    func testLiveFailureMakesTheFailingMainAProblemWithItsNotes() throws {
        let repo = try TemporaryRepository(files: ["src/app.aura": Self.loop])
        let files = ["src/app.aura": Array(Self.loop.utf8)]
        let plain = Healer(store: try repo.store(), settings: HealSettings())
        let verification = plain.verify(files)
        XCTAssertEqual(verification.failedMains.keys.sorted(), ["src/app.aura"])
        XCTAssertFalse(plain.request(verification, files: files).problems.contains { $0.id == .main(module: "src/app.aura") },
                       "a failing main is not a problem of its own in `git aura heal`")

        var options = HealOptions()
        options.liveFailure = LiveFailure(module: "src/app.aura", notes: ["the failing call, re-run with the fix: ratio(10, 0)"])
        let live = Healer(store: try repo.store(), settings: HealSettings(), options: options)
        let main = live.request(verification, files: files).problems.first { $0.id == .main(module: "src/app.aura") }
        XCTAssertEqual(main?.diagnostic.code, .divisionByZero)
        XCTAssertEqual(main?.diagnostic.notes.last, "the failing call, re-run with the fix: ratio(10, 0)")
        XCTAssertTrue(main?.diagnostic.notes.first?.contains("ratio at src/app.aura:1:24") ?? false, "\(main?.diagnostic.notes ?? [])")
    }

    /// With a replay test, every verification runs the failing call: it is the problem, shown
    /// as the runtime error with its line, and the files handed back hold no test.
    func testReplayTestIsTheProblemAndIsVerifiedButNotInTheFiles() throws {
        let repo = try TemporaryRepository(files: ["src/app.aura": Self.loop])
        let files = ["src/app.aura": Array(Self.loop.utf8)]
        var options = HealOptions()
        options.liveFailure = LiveFailure(module: "src/app.aura", notes: ["live"],
                                          replayTest: LiveFailure.replayTest(calling: "ratio", with: ["10", "0"]))
        let healer = Healer(store: try repo.store(), settings: HealSettings(), options: options)
        let verification = healer.verify(files)
        let replay = TestName(module: "src/app.aura", title: LiveFailure.replayTitle)
        XCTAssertEqual(verification.failedTests[replay]?.code, .divisionByZero)
        let request = healer.request(verification, files: files)
        let problems = request.problems.filter { $0.id == .test(replay) }
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.diagnostic.code, .divisionByZero)
        XCTAssertEqual(problems.first?.diagnostic.message, "the running program fails: division by zero: 10 / 0")
        XCTAssertEqual(problems.first?.diagnostic.notes.last, "live")
        XCTAssertEqual(request.files, files)

        let fixed = Self.loop.replacingOccurrences(of: "i = a / b", with: "i = if b == 0 { 0 } else { a / b }")
        let after = healer.verify(["src/app.aura": Array(fixed.utf8)])
        XCTAssertTrue(after.passedTests.contains(replay))
        XCTAssertTrue(after.isClean)
    }

    func testRuntimeErrorCheckpointsThenAsksWithTheLiveContext() throws {
        let repo = try TemporaryRepository(files: ["src/app.aura": Self.loop])
        let recorded = Recorded()
        let healer = RuntimeHealer(store: try repo.store(), module: "src/app.aura", entryFiles: [repo.path + "/src/app.aura"],
                                   repositoryLock: RepositoryLock(),
                                   heal: { live in recorded.lives.append(live); return nil },
                                   say: { recorded.messages.append($0) })
        let checked = Compiler.check(paths: [repo.path + "/src/app.aura"], loader: FileSystemLoader(root: ""))
        let result = ProgramRunner.runMain(BytecodeCompiler.compile(checked), effects: EffectHost(output: { recorded.output += $0 }),
                                           recovery: healer)
        guard case let .failure(error) = result else { return XCTFail("the program should fail") }
        XCTAssertEqual(error.code, .divisionByZero)
        XCTAssertEqual(recorded.output, "10 / 2 = 5\n10 / 1 = 10\n")
        XCTAssertEqual(recorded.lives.count, 1)
        XCTAssertEqual(recorded.lives.first?.module, "src/app.aura")
        let notes = recorded.lives.first?.notes ?? []
        XCTAssertTrue(notes.contains("the failing call, re-run with the fix: ratio(10, 0)"), "\(notes)")
        XCTAssertTrue(notes.first?.contains("`ratio` raised R0001: division by zero: 10 / 0") ?? false, "\(notes)")
        XCTAssertEqual(recorded.lives.first?.replayTest, LiveFailure.replayTest(calling: "ratio", with: ["10", "0"]))
        XCTAssertTrue(recorded.messages.contains("no fix applied for this error"), "\(recorded.messages)")
        XCTAssertEqual(try repo.git("log", "--format=%s", "refs/aura/heal"), "aura snapshot: before hot reload\n")
        XCTAssertNil(healer.keptBecause)
        XCTAssertTrue(healer.applied.isEmpty)
        try repo.assertHealthy()
    }
}
