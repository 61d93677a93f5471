@testable import AuraProviders
import AuraHeal
import AuraVersion
import XCTest

/// What a model is told: AURA's version and 1.1 builtins, the failing test with what it saw,
/// definitions from other modules, and a bounded size.
final class PromptTests: XCTestCase {
    static let calc = """
        use mathx

        add(a:i, b:i): i = a - b

        test "add adds" {
            doubled = mathx.twice(add(1, 2))
            expected = 6
            assert_eq(doubled, expected)
        }

        """
    static let mathx = "twice(x:i): i = x * 2\n\nunused(y:i): i = y\n"

    func target(_ request: HealRequest) throws -> HealTarget {
        try XCTUnwrap(HealTarget.targets(of: request, limit: 1).first)
    }

    func testSystemPromptNamesTheVersionAndTheLanguage11Builtins() {
        XCTAssertTrue(PromptBuilder.system.contains("This is AURA \(AuraVersion.current), language 1.1."))
        for signature in ["to_fixed(f, i) -> s", "index_of(s, s) -> i?", "sort_with([a], (a, a) -> b) -> [a]"] {
            XCTAssertTrue(PromptBuilder.system.contains("  " + signature), signature)
        }
        XCTAssertFalse(PromptBuilder.system.contains("  len("), "1.0 builtins are not listed")
    }

    func testFailingTestSourceValuesAndDefinitionsFromOtherModules() throws {
        let request = healRequest(["src/calc.aura": Self.calc, "src/mathx.aura": Self.mathx])
        let message = PromptBuilder.userMessage(for: try target(request), request: request)
        XCTAssertTrue(message.contains("The failing test (src/calc.aura:5) and what it saw:\n<test>\ntest \"add adds\" {\n"), message)
        XCTAssertTrue(message.contains("    assert_eq(doubled, expected)\n}\n</test>"), message)
        XCTAssertTrue(message.contains("test src/calc.aura: add adds fails"), message)
        // `twice` is used on another line of the test than the failing assertion.
        XCTAssertTrue(message.contains("<definition path=\"src/mathx.aura\" line=\"1\">\ntwice(x:i): i = x * 2\n</definition>"), message)
        XCTAssertFalse(message.contains("unused(y:i)"), "only definitions the test uses")
        let section = message[message.range(of: "\nThe failing test")!.lowerBound..<message.range(of: "</test>\n")!.upperBound]
        print("prompt sizes (calc + mathx): failing-test section \(section.utf8.count) bytes; system \(PromptBuilder.system.utf8.count) bytes (\(PromptBuilder.baseSystem.utf8.count) before 1.1 builtins), "
              + "user \(message.utf8.count) bytes ≈ \(PromptBuilder.estimatedTokens(message)) tokens")
    }

    /// A project whose module has `lines` lines of about 200 bytes (the failing test at the end)
    /// and six 2 KiB definitions in other modules that the test uses.
    func bulky(lines count: Int) -> HealRequest {
        var lines = (1...count).map { "filler_\($0)(x:i): i = x + \($0)   # " + String(repeating: "padding ", count: 21) }
        lines[0] = "add(a:i, b:i): i = a - b"
        let calls = (0..<6).map { "lib\($0).helper_\($0)(1)" }.joined(separator: " + ")
        let uses = (0..<6).map { "use lib\($0)\n" }.joined()
        var files = ["src/calc.aura": uses + "\n" + lines.joined(separator: "\n") + "\n\ntest \"add adds\" {\n    x = \(calls)\n    assert_eq(add(1, 2), 3)\n}\n"]
        for index in 0..<6 {
            files["src/lib\(index).aura"] = "helper_\(index)(x:i): i = {\n" + String(repeating: "    # \(index) " + String(repeating: "x", count: 90) + "\n", count: 19) + "    x\n}\n"
        }
        return healRequest(files)
    }

    func testTheFirstMessageIsBounded() throws {
        let small = bulky(lines: 20)
        guard case .test = try target(small).problem.id else { return XCTFail("the project must fail only its test: \(small.problems.map(\.diagnostic.message))") }
        let all = PromptBuilder.userMessage(for: try target(small), request: small)
        XCTAssertEqual(all.components(separatedBy: "<definition ").count - 1, 6, "a small project gets every related definition")

        // About 44 KiB of module and 12 KiB of definitions: the definitions go.
        let medium = bulky(lines: 200)
        let lean = PromptBuilder.userMessage(for: try target(medium), request: medium)
        XCTAssertLessThanOrEqual(lean.utf8.count, PromptBuilder.maxUserMessageBytes)
        XCTAssertFalse(lean.contains("<definition "), "related definitions are dropped first")
        XCTAssertTrue(lean.contains("| filler_200("), "the whole file is still shown")

        // About 57 KiB of module: a window around the failing test.
        let large = bulky(lines: 280)
        let windowed = PromptBuilder.userMessage(for: try target(large), request: large)
        XCTAssertLessThanOrEqual(windowed.utf8.count, PromptBuilder.maxUserMessageBytes)
        XCTAssertFalse(windowed.contains("| add(a:i, b:i)"), "far lines are left out")
        XCTAssertTrue(windowed.contains("| test \"add adds\" {"), "the window is around the failing test")
        XCTAssertTrue(windowed.contains("<test>"), "the failing test is always shown")
        print("prompt bound: modules of \(small.files["src/calc.aura"]!.count), \(medium.files["src/calc.aura"]!.count) and "
              + "\(large.files["src/calc.aura"]!.count) bytes give first messages of \(all.utf8.count), \(lean.utf8.count) and "
              + "\(windowed.utf8.count) bytes (limit \(PromptBuilder.maxUserMessageBytes))")
    }

    func testFollowUpCarriesEachRejectedAnswerAndFindings() throws {
        let request = healRequest(["src/calc.aura": calcSource])
        let rejected = [RejectedAttempt(provider: "claude", round: 1, answer: #"{"action":"patch","edits":[]}"#, edits: [],
                                        findings: "verification: the problem is still there\n- T0001 src/calc.aura:6:5: left 1, right 3")]
        let turns = PromptBuilder.conversation(for: try target(request), request: request, rejected: rejected)
        XCTAssertEqual(turns.count, 3)
        XCTAssertEqual(turns[1], .answer(#"{"action":"patch","edits":[]}"#))
        guard case let .feedback(text) = turns[2] else { return XCTFail("\(turns[2])") }
        XCTAssertTrue(text.hasPrefix("That patch was rejected (answer 1); the files are unchanged."), text)
        XCTAssertTrue(text.contains("<verification>\nverification: the problem is still there\n- T0001 src/calc.aura:6:5: left 1, right 3\n</verification>"), text)
        let body = ClaudeWire.requestBody(model: "m", maxTokens: 10, system: "s", turns: turns, temperature: nil, stream: false).serialized
        print("follow-up sizes: first message \(body.utf8.count) bytes for the whole conversation of one rejected answer")
        // An answer that is not a JSON object is echoed as text and its feedback as plain text.
        let plain = ClaudeWire.messages([.user("q"), .answer("not json"), .feedback("f")])
        XCTAssertEqual(plain[1]["content"]?.string, "not json")
        XCTAssertEqual(plain[2]["content"]?.string, "f")
    }
}
