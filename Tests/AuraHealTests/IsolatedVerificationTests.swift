import AuraDiagnostics
import AuraSema
@testable import AuraVM
@testable import AuraHeal
import Foundation
import XCTest

/// Verification runs repository code in `aura verify-worker` under OS limits: what the VM's
/// budgets miss ends the worker, and the verifier still gets a result for every test.
final class IsolatedVerificationTests: XCTestCase {
    static let doubling = "grow(xs: [i], n: i): [i] = if n == 0 { xs } else { grow(xs + xs, n - 1) }\n"

    override func setUpWithError() throws {
        // `make test` builds `aura` next to the tests; without it verification would silently
        // run in process, so its absence is a failure.
        XCTAssertNotNil(IsolatedRunClient.defaultWorker(), "no aura binary next to the tests")
    }

    func verify(_ source: String) -> Verification {
        Verifier.verify(files: ["app.aura": Array(source.utf8)])
    }

    /// The project reaches the worker as one packed file (writing and reading back a tree of
    /// 1,000 files was most of a hook's time): modules in nested folders, an empty module and a
    /// non-ASCII file arrive intact, and a test reading one back gets it to the byte.
    func testTheProjectReachesTheWorkerPackedAndIntact() {
        let helper = "# héllo, wörld\ntwice(x: i): i = x * 2\ntest \"twice\" { assert_eq(twice(2), 4) }\n"
        let files: [String: [UInt8]] = [
            "app.aura": Array(("use lib/deep/helper\nuse lib/empty\nmain = print!(helper.twice(21))\n"
                               + "test \"reads a module\" { assert_eq(read_file!(\"lib/deep/helper.aura\"), \"\(helper.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\"", with: "\\\""))\") }\n").utf8),
            "lib/deep/helper.aura": Array(helper.utf8),
            "lib/empty.aura": [],
        ]
        let verification = Verifier.verify(files: files)
        XCTAssertTrue(verification.diagnostics.isEmpty, "\(verification.diagnostics.map(\.0.message))")
        XCTAssertTrue(verification.failedMains.isEmpty, "\(verification.failedMains)")
        XCTAssertTrue(verification.failedTests.isEmpty, "\(verification.failedTests)")
        XCTAssertEqual(verification.testsRun, 2)
        XCTAssertEqual(verification.mainsRun, 1)
    }

    /// With nothing to run (every module kept its earlier results) no worker is started: the
    /// stand-in worker here would leave a file behind if it were.
    func testNothingToRunStartsNoWorker() throws {
        let directory = NSTemporaryDirectory() + "aura-idle-worker-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let worker = directory + "/aura", trace = directory + "/started"
        try "#!/bin/sh\ntouch \(trace)\nexit 3\n".write(toFile: worker, atomically: true, encoding: .utf8)
        chmod(worker, 0o755)
        let files = ["app.aura": Array("f(x: i): i = x\n".utf8)]
        let checked = Compiler.check(paths: ["app.aura"], loader: MemoryLoader(bytes: files))
        let idle = IsolatedRunClient.run(worker: worker, files: files, tests: [], mainModules: [], limits: .verification,
                                         allowNetwork: false, sources: checked.sources)
        XCTAssertTrue(idle.tests.isEmpty && idle.mains.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: trace), "a worker was started with nothing to run")
        _ = IsolatedRunClient.run(worker: worker, files: files, tests: [("app.aura", "t")], mainModules: [], limits: .verification,
                                  allowNetwork: false, sources: checked.sources)
        XCTAssertTrue(FileManager.default.fileExists(atPath: trace), "the stand-in records a start")
    }

    /// The worker compiles the modules it runs and their imports, not the whole project: a file
    /// nothing running imports is not even parsed (here it would not compile).
    func testTheWorkerCompilesOnlyWhatItRuns() throws {
        let directory = NSTemporaryDirectory() + "aura-closure-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files: [(String, String)] = [
            ("app.aura", "use lib\ntest \"uses lib\" { assert_eq(lib.one(), 1) }\n"),
            ("lib.aura", "one(): i = 1\n"),
            ("unrelated.aura", "broken( = \n"),
        ]
        let pack = files.flatMap { Array($0.1.utf8) }
        try Data(pack).write(to: URL(fileURLWithPath: directory + "/project.pack"))
        let request = IsolatedRunRequest(project: directory + "/project.pack", lengths: files.map { $0.1.utf8.count }, scratch: directory,
                                         paths: files.map(\.0), testModules: ["app.aura"], mainModules: [], limits: .verification,
                                         allowNetwork: false, osLimits: OSLimits(addressSpaceBytes: 1 << 33, cpuSeconds: 10))
        try Data(request.json.serialized.utf8).write(to: URL(fileURLWithPath: directory + "/request.json"))
        let finished = WorkerProcess.run(IsolatedRunClient.defaultWorker()!, ["verify-worker", directory + "/request.json"], deadline: 30)
        XCTAssertEqual(finished.status, .exited(0), finished.stderr)
        XCTAssertTrue(finished.stdout.contains(#""title":"uses lib","error":null"#), finished.stdout)
    }

    /// A pack whose index does not add up is refused before anything runs.
    func testAPackThatDoesNotMatchItsIndexIsRefused() throws {
        let directory = NSTemporaryDirectory() + "aura-bad-pack-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("main = print!(1)\n".utf8).write(to: URL(fileURLWithPath: directory + "/project.pack"))
        let request = IsolatedRunRequest(project: directory + "/project.pack", lengths: [99], scratch: directory, paths: ["app.aura"],
                                         testModules: [], mainModules: ["app.aura"], limits: .verification, allowNetwork: false,
                                         osLimits: OSLimits(addressSpaceBytes: 1 << 33, cpuSeconds: 10))
        try Data(request.json.serialized.utf8).write(to: URL(fileURLWithPath: directory + "/request.json"))
        let finished = WorkerProcess.run(IsolatedRunClient.defaultWorker()!, ["verify-worker", directory + "/request.json"], deadline: 30)
        XCTAssertEqual(finished.status, .exited(2))
        XCTAssertTrue(finished.stderr.contains("the project pack does not match its index"), finished.stderr)
    }

    /// Issue #13: a `main` that doubles a list used to abort `git aura heal` with SIGABRT.
    func testAMainThatExhaustsMemoryFailsWithTheMemoryCode() {
        let verification = verify(Self.doubling + "main = print!(len(grow([1], 40)))\n")
        XCTAssertEqual(verification.failedMains["app.aura"]?.code, .memoryLimit, "\(verification.failedMains)")
    }

    /// A worker that dies mid-run (here a stand-in that reports one test, starts the next and
    /// kills itself with SIGSEGV): the running test fails with R0011, later ones are not lost.
    func testTheTestRunningWhenTheWorkerDiesIsNamedAndLaterTestsAreNotLost() throws {
        let directory = NSTemporaryDirectory() + "aura-dying-worker-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let worker = directory + "/aura"
        try """
            #!/bin/sh
            printf '%s\\n' '{"start":{"module":"app.aura","title":"a passes"}}' \\
              '{"test":{"module":"app.aura","title":"a passes","error":null}}' \\
              '{"start":{"module":"app.aura","title":"b explodes"}}'
            kill -SEGV $$

            """.write(toFile: worker, atomically: true, encoding: .utf8)
        chmod(worker, 0o755)
        let source = """
            test "a passes" { assert_eq(1, 1) }
            test "b explodes" { assert_eq(2, 2) }
            test "c after" { assert_eq(3, 3) }
            main = print!(1)

            """
        let verification = Verifier.verify(files: ["app.aura": Array(source.utf8)], options: VerificationOptions(worker: worker))
        XCTAssertEqual(verification.passedTests, [TestName(module: "app.aura", title: "a passes")])
        let exploded = verification.failedTests[TestName(module: "app.aura", title: "b explodes")]
        XCTAssertEqual(exploded?.code, .memoryLimit, "\(String(describing: exploded))")
        XCTAssertTrue(exploded?.message.contains("signal 11") ?? false, "\(String(describing: exploded))")
        let after = verification.failedTests[TestName(module: "app.aura", title: "c after")]
        XCTAssertTrue(after?.message.hasPrefix("not run: the verification worker stopped") ?? false, "\(String(describing: after))")
        XCTAssertEqual(verification.testsRun, 3)
        XCTAssertNotNil(verification.failedMains["app.aura"], "the main it never reached fails too")
    }

    /// The worker's report is the same as an in-process run for ordinary programs.
    func testIsolatedAndInProcessRunsAgree() {
        let source = "add(a: i, b: i): i = a + b\ntest \"adds\" { assert_eq(add(1, 2), 3) }\ntest \"fails\" { assert_eq(add(1, 2), 4) }\nmain = print!(add(1, 2))\n"
        let isolated = verify(source)
        let inProcess = Verifier.verify(files: ["app.aura": Array(source.utf8)], options: VerificationOptions(worker: nil))
        XCTAssertEqual(isolated.passedTests, inProcess.passedTests)
        XCTAssertEqual(Set(isolated.failedTests.keys), Set(inProcess.failedTests.keys))
        let name = TestName(module: "app.aura", title: "fails")
        XCTAssertEqual(isolated.failedTests[name]?.message, inProcess.failedTests[name]?.message)
        XCTAssertEqual(isolated.failedTests[name]?.span, inProcess.failedTests[name]?.span, "spans re-anchored to the parent's sources")
        XCTAssertEqual(isolated.mainsRun, 1)
        XCTAssertTrue(isolated.failedMains.isEmpty)
    }
}
