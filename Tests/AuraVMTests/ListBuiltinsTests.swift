@testable import AuraVM
import XCTest

/// LANGUAGE.md §7, lists: the examples of docs/language.md and the run fixtures' decisions.
final class ListBuiltinsTests: XCTestCase {
    let vm = TestCaller()

    func testLen() throws {
        XCTAssertEqual(try vm.run("len", ints(1, 2, 3)), .int(3))
        XCTAssertEqual(try vm.run("len", .string("héllo")), .int(5))
        XCTAssertEqual(try vm.run("len", .string("")), .int(0))
        XCTAssertEqual(try vm.run("len", map((.string("a"), .int(1)), (.string("b"), .int(2)))), .int(2))
        assertRuntimeError(.wrongDynKind) { try self.vm.run("len", .int(3)) }
    }

    func testMapFilterWhere() throws {
        let square = vm.function { .int(try $0[0].asInt() * $0[0].asInt()) }
        XCTAssertEqual(try vm.show("map", ints(1, 2, 3, 4, 5), square), "[1, 4, 9, 16, 25]")
        let odd = vm.function { .bool(try $0[0].asInt() % 2 == 1) }
        XCTAssertEqual(try vm.show("filter", ints(1, 2, 3, 4, 5), odd), "[1, 3, 5]")
        let big = vm.function { .bool(try $0[0].asInt() > 3) }
        XCTAssertEqual(try vm.show("where", ints(1, 5, 4), big), "[5, 4]")
        XCTAssertEqual(try vm.show("filter", ints(1, 2), big), "[]")
        XCTAssertEqual(try vm.show("map", strings("a", "b"), vm.builtin("upper")), #"["A", "B"]"#)
        XCTAssertEqual(try vm.show("map", ints(), square), "[]")
    }

    func testMapLeavesTheCallersListUnchanged() throws {
        let original = ints(1, 2)
        let mapped = try vm.run("map", original, vm.function { .int(try $0[0].asInt() + 1) })
        XCTAssertEqual(original, ints(1, 2))
        XCTAssertEqual(mapped, ints(2, 3))
    }

    func testFoldIsLeftToRightWithTheAccumulatorFirst() throws {
        let add = vm.function { .int(try $0[0].asInt() + $0[1].asInt()) }
        XCTAssertEqual(try vm.run("fold", ints(1, 2, 3, 4), .int(0), add), .int(10))
        let minus = vm.function { .int(try $0[0].asInt() - $0[1].asInt()) }
        XCTAssertEqual(try vm.run("fold", ints(1, 2, 3), .int(100), minus), .int(94))
        let concat = vm.function { .string(try $0[0].asString() + $0[1].display) }
        XCTAssertEqual(try vm.run("fold", ints(1, 2, 3), .string(""), concat), .string("123"))
        XCTAssertEqual(try vm.run("fold", ints(), .string("init"), concat), .string("init"))
    }

    func testEachCallsInOrderAndReturnsUnit() throws {
        XCTAssertEqual(try vm.run("each", ints(1, 2, 3), vm.builtin("print!")), .unit)
        XCTAssertEqual(vm.lines, ["1\n", "2\n", "3\n"])
        let record = vm.function { _ in .int(0) }
        XCTAssertEqual(try vm.run("each", strings("x", "y"), record), .unit)
        XCTAssertEqual(vm.calls, [[.string("x")], [.string("y")]])
    }

    func testAnyAllCountStopEarly() throws {
        let positive = vm.function { .bool(try $0[0].asInt() > 0) }
        XCTAssertEqual(try vm.run("any", ints(-1, 2, 3), positive), .bool(true))
        XCTAssertEqual(vm.calls.count, 2, "any stops at the first match")
        XCTAssertEqual(try vm.run("all", ints(1, -2, 3), positive), .bool(false))
        XCTAssertEqual(try vm.run("all", ints(1, 2), positive), .bool(true))
        XCTAssertEqual(try vm.run("all", ints(), positive), .bool(true))
        XCTAssertEqual(try vm.run("any", ints(), positive), .bool(false))
        XCTAssertEqual(try vm.run("count", ints(1, -2, 3, -4), positive), .int(2))
    }

    func testCallbackErrorsPropagate() {
        let failing = vm.function { _ in throw RuntimeError(.divisionByZero, "division by zero") }
        assertRuntimeError(.divisionByZero) { try self.vm.run("map", ints(1), failing) }
        let notBool = vm.function { _ in .int(1) }
        assertRuntimeError(.wrongDynKind) { try self.vm.run("filter", ints(1), notBool) }
    }

    func testSumMinMax() throws {
        XCTAssertEqual(try vm.run("sum", ints(10, 20, 12)), .int(42))
        XCTAssertEqual(try vm.run("sum", floats(1.5, 2.25)), .float(3.75))
        XCTAssertEqual(try vm.run("sum", ints()), .int(0))
        assertRuntimeError(.integerOverflow) { try self.vm.run("sum", ints(.max, 1)) }
        XCTAssertEqual(try vm.run("min", ints(3, 1, 2)), .int(1))
        XCTAssertEqual(try vm.run("max", ints(3, 1, 2)), .int(3))
        XCTAssertEqual(try vm.run("min", floats(2.5, -1.0)), .float(-1.0))
        XCTAssertEqual(try vm.run("max", ints()), Value.none)
        XCTAssertEqual(try vm.run("min", strings("pear", "apple")), .string("apple"))
        XCTAssertEqual(try vm.run("min", .int(4), .int(9)), .int(4))
        XCTAssertEqual(try vm.run("max", .float(4.5), .float(2.0)), .float(4.5))
        XCTAssertEqual(try vm.run("max", .string("a"), .string("b")), .string("b"))
        assertRuntimeError(.wrongDynKind) { try self.vm.run("max", list(.int(1), .string("x"))) }
    }

    func testSortIsAscendingAndStable() throws {
        XCTAssertEqual(try vm.show("sort", ints(3, 1, 2)), "[1, 2, 3]")
        XCTAssertEqual(try vm.show("sort", strings("pear", "apple", "fig")), #"["apple", "fig", "pear"]"#)
        XCTAssertEqual(try vm.show("sort", floats(2.5, -1.0, 0.5)), "[-1.0, 0.5, 2.5]")
        let people = list(list(.string("Cy"), .int(30)), list(.string("Ana"), .int(25)), list(.string("Bo"), .int(30)))
        let age = vm.function { try $0[0].asList()[1] }
        XCTAssertEqual(try vm.show("sort_by", people, age), #"[["Ana", 25], ["Cy", 30], ["Bo", 30]]"#)
        XCTAssertEqual(vm.calls.count, 3, "the key function runs once per element")
        // Stability on a larger input: sort by parity, the original order must survive within each class.
        let numbers = Value.list((0..<200).map { Value.int(Int64(($0 * 37) % 200)) })
        let parity = vm.function { .int(try $0[0].asInt() % 2) }
        let sorted = try vm.run("sort_by", numbers, parity).asList()
        let expected = try numbers.asList().filter { try $0.asInt() % 2 == 0 } + numbers.asList().filter { try $0.asInt() % 2 == 1 }
        XCTAssertEqual(sorted, expected)
        assertRuntimeError(.wrongDynKind) { try self.vm.run("sort", list(.int(1), .bool(true))) }
    }

    func testReverse() throws {
        XCTAssertEqual(try vm.show("reverse", ints(1, 2, 3)), "[3, 2, 1]")
        XCTAssertEqual(try vm.run("reverse", .string("héllo")), .string("olléh"))
        // Strings are sequences of Unicode scalars: a flag's two regional indicators swap too.
        XCTAssertEqual(try vm.run("reverse", .string("a🇫🇷b")), .string("b🇷🇫a"))
        XCTAssertEqual(try vm.run("len", .string("\r\n")), .int(2))
    }

    func testTakeLimitDropClamp() throws {
        let xs = ints(10, 20, 30, 40)
        XCTAssertEqual(try vm.show("take", xs, .int(2)), "[10, 20]")
        XCTAssertEqual(try vm.show("limit", xs, .int(3)), "[10, 20, 30]")
        XCTAssertEqual(try vm.show("drop", xs, .int(3)), "[40]")
        XCTAssertEqual(try vm.show("take", xs, .int(10)), "[10, 20, 30, 40]")
        XCTAssertEqual(try vm.show("drop", xs, .int(10)), "[]")
        XCTAssertEqual(try vm.show("take", xs, .int(-1)), "[]")
        XCTAssertEqual(try vm.show("drop", xs, .int(-1)), "[10, 20, 30, 40]")
    }

    func testFirstLast() throws {
        XCTAssertEqual(try vm.run("first", strings("a", "b")), .string("a"))
        XCTAssertEqual(try vm.run("last", strings("a", "b")), .string("b"))
        XCTAssertEqual(try vm.run("first", ints()), Value.none)
        XCTAssertEqual(try vm.run("last", ints()), Value.none)
    }

    func testContains() throws {
        XCTAssertEqual(try vm.run("contains", ints(1, 2), .int(2)), .bool(true))
        XCTAssertEqual(try vm.run("contains", strings("a"), .string("b")), .bool(false))
        XCTAssertEqual(try vm.run("contains", list(ints(1), ints(2)), ints(2)), .bool(true))
        XCTAssertEqual(try vm.run("contains", .string("healing"), .string("ali")), .bool(true))
        XCTAssertEqual(try vm.run("contains", .string("healing"), .string("lia")), .bool(false))
        XCTAssertEqual(try vm.run("contains", .string("x"), .string("")), .bool(true))
        XCTAssertEqual(try vm.run("contains", .string("ab"), .string("abc")), .bool(false))
    }

    func testUniqueFlatMap() throws {
        XCTAssertEqual(try vm.show("unique", ints(3, 1, 3, 2, 1)), "[3, 1, 2]")
        XCTAssertEqual(try vm.show("unique", strings("b", "a", "b")), #"["b", "a"]"#)
        let twice = vm.function { .list([$0[0], .int(try $0[0].asInt() * 10)]) }
        XCTAssertEqual(try vm.show("flat_map", ints(1, 2, 3), twice), "[1, 10, 2, 20, 3, 30]")
        XCTAssertEqual(try vm.show("flat_map", strings("ab", "c"), vm.builtin("chars")), #"["a", "b", "c"]"#)
    }

    func testPushConcatKeepValueSemantics() throws {
        let xs = ints(1, 2)
        XCTAssertEqual(try vm.show("push", xs, .int(3)), "[1, 2, 3]")
        XCTAssertEqual(xs, ints(1, 2))
        XCTAssertEqual(try vm.show("concat", xs, ints(9, 8)), "[1, 2, 9, 8]")
        XCTAssertEqual(xs, ints(1, 2))
        let text = Value.string("ab")
        XCTAssertEqual(try vm.run("concat", text, .string("cd")), .string("abcd"))
        XCTAssertEqual(text, .string("ab"))
    }

    /// `xs = push(xs, x)` a million times: correct only if the list is appended in place
    /// (a copy per push would be 5e11 element copies and never finish).
    func testPushInPlaceAMillionTimes() throws {
        let push = StandardLibrary.builtins["push"]!
        var xs = Value.list([])
        for k in 0..<1_000_000 {
            var args = Arguments([xs, .int(Int64(k))])
            xs = .unit // the VM moves the register into the call
            xs = try push(&args, vm.context)
        }
        let items = try xs.asList()
        XCTAssertEqual(items.count, 1_000_000)
        XCTAssertEqual(items[999_999], .int(999_999))
        XCTAssertEqual(items[123_456], .int(123_456))
    }

    func testRangeJoinZip() throws {
        XCTAssertEqual(try vm.show("range", .int(0), .int(4)), "[0, 1, 2, 3]")
        XCTAssertEqual(try vm.show("range", .int(3), .int(3)), "[]")
        XCTAssertEqual(try vm.show("range", .int(5), .int(1)), "[]")
        XCTAssertEqual(try vm.show("range", .int(-2), .int(1)), "[-2, -1, 0]")
        assertRuntimeError(.memoryLimit) { try self.vm.run("range", .int(.min), .int(.max)) }
        XCTAssertEqual(try vm.run("join", strings("a", "b", "c"), .string(", ")), .string("a, b, c"))
        XCTAssertEqual(try vm.run("join", strings("solo"), .string("-")), .string("solo"))
        XCTAssertEqual(try vm.run("join", strings(), .string("-")), .string(""))
        XCTAssertEqual(try vm.show("zip", ints(1, 2, 3), ints(10, 20)), "[[1, 10], [2, 20]]")
        XCTAssertEqual(try vm.show("zip", strings("a", "b"), ints(1, 2)), #"[["a", 1], ["b", 2]]"#)
    }

    func testGroupByKeepsFirstOccurrenceOrder() throws {
        let parity = vm.function { .int(try $0[0].asInt() % 2) }
        XCTAssertEqual(try vm.show("group_by", ints(2, 1, 4, 3), parity), "{0: [2, 4], 1: [1, 3]}")
        XCTAssertEqual(try vm.show("group_by", ints(1, 2, 3), parity), "{1: [1, 3], 0: [2]}")
        let initial = vm.function { .string(String(try $0[0].asString().first!)) }
        XCTAssertEqual(try vm.show("group_by", strings("apple", "banana", "avocado"), initial),
                       #"{"a": ["apple", "avocado"], "b": ["banana"]}"#)
        XCTAssertEqual(try vm.show("group_by", ints(), parity), "{}")
    }
}

/// Builtins composed the way the `Fixtures/run/programs` fixtures compose them.
final class BuiltinCompositionTests: XCTestCase {
    let vm = TestCaller()

    /// programs/word_count.aura: split, lower, filter, fold with get/set, sort(keys(...)).
    func testWordCount() throws {
        let words = try vm.run("split", try vm.run("lower", .string("the cat and The dog and  the bird")), .string(" "))
        let nonEmpty = try vm.run("filter", words, vm.function { .bool($0[0] != .string("")) })
        let tally = vm.function { args in
            let previous = try self.vm.run("get", args[0], args[1])
            let count = previous == .none ? 1 : try previous.asInt() + 1
            return try self.vm.run("set", args[0], args[1], .int(count))
        }
        let counts = try vm.run("fold", nonEmpty, .map(MapValue()), tally)
        let lines = try vm.run("sort", try vm.run("keys", counts)).asList().map { word in
            "\(word.display): \(try counts.asMap()[word]!.display)"
        }
        XCTAssertEqual(lines, ["and: 2", "bird: 1", "cat: 1", "dog: 1", "the: 3"])
    }

    /// programs/fizzbuzz.aura: range | map(f) | each(print!), with to_s as a function value.
    func testFizzBuzzPipeline() throws {
        let fizzbuzz = vm.function { args in
            let n = try args[0].asInt()
            if n % 15 == 0 { return .string("FizzBuzz") }
            if n % 3 == 0 { return .string("Fizz") }
            if n % 5 == 0 { return .string("Buzz") }
            return try self.vm.call(self.vm.builtin("to_s"), [args[0]])
        }
        let mapped = try vm.run("map", try vm.run("range", .int(1), .int(16)), fizzbuzz)
        XCTAssertEqual(try vm.run("each", mapped, vm.builtin("print!")), .unit)
        XCTAssertEqual(vm.lines.joined(), "1\n2\nFizz\n4\nBuzz\nFizz\n7\n8\nFizz\nBuzz\n11\nFizz\n13\n14\nFizzBuzz\n")
    }

    /// programs/inventory.aura: map to floats, sum, sort_by then first.
    func testInventory() throws {
        let prices = floats(1.5, 6.0, 2.25), quantities = ints(10, 0, 4)
        let pairs = try vm.run("zip", quantities, prices)
        let values = try vm.run("map", pairs, vm.function { args in
            let pair = try args[0].asList()
            return .float(Double(try pair[0].asInt()) * (try pair[1].asFloat()))
        })
        XCTAssertEqual(try vm.show("sum", values), "24.0")
        let cheapest = try vm.run("first", try vm.run("sort_by", pairs, vm.function { try $0[0].asList()[1] }))
        XCTAssertEqual(cheapest.debugDisplay, "[10, 1.5]")
    }
}
