import AuraHeal
import AuraProviders
import XCTest
import AuraJSON

/// Line-based model edits → byte offsets, and every refusal.
final class EditConversionTests: XCTestCase {
    let files = ["src/calc.aura": Array(calcSource.utf8), "src/other.aura": Array("x = 1\n".utf8)]
    let allowed: Set<String> = ["src/calc.aura"]

    func edit(_ file: String = "src/calc.aura", _ line: Int = 1, _ old: String = "a - b", _ new: String = "a + b") -> FixSchema.Proposal.Edit {
        .init(file: file, line: line, oldText: old, newText: new)
    }

    func refusal(_ edits: [FixSchema.Proposal.Edit], limits: EditConversion.Limits = .init()) -> String? {
        do {
            _ = try EditConversion.fileEdits(edits, files: files, allowed: allowed, limits: limits)
            return nil
        } catch { return error.description }
    }

    func testConversion() throws {
        XCTAssertEqual(try EditConversion.fileEdits([edit()], files: files, allowed: allowed),
                       [FileEdit(path: "src/calc.aura", start: 19, end: 24, replacement: "a + b")])
        // Old text may continue onto the next lines; an empty old text inserts at the line start.
        XCTAssertEqual(try EditConversion.fileEdits([edit("src/calc.aura", 1, "b\n\ndouble", "b\n\ntwice")], files: files, allowed: allowed).first?.start, 23)
        XCTAssertEqual(try EditConversion.fileEdits([edit("src/calc.aura", 3, "", "# note\n")], files: files, allowed: allowed).first?.start, 26)
    }

    func testRefusals() {
        XCTAssertEqual(refusal([edit(".git/config", 1, "a", "b")]), "refused to edit `.git/config`: outside the project, under .git or git's hooks directory, or not an .aura file")
        XCTAssertEqual(refusal([edit("../elsewhere.aura", 1, "a", "b")]), "refused to edit `../elsewhere.aura`: outside the project, under .git or git's hooks directory, or not an .aura file")
        XCTAssertEqual(refusal([edit("/etc/passwd.aura", 1, "a", "b")]), "refused to edit `/etc/passwd.aura`: outside the project, under .git or git's hooks directory, or not an .aura file")
        XCTAssertEqual(refusal([edit("hooks/pre-commit", 1, "a", "b")]), "refused to edit `hooks/pre-commit`: outside the project, under .git or git's hooks directory, or not an .aura file")
        XCTAssertEqual(refusal([edit("src/other.aura", 1, "x", "y")]), "refused to edit `src/other.aura`: not a file of the diagnostics being healed (src/calc.aura)")
        XCTAssertEqual(refusal([edit("src/calc.aura", 99)]), "`src/calc.aura` has no line 99")
        XCTAssertEqual(refusal([edit("src/calc.aura", 2)]), "the old text does not match `src/calc.aura` at line 2")
        XCTAssertEqual(refusal([edit("src/calc.aura", 1, "a", "c")]), "the old text occurs 3 times at `src/calc.aura` line 1")
        XCTAssertEqual(refusal([]), "the patch has no edits")
        XCTAssertEqual(refusal([edit("src/calc.aura", 1, "a - b", "a - b")]), "the patch changes nothing")
        XCTAssertEqual(refusal([edit(), edit()], limits: .init(maxEdits: 1)), "the patch has 2 edits (at most 1)")
        XCTAssertEqual(refusal([edit("src/calc.aura", 1, "a - b", String(repeating: "x", count: 9000))]), "the patch is too large (9005 bytes changed, at most 8192)")
    }

    func testRiskByDeclarations() throws {
        let inside = try EditConversion.fileEdits([edit()], files: files, allowed: allowed)
        XCTAssertEqual(EditConversion.risk(of: inside, files: files), .medium)
        let across = try EditConversion.fileEdits([edit(), edit("src/calc.aura", 3, "x * 2", "x + x")], files: files, allowed: allowed)
        XCTAssertEqual(EditConversion.risk(of: across, files: files), .high)
    }

    func testJSONRoundTripAndStrictness() throws {
        let text = #"{"a":[1,2.5,-3e2,true,false,null],"b":"\u00e9\n\"\ud83d\ude00","c":{}}"#
        let value = try JSONParser.parse(text)
        XCTAssertEqual(value["a"]?[1], .number(2.5))
        XCTAssertEqual(value["a"]?[2]?.int, -300)
        XCTAssertEqual(value["b"]?.string, "é\n\"😀")
        XCTAssertEqual(try JSONParser.parse(value.serialized), value)
        for bad in ["", "{", #"{"a":}"#, "[1,]", "01x", #""abc"#, "{} x", "tru", #"{"a" 1}"#] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad)
        }
        XCTAssertThrowsError(try JSONParser.parse(String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)))
    }
}
