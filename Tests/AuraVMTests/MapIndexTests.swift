@testable import AuraVM
import XCTest

/// The map index: integers hash to themselves and the probe sequence mixes in the high bits,
/// so key sets that share their low bits, negative keys and mixed kinds all find their entries.
final class MapIndexTests: XCTestCase {
    func testKeysSharingTheirLowBitsAndNegativeKeysAreAllFound() {
        let patterns: [[Int64]] = [
            (0..<5000).map { $0 << 20 },                     // low 20 bits zero
            (0..<5000).map { -$0 * 1024 },                   // negative multiples of 1024
            (0..<5000).map { Int64.max - $0 * 65536 },       // near the top of the range
            (0..<5000).map { $0 },                           // consecutive
        ]
        for keys in patterns {
            var map = MapValue()
            for (n, key) in keys.enumerated() { map[.int(key)] = .int(Int64(n)) }
            XCTAssertEqual(map.count, keys.count)
            for (n, key) in keys.enumerated() { XCTAssertEqual(map[.int(key)], .int(Int64(n)), "key \(key)") }
            XCTAssertNil(map[.int(Int64.min + 7)])
            for key in keys where key % 2 == 0 { map.remove(.int(key)) }
            for (n, key) in keys.enumerated() {
                XCTAssertEqual(map[.int(key)], key % 2 == 0 ? nil : .int(Int64(n)), "key \(key) after removals")
            }
        }
    }

    func testKeysOfDifferentKindsKeepTheirOwnEntries() {
        var map = MapValue()
        for n in 0..<300 {
            map[.int(Int64(n))] = .string("int")
            map[.string("\(n)")] = .string("string")
        }
        map[.bool(true)] = .string("bool")
        XCTAssertEqual(map.count, 601)
        XCTAssertEqual(map[.int(7)], .string("int"))
        XCTAssertEqual(map[.string("7")], .string("string"))
        XCTAssertEqual(map[.bool(true)], .string("bool"))
        XCTAssertEqual(map.keys.prefix(3), [.int(0), .string("0"), .int(1)], "insertion order is kept")
    }

    /// Keys `0, 1, 2, …` in order are stored implied (no keys, no index) until a key breaks the
    /// run; every way of breaking it keeps every entry and the insertion order.
    func testDenseIntegerKeysLeaveTheirCompactFormWithoutLosingEntries() {
        func dense(_ count: Int) -> MapValue {
            var map = MapValue()
            for n in 0..<count { map[.int(Int64(n))] = .int(Int64(n * 10)) }
            return map
        }
        var map = dense(1000)
        XCTAssertTrue(map.storageIsDense)
        XCTAssertEqual(map.keys.prefix(3), [.int(0), .int(1), .int(2)])
        XCTAssertNil(map[.int(-1)])
        XCTAssertNil(map[.int(1000)])
        XCTAssertNil(map[.string("0")])
        map[.int(5)] = .int(-5)                          // an update keeps the form
        XCTAssertTrue(map.storageIsDense)
        map.remove(.int(999))                            // so does removing the last key
        XCTAssertTrue(map.storageIsDense)
        XCTAssertEqual(map.count, 999)

        var gap = map
        gap[.int(5000)] = .int(1)                        // a gap
        XCTAssertFalse(gap.storageIsDense)
        XCTAssertTrue(map.storageIsDense, "the copy changed, the original did not")
        XCTAssertEqual(gap[.int(5)], .int(-5))
        XCTAssertEqual(gap[.int(998)], .int(9980))
        XCTAssertEqual(gap[.int(5000)], .int(1))
        XCTAssertEqual(gap.keys.last, .int(5000))

        var middle = dense(100)
        middle.remove(.int(40))                          // a removal in the middle shifts the rest
        XCTAssertFalse(middle.storageIsDense)
        XCTAssertNil(middle[.int(40)])
        XCTAssertEqual(middle[.int(41)], .int(410))
        XCTAssertEqual(middle[.int(99)], .int(990))
        XCTAssertEqual(middle.count, 99)
        middle[.int(40)] = .int(7)
        XCTAssertEqual(middle.keys.last, .int(40), "re-inserted keys go last, as in any map")

        var mixed = dense(3)
        mixed[.string("x")] = .int(1)                    // another kind of key
        XCTAssertEqual(mixed.keys, [.int(0), .int(1), .int(2), .string("x")])
        XCTAssertEqual(mixed[.int(2)], .int(20))
        XCTAssertEqual(mixed[.string("x")], .int(1))

        var small = MapValue()
        small[.int(1)] = .int(1)                         // a map that never started at 0
        XCTAssertFalse(small.storageIsDense)
        XCTAssertEqual(small[.int(1)], .int(1))
        XCTAssertNil(small[.int(0)])
    }

    func testRegisterKeyedStoresAndLookupsOfADenseMap() {
        // The dispatch loop's path: the key read where it lies. Appending at `count`, replacing
        // below it, a key past the end or negative (the map leaves the dense form), and the
        // shared empty storage of `{:}` that a first store must not write into.
        func store(_ map: inout MapValue, _ key: Value, _ value: Value) {
            withUnsafePointer(to: key) { map.store(value, at: $0) }
        }
        func lookup(_ map: MapValue, _ key: Value) -> Value? { withUnsafePointer(to: key) { map.value(at: $0) } }
        var dense = MapValue()
        let untouched = MapValue()
        for n in 0..<100 { store(&dense, .int(Int64(n)), .int(Int64(n * 2))) }
        XCTAssertTrue(dense.storageIsDense)
        XCTAssertEqual(untouched.count, 0, "the empty storage is shared, not written")
        store(&dense, .int(5), .string("five"))
        XCTAssertEqual(lookup(dense, .int(5)), .string("five"))
        XCTAssertEqual(lookup(dense, .int(99)), .int(198))
        XCTAssertNil(lookup(dense, .int(100)))
        XCTAssertNil(lookup(dense, .int(-1)))
        XCTAssertNil(lookup(dense, .string("5")))
        let snapshot = dense
        store(&dense, .int(100), .int(1))
        XCTAssertEqual(snapshot.count, 100, "a copy keeps its entries")
        XCTAssertEqual(dense.count, 101)
        store(&dense, .int(500), .int(2))
        store(&dense, .int(-3), .int(3))
        XCTAssertFalse(dense.storageIsDense)
        XCTAssertEqual(dense.count, 103)
        XCTAssertEqual(lookup(dense, .int(500)), .int(2))
        XCTAssertEqual(lookup(dense, .int(-3)), .int(3))
        XCTAssertEqual(lookup(dense, .int(5)), .string("five"))
        XCTAssertEqual(dense.keys.suffix(3), [.int(100), .int(500), .int(-3)])
    }

    /// The values live in a buffer grown with `realloc` (see `ValueBuffer`): a map large enough
    /// that its buffer is remapped and asks for huge pages keeps every heap-allocated value
    /// through the growth, a copy is independent of it, and removing from the middle shifts the
    /// values after it.
    func testValuesSurviveReallocGrowthCopiesAndRemovals() {
        let count = 300_000                             // 7 MB of values: past the huge-page threshold
        func text(_ n: Int) -> Value { .string("a value long enough for the heap #\(n)") }
        var map = MapValue()
        for n in 0..<count { map[.int(Int64(n))] = text(n) }
        XCTAssertTrue(map.storageIsDense)
        for n in stride(from: 0, to: count, by: 997) { XCTAssertEqual(map[.int(Int64(n))], text(n)) }
        XCTAssertEqual(map.values.last, text(count - 1))

        var copy = map
        copy[.int(7)] = .list([.int(1)])
        XCTAssertEqual(map[.int(7)], text(7), "updating the copy left the original alone")
        XCTAssertNotEqual(copy.storageIdentity, map.storageIdentity)

        var keyed = MapValue()
        for n in 0..<20 { keyed[.string("k\(n)")] = text(n) }
        keyed.remove(.string("k3"))
        XCTAssertEqual(keyed.count, 19)
        XCTAssertEqual(keyed.values.prefix(4), [text(0), text(1), text(2), text(4)])
        XCTAssertEqual(keyed[.string("k19")], text(19))
        XCTAssertNil(keyed[.string("k3")])
    }
}
