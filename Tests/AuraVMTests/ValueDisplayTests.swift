@testable import AuraVM
import XCTest

/// LANGUAGE.md §9: the display form.
final class ValueDisplayTests: XCTestCase {
    func testScalars() {
        XCTAssertEqual(Value.int(42).display, "42")
        XCTAssertEqual(Value.float(3.5).display, "3.5")
        XCTAssertEqual(Value.float(1).display, "1.0")
        XCTAssertEqual(Value.float(0.1).display, "0.1")
        XCTAssertEqual(Value.float(1e100).display, "1.0e+100")
        XCTAssertEqual(Value.bool(true).display, "true")
        XCTAssertEqual(Value.none.display, "none")
        XCTAssertEqual(Value.string("raw").display, "raw")
    }

    func testCollectionsQuoteStrings() {
        XCTAssertEqual(Value.list([.string("a"), .string("b")]).display, #"["a", "b"]"#)
        XCTAssertEqual(Value.list([.int(1), .int(2)]).display, "[1, 2]")
        XCTAssertEqual(Value.map(MapValue([(.string("a"), .int(1))])).display, #"{"a": 1}"#)
        XCTAssertEqual(Value.map(MapValue()).display, "{}")
        let layout = RecordLayout(name: "User", fieldNames: ["id", "name"])
        XCTAssertEqual(Value.record(RecordValue(layout: layout, fields: [.int(1), .string("Ana")])).display, #"User { id: 1, name: "Ana" }"#)
        XCTAssertEqual(Value.list([.string("say \"hi\"")]).display, #"["say \"hi\""]"#)
    }

    func testMapsKeepInsertionOrderAndValueSemantics() {
        var a = MapValue()
        a[.string("z")] = .int(1)
        a[.string("a")] = .int(2)
        var b = a
        b[.string("z")] = nil
        XCTAssertEqual(Value.map(a).display, #"{"z": 1, "a": 2}"#)
        XCTAssertEqual(Value.map(b).display, #"{"a": 2}"#)
        XCTAssertEqual(b[.string("a")], .int(2))
    }

    func testStructuralEquality() {
        XCTAssertEqual(Value.list([.int(1), .list([.string("x")])]), Value.list([.int(1), .list([.string("x")])]))
        XCTAssertNotEqual(Value.int(1), Value.float(1))
        XCTAssertEqual(Value.compare(.string("a"), .string("b")), -1)
    }
}
