@testable import AuraVM
import XCTest

/// LANGUAGE.md §7, maps and strings.
final class MapStringBuiltinsTests: XCTestCase {
    let vm = TestCaller()
    let ab = map((.string("a"), .int(1)), (.string("b"), .int(2)))

    func testKeysValuesHas() throws {
        XCTAssertEqual(try vm.show("keys", ab), #"["a", "b"]"#)
        XCTAssertEqual(try vm.show("values", ab), "[1, 2]")
        XCTAssertEqual(try vm.run("has", ab, .string("a")), .bool(true))
        XCTAssertEqual(try vm.run("has", ab, .string("z")), .bool(false))
        XCTAssertEqual(try vm.run("has", map((.int(1), .string("one"))), .int(1)), .bool(true))
    }

    func testGetOnMapsAndLists() throws {
        XCTAssertEqual(try vm.run("get", ab, .string("b")), .int(2))
        XCTAssertEqual(try vm.run("get", ab, .string("z")), Value.none)
        XCTAssertEqual(try vm.run("get", strings("a", "b", "c"), .int(1)), .string("b"))
        XCTAssertEqual(try vm.run("get", strings("a"), .int(5)), Value.none)
        XCTAssertEqual(try vm.run("get", strings("a"), .int(-1)), Value.none)
        assertRuntimeError(.wrongDynKind) { try self.vm.run("get", .string("abc"), .int(0)) }
    }

    func testSetAndRemoveOnMapsReturnNewMaps() throws {
        XCTAssertEqual(try vm.show("set", ab, .string("c"), .int(3)), #"{"a": 1, "b": 2, "c": 3}"#)
        XCTAssertEqual(try vm.show("set", ab, .string("a"), .int(10)), #"{"a": 10, "b": 2}"#, "an existing key keeps its position")
        XCTAssertEqual(ab.display, #"{"a": 1, "b": 2}"#, "the argument is unchanged")
        XCTAssertEqual(try vm.show("remove", ab, .string("a")), #"{"b": 2}"#)
        XCTAssertEqual(try vm.show("remove", ab, .string("zz")), #"{"a": 1, "b": 2}"#)
        XCTAssertEqual(try vm.show("set", map(), .string("a"), .int(1)), #"{"a": 1}"#)
        XCTAssertEqual(try vm.show("remove", map((.string("a"), .int(1))), .string("a")), "{}")
    }

    func testSetAndRemoveOnLists() throws {
        XCTAssertEqual(try vm.show("set", ints(1, 2, 3), .int(1), .int(20)), "[1, 20, 3]")
        XCTAssertEqual(try vm.show("remove", ints(1, 2, 3), .int(0)), "[2, 3]")
        assertRuntimeError(.indexOutOfRange) { try self.vm.run("set", ints(1), .int(1), .int(0)) }
        assertRuntimeError(.indexOutOfRange) { try self.vm.run("set", ints(1), .int(-1), .int(0)) }
        let message = assertRuntimeError(.indexOutOfRange) { try self.vm.run("remove", ints(1, 2), .int(2)) }
        XCTAssertTrue(message.contains("index 2"), message)
    }

    func testSetInPlaceOnAUniqueMap() throws {
        let set = StandardLibrary.builtins["set"]!
        var m = map()
        for k in 0..<20_000 {
            var args = Arguments([m, .int(Int64(k % 1000)), .int(Int64(k))])
            m = .unit
            m = try set(&args, vm.context)
        }
        let result = try m.asMap()
        XCTAssertEqual(result.count, 1000)
        XCTAssertEqual(result[.int(999)], .int(19_999))
        XCTAssertEqual(result.keys.first, .int(0))
    }

    func testUpperLowerTrim() throws {
        XCTAssertEqual(try vm.run("upper", .string("Hello, Aura")), .string("HELLO, AURA"))
        XCTAssertEqual(try vm.run("lower", .string("HeLLo")), .string("hello"))
        XCTAssertEqual(try vm.run("upper", .string("straße")), .string("STRASSE"))
        XCTAssertEqual(try vm.run("trim", .string("  padded \t\n")), .string("padded"))
        XCTAssertEqual(try vm.run("trim", .string("inner  space")), .string("inner  space"))
        XCTAssertEqual(try vm.run("trim", .string(" \r\n ")), .string(""))
        XCTAssertEqual(try vm.run("trim", .string("")), .string(""))
    }

    func testSplitKeepsEmptyPieces() throws {
        XCTAssertEqual(try vm.show("split", .string("a,b,,c"), .string(",")), #"["a", "b", "", "c"]"#)
        XCTAssertEqual(try vm.show("split", .string("one two"), .string(" ")), #"["one", "two"]"#)
        XCTAssertEqual(try vm.show("split", .string(",a,"), .string(",")), #"["", "a", ""]"#)
        XCTAssertEqual(try vm.show("split", .string(""), .string(",")), #"[""]"#)
        XCTAssertEqual(try vm.show("split", .string("a=>b=>c"), .string("=>")), #"["a", "b", "c"]"#)
        XCTAssertEqual(try vm.show("split", .string("héllo"), .string("")), #"["h", "é", "l", "l", "o"]"#)
        XCTAssertEqual(try vm.show("split", .string("1→2→3"), .string("→")), #"["1", "2", "3"]"#)
        XCTAssertEqual(try vm.show("split", .string("line one\nline two"), .string("\n")), #"["line one", "line two"]"#)
    }

    func testStartsEndsWith() throws {
        XCTAssertEqual(try vm.run("starts_with", .string("aura.toml"), .string("aura")), .bool(true))
        XCTAssertEqual(try vm.run("starts_with", .string("aura.toml"), .string("toml")), .bool(false))
        XCTAssertEqual(try vm.run("ends_with", .string("main.aura"), .string(".aura")), .bool(true))
        XCTAssertEqual(try vm.run("ends_with", .string("main.aura"), .string(".swift")), .bool(false))
        XCTAssertEqual(try vm.run("ends_with", .string("a"), .string("ba")), .bool(false))
        XCTAssertEqual(try vm.run("starts_with", .string("x"), .string("")), .bool(true))
    }

    func testReplaceEveryOccurrence() throws {
        XCTAssertEqual(try vm.run("replace", .string("a-b-c"), .string("-"), .string("+")), .string("a+b+c"))
        XCTAssertEqual(try vm.run("replace", .string("aaa"), .string("a"), .string("bb")), .string("bbbbbb"))
        XCTAssertEqual(try vm.run("replace", .string("aaaa"), .string("aa"), .string("b")), .string("bb"))
        XCTAssertEqual(try vm.run("replace", .string("abc"), .string("x"), .string("y")), .string("abc"))
        XCTAssertEqual(try vm.run("replace", .string("abc"), .string(""), .string("y")), .string("abc"))
        XCTAssertEqual(try vm.run("replace", .string("café café"), .string("é"), .string("e")), .string("cafe cafe"))
        XCTAssertEqual(try vm.run("replace", .string("a.b"), .string("."), .string("")), .string("ab"))
    }

    func testCharsAreUnicodeScalars() throws {
        XCTAssertEqual(try vm.show("chars", .string("abc")), #"["a", "b", "c"]"#)
        XCTAssertEqual(try vm.run("len", try vm.run("chars", .string("héllo"))), .int(5))
        XCTAssertEqual(try vm.show("chars", .string("👍🏽!")), #"["👍", "🏽", "!"]"#)
        XCTAssertEqual(try vm.show("chars", .string("")), "[]")
    }

    func testRepeat() throws {
        XCTAssertEqual(try vm.run("repeat", .string("ab"), .int(3)), .string("ababab"))
        XCTAssertEqual(try vm.run("repeat", .string("x"), .int(0)), .string(""))
        XCTAssertEqual(try vm.run("repeat", .string("x"), .int(-4)), .string(""))
        XCTAssertEqual(try vm.show("repeat", ints(1, 2), .int(2)), "[1, 2, 1, 2]")
        assertRuntimeError(.memoryLimit) { try self.vm.run("repeat", .string("ab"), .int(.max)) }
        assertRuntimeError(.memoryLimit) { try self.vm.run("repeat", ints(1), .int(1 << 40)) }
    }
}
