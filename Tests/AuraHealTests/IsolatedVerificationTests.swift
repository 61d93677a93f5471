import AuraDiagnostics
import AuraVM
@testable import AuraHeal
import XCTest

/// Verification runs repository code in `aura verify-worker` under OS limits: what the VM's
/// budgets miss ends the worker, and the verifier still gets a result for every test.
final class IsolatedVerificationTests: XCTestCase {
    static let doubling = "grow(xs: [i], n: i): [i] = if n == 0 { xs } else { grow(xs + xs, n - 1) }\n"

    override func setUpWithError() throws {
        guard IsolatedRunClient.defaultWorker() != nil else { throw XCTSkip("no aura binary next to the tests") }
    }

    func verify(_ source: String) -> Verification {
        Verifier.verify(files: ["app.aura": Array(source.utf8)])
    }

    /// Issue #13: a `main` that doubles a list used to abort `git aura heal` with SIGABRT.
    func testAMainThatExhaustsMemoryFailsWithTheMemoryCode() {
        let verification = verify(Self.doubling + "main = print!(len(grow([1], 40)))\n")
        XCTAssertEqual(verification.failedMains["app.aura"]?.code, .memoryLimit, "\(verification.failedMains)")
    }

    func testTheTestRunningWhenTheWorkerDiesIsNamedAndLaterTestsAreNotLost() {
        let verification = verify(Self.doubling + """
            test "a passes" { assert_eq(1, 1) }
            test "b explodes" { assert_eq(len(grow([1], 40)), 0) }
            test "c after" { assert_eq(2, 2) }

            """)
        XCTAssertEqual(verification.passedTests, [TestName(module: "app.aura", title: "a passes")])
        XCTAssertEqual(verification.failedTests[TestName(module: "app.aura", title: "b explodes")]?.code, .memoryLimit)
        let after = verification.failedTests[TestName(module: "app.aura", title: "c after")]
        XCTAssertTrue(after?.message.hasPrefix("not run: the verification worker stopped") ?? false, "\(String(describing: after))")
        XCTAssertEqual(verification.testsRun, 3)
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
