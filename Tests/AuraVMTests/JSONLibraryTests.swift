@testable import AuraVM
import XCTest

/// The `+json` capability: strict parsing, compact stringify, round trips and error codes.
final class JSONLibraryTests: XCTestCase {
    let vm = TestCaller()

    private func parse(_ text: String) throws -> Value { try vm.run("json.parse", .string(text)) }
    private func stringify(_ value: Value) throws -> String { try vm.run("json.stringify", value).asString() }

    /// Asserts R0012 and returns the message (which names the byte offset).
    @discardableResult
    private func assertInvalid(_ text: String, at offset: Int, file: StaticString = #filePath, line: UInt = #line) -> String {
        let message = assertRuntimeError(.invalidJSON, file: file, line: line) { try self.parse(text) }
        XCTAssertTrue(message.hasPrefix("invalid JSON at byte \(offset):"), message, file: file, line: line)
        return message
    }

    func testScalars() throws {
        XCTAssertEqual(try parse("42"), .int(42))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("-17"), .int(-17))
        XCTAssertEqual(try parse("9.5"), .float(9.5))
        XCTAssertEqual(try parse("1e3"), .float(1000))
        XCTAssertEqual(try parse("-2.5E-2"), .float(-0.025))
        XCTAssertEqual(try parse("1.0"), .float(1), "a fraction makes a float even when it is integral")
        XCTAssertEqual(try parse("true"), .bool(true))
        XCTAssertEqual(try parse("false"), .bool(false))
        XCTAssertEqual(try parse("null"), Value.none)
        XCTAssertEqual(try parse(" \t\r\n\"x\" \n"), .string("x"))
    }

    func testIntegersBeyond64BitsBecomeFloats() throws {
        XCTAssertEqual(try parse("9223372036854775807"), .int(.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(.min))
        XCTAssertEqual(try parse("9223372036854775808"), .float(9_223_372_036_854_775_808))
        XCTAssertEqual(try parse("123456789012345678901234567890"), .float(1.2345678901234568e29))
    }

    func testObjectsKeepDocumentOrder() throws {
        let value = try parse(#"{"name": "Ana", "age": 31, "score": 9.5, "admin": false, "team": {"name": "core"}, "tags": []}"#)
        XCTAssertEqual(value.debugDisplay, #"{"name": "Ana", "age": 31, "score": 9.5, "admin": false, "team": {"name": "core"}, "tags": []}"#)
        XCTAssertEqual(try parse(#"{"z": 1, "a": 2}"#).debugDisplay, #"{"z": 1, "a": 2}"#)
        XCTAssertEqual(try parse(#"{"a": 1, "b": 2, "a": 3}"#).debugDisplay, #"{"a": 3, "b": 2}"#, "the last duplicate wins")
        XCTAssertEqual(try parse("{}").debugDisplay, "{}")
        XCTAssertEqual(try parse("[1, [2, [3, []]], null]").debugDisplay, "[1, [2, [3, []]], none]")
    }

    func testStringEscapes() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t""#), .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        XCTAssertEqual(try parse(#""\u0041\u00e9\u20AC""#), .string("Aé€"))
        XCTAssertEqual(try parse(#""\ud83d\ude00 smile""#), .string("😀 smile"), "a surrogate pair is one scalar")
        XCTAssertEqual(try parse(#""\u0000""#), .string("\u{0}"))
        XCTAssertEqual(try parse("\"héllo 世界 👍🏽\""), .string("héllo 世界 👍🏽"), "raw UTF-8 passes through")
        XCTAssertEqual(try parse(#""prefix \n suffix""#), .string("prefix \n suffix"))
    }

    func testMalformedInputsNameTheOffset() {
        XCTAssertEqual(assertInvalid("", at: 0), "invalid JSON at byte 0: expected a value, found the end of the input")
        XCTAssertEqual(assertInvalid("{name: 'Ana'}", at: 1), "invalid JSON at byte 1: expected a string key in double quotes, found 'n'")
        assertInvalid("[1, 2,]", at: 6)
        assertInvalid(#"{"a": 1,}"#, at: 8)
        assertInvalid("[1 2]", at: 3)
        assertInvalid(#"{"a" 1}"#, at: 5)
        assertInvalid("01", at: 1)
        assertInvalid("-", at: 1)
        assertInvalid("1.", at: 2)
        assertInvalid("1e+", at: 3)
        assertInvalid(".5", at: 0)
        assertInvalid("+1", at: 0)
        assertInvalid("tru", at: 0)
        assertInvalid("nul", at: 0)
        assertInvalid("True", at: 0)
        assertInvalid("1 2", at: 2)
        assertInvalid("[", at: 1)
        assertInvalid("\"open", at: 5)
        assertInvalid("\"a\tb\"", at: 2)
        assertInvalid(#""\x""#, at: 2)
        assertInvalid(#""\u12G4""#, at: 5)
        assertInvalid(#""\ud83d""#, at: 1)
        assertInvalid(#""\ud83d\u0041""#, at: 1)
        assertInvalid(#""\ude00""#, at: 1)
        assertInvalid("NaN", at: 0)
        assertInvalid("1e400", at: 0)
        assertInvalid("\u{FEFF}1", at: 0)
        assertInvalid("[1]\u{0}", at: 3)
    }

    func testNestingDepthIsLimited() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try parse(ok))
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let message = assertInvalid(deep, at: 512)
        XCTAssertTrue(message.contains("nesting deeper than 512 levels"), message)
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        assertInvalid(hostile, at: 512 * 5)
    }

    func testStringifyIsCompact() throws {
        let user = RecordValue(layout: RecordLayout(name: "User", fieldNames: ["id", "name", "admin"]),
                               fields: [.int(1), .string("Ana"), .bool(false)])
        XCTAssertEqual(try stringify(.record(user)), #"{"id":1,"name":"Ana","admin":false}"#)
        XCTAssertEqual(try stringify(ints(1, 2, 3)), "[1,2,3]")
        XCTAssertEqual(try stringify(map((.string("a"), list(.bool(true))))), #"{"a":[true]}"#)
        XCTAssertEqual(try stringify(.string("say \"hi\"")), #""say \"hi\"""#)
        XCTAssertEqual(try stringify(.int(42)), "42")
        XCTAssertEqual(try stringify(list(.record(user))), #"[{"id":1,"name":"Ana","admin":false}]"#)
        XCTAssertEqual(try stringify(list(Value.none, .unit)), "[null,null]")
        XCTAssertEqual(try stringify(floats(1, 2.5, -0.1, 1e100, .leastNonzeroMagnitude)), "[1.0,2.5,-0.1,1.0e+100,5.0e-324]")
        XCTAssertEqual(try stringify(map((.int(1), .string("one")), (.bool(true), .int(2)))), #"{"1":"one","true":2}"#)
        XCTAssertEqual(try stringify(map()), "{}")
        XCTAssertEqual(try stringify(list()), "[]")
    }

    func testStringifyEscapesPerRFC8259() throws {
        XCTAssertEqual(try stringify(.string("a\\b\n\r\t\u{8}\u{C}\u{1}\u{1F}")), #""a\\b\n\r\t\b\f\u0001\u001f""#)
        XCTAssertEqual(try stringify(.string("é/😀\u{7F}")), "\"é/😀\u{7F}\"", "non-ASCII and / are not escaped")
    }

    func testStringifyRejectsValuesWithoutAJSONForm() {
        assertRuntimeError(.invalidJSON) { try self.vm.run("json.stringify", .float(.nan)) }
        assertRuntimeError(.invalidJSON) { try self.vm.run("json.stringify", list(.float(.infinity))) }
        assertRuntimeError(.invalidJSON) { try self.vm.run("json.stringify", self.vm.function { _ in .unit }) }
        var deep = Value.list([])
        for _ in 0..<600 { deep = .list([deep]) }
        let message = assertRuntimeError(.invalidJSON) { try self.vm.run("json.stringify", deep) }
        XCTAssertTrue(message.contains("nesting deeper than 512"), message)
    }

    func testRoundTrips() throws {
        let documents = [
            #"{"id":1,"name":"Ana","tags":["a","b"],"score":9.5,"ok":true,"none":null}"#,
            #"[0,-1,9223372036854775807,-9223372036854775808,0.5,1.0e+100,"\u0000\u001f\"\\"]"#,
            #"{"nested":{"deeper":{"deepest":[[],{}]}}}"#,
            "\"héllo 世界 😀\"",
        ]
        for text in documents {
            XCTAssertEqual(try stringify(try parse(text)), text)
        }
        let point = RecordValue(layout: RecordLayout(name: "Point", fieldNames: ["x", "y"]), fields: [.int(3), .int(-4)])
        let parsed = try parse(try stringify(.record(point)))
        XCTAssertEqual(try parsed.asMap()[.string("x")], .int(3))
        XCTAssertEqual(try parsed.asMap()[.string("y")], .int(-4))
        for f in [0.1, 1.0 / 3.0, -2.5e-300, 123_456_789.125, Double.greatestFiniteMagnitude] {
            XCTAssertEqual(try parse(try stringify(.float(f))), .float(f), "\(f)")
        }
        let text = String((0..<0x800).compactMap { Unicode.Scalar($0).map(Character.init) })
        XCTAssertEqual(try parse(try stringify(.string(text))), .string(text))
    }

    func testLargeDocument() throws {
        let items = (0..<20_000).map { "{\"id\":\($0),\"name\":\"user \($0)\",\"score\":\(Double($0) / 4)}" }
        let text = "[" + items.joined(separator: ",") + "]"
        let parsed = try parse(text)
        XCTAssertEqual(try parsed.asList().count, 20_000)
        XCTAssertEqual(try parsed.asList()[7].asMap()[.string("score")], .float(1.75))
        XCTAssertEqual(try parsed.asList()[8].asMap()[.string("score")], .float(2.0))
        XCTAssertEqual(try stringify(parsed), text, "Swift's Double interpolation and the display form agree on these digits")
    }
}
