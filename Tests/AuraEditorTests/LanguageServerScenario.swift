import Foundation
import XCTest

/// The project both editor sessions with `aura lsp` open, and what they must see in it: a git
/// repository whose `src/main.aura` has a missing `!` (E0402, with a quickfix) and a badly
/// spaced binding, and a second file.
struct LanguageServerScenario {
    static let main = """
        # Greets someone by name.
        greet(name:s): s = "hello ${name}"

        main = {
            message   =   greet("Ana")
            print(message)
        }

        """

    static let other = """
        twice(n:i): i = n * 2

        """

    /// The project's root.
    let root: String
    var mainFile: String { root + "/src/main.aura" }
    var otherFile: String { root + "/src/other.aura" }

    /// Creates the project below a fresh temporary directory. The files sit in `src/`, so an
    /// editor has to walk up to the `.git` to find the root.
    init(for test: XCTestCase) throws {
        root = try EditorFiles.temporaryDirectory(for: test, prefix: "aura-lsp-project")
        let git = try ExternalTool.required("git", package: "git")
        let initialised = try git.run(["init", "-q"], in: root)
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        try Self.main.write(toFile: mainFile, atomically: true, encoding: .utf8)
        try Self.other.write(toFile: otherFile, atomically: true, encoding: .utf8)
    }

    /// The 1-based number of the first line of main.aura containing `needle`.
    static func line(of needle: String) throws -> Int {
        let lines = main.split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.contains(needle) }, "no `\(needle)`") + 1
    }

    static var printLine: Int { get throws { try line(of: "print(message)") } }
    static var definitionLine: Int { get throws { try line(of: "greet(name:s)") } }
    /// main.aura after the quickfix: the `!` added, nothing else changed.
    static var fixed: String { main.replacingOccurrences(of: "print(message)", with: "print!(message)") }

    /// The same directory, symlinks resolved (an editor may report either spelling).
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Checks the hover text shows the function and its doc comment.
    static func assertHover(_ hover: String?, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(hover?.contains("greet(name: s)") ?? false, hover ?? "no hover", file: file, line: line)
        XCTAssertTrue(hover?.contains("Greets someone by name.") ?? false, hover ?? "no hover", file: file, line: line)
    }

    /// Checks a buffer formatted through the server against `aura fmt --stdin` of the text it had.
    static func assertFormatted(before: String, after: String, aura: ExternalTool,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try aura.run(["fmt", "--stdin"], input: before)
        XCTAssertEqual(expected.status, 0, expected.stderr, file: file, line: line)
        XCTAssertNotEqual(before, expected.stdout, "the text was already in the canonical layout", file: file, line: line)
        XCTAssertEqual(after, expected.stdout, file: file, line: line)
    }
}
