import Foundation
import XCTest

/// A program touching every highlighted construct, and the places in it each editor's
/// highlighting is checked at. Every editor test maps a `Role` to its own group names.
enum HighlightSample {
    /// What a span of the sample is.
    enum Role: String, CaseIterable {
        case comment, string, escape, interpolation, number, keyword, constant, placeholder
        case capability, record, tag, type, effect, function, plain
    }

    /// `text`, at its `occurrence`-th appearance in the sample, is entirely `role`.
    struct Probe: CustomStringConvertible {
        let text: String
        let role: Role
        var occurrence = 1
        var description: String { "`\(text)` (#\(occurrence)) as \(role)" }
    }

    /// One line, 1-based, and one column, 1-based (ASCII, so bytes and characters agree).
    struct Position { let line: Int; let column: Int }

    static let source = """
        +db +json
        use util

        # Greets a user.
        @User { id:i @pk  name:s  nick:s? }
        @Shape = Circle { r:f } | Empty

        greet!(u:User): s = print!("hello ${u.name}\\n")

        main = {
            var count = 0
            xs = [1, 2.5e-3, 0xFF, 1_000]
            if count!=0 and not false { print!(none) }
            label = "if # not a comment"
            for x in xs | map(_ * 2) {
                count = count + x
            }
        }

        test "greets" {
            assert_eq(1, 1)
        }

        """

    static let probes: [Probe] = [
        Probe(text: "+db", role: .capability),
        Probe(text: "+json", role: .capability),
        Probe(text: "use", role: .keyword),
        Probe(text: "# Greets a user.", role: .comment),
        Probe(text: "@User", role: .record),
        Probe(text: "@pk", role: .tag),
        Probe(text: "i", role: .type),
        Probe(text: "@Shape", role: .record),
        Probe(text: "Circle", role: .type),
        Probe(text: "greet!", role: .function),
        Probe(text: "User", role: .type, occurrence: 2),
        Probe(text: "print!", role: .effect),
        Probe(text: "\"hello ", role: .string),
        Probe(text: "${u.name}", role: .interpolation),
        Probe(text: "\\n", role: .escape),
        Probe(text: "var", role: .keyword),
        Probe(text: "count", role: .plain),
        Probe(text: "2.5e-3", role: .number),
        Probe(text: "0xFF", role: .number),
        Probe(text: "1_000", role: .number),
        Probe(text: "if", role: .keyword),
        Probe(text: "count", role: .plain, occurrence: 2),
        Probe(text: "and", role: .keyword),
        Probe(text: "not", role: .keyword),
        Probe(text: "false", role: .constant),
        Probe(text: "none", role: .constant),
        Probe(text: "\"if # not a comment\"", role: .string),
        Probe(text: "for", role: .keyword),
        Probe(text: "in", role: .keyword),
        Probe(text: "_", role: .placeholder),
        Probe(text: "test", role: .keyword),
        Probe(text: "\"greets\"", role: .string),
        Probe(text: "assert_eq", role: .plain),
    ]

    /// Every probe with each position it covers, in probe order.
    static var probedPositions: [(probe: Probe, position: Position)] {
        probes.flatMap { probe in positions(of: probe).map { (probe, $0) } }
    }

    /// Writes the sample to `dir/sample.aura` and the probed positions, one "line column" a
    /// line, to `dir/probes.txt`, the file the editor drivers read.
    static func write(into dir: String) throws {
        try source.write(toFile: dir + "/sample.aura", atomically: true, encoding: .utf8)
        let listed = probedPositions.map { "\($0.position.line) \($0.position.column)\n" }.joined()
        try listed.write(toFile: dir + "/probes.txt", atomically: true, encoding: .utf8)
    }

    /// Checks what an editor reported at each probed position (in order) against the names it
    /// may give each role.
    static func assertRoles(_ found: [String], accepted: [Role: Set<String>], editor: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        let expected = probedPositions
        XCTAssertEqual(found.count, expected.count, "\(editor) reported \(found.count) of \(expected.count) positions", file: file, line: line)
        for ((probe, position), name) in zip(expected, found) {
            let names = accepted[probe.role] ?? []
            XCTAssertTrue(names.contains(name), "\(editor): \(probe) at \(position.line):\(position.column) is `\(name)`, expected one of \(names.sorted())", file: file, line: line)
        }
    }

    /// Every position `probe` covers, in the order of its characters.
    static func positions(of probe: Probe) -> [Position] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var seen = 0
        for (index, line) in lines.enumerated() {
            var start = line.startIndex
            while let range = line.range(of: probe.text, range: start..<line.endIndex) {
                if isWhole(probe.text, at: range, in: line) {
                    seen += 1
                    if seen == probe.occurrence {
                        let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                        return (0..<probe.text.count).map { Position(line: index + 1, column: column + $0) }
                    }
                }
                start = line.index(after: range.lowerBound)
            }
        }
        preconditionFailure("\(probe) is not in the sample")
    }

    /// A word-like probe (`in`, `i`) counts only where it is a whole word, not inside `print!`.
    private static func isWhole(_ text: String, at range: Range<String.Index>, in line: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return true }
        let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
        let before = range.lowerBound == line.startIndex ? nil : line[line.index(before: range.lowerBound)]
        let after = range.upperBound == line.endIndex ? nil : line[range.upperBound]
        return !(before.map(isWord) ?? false) && !(after.map(isWord) ?? false)
    }
}
