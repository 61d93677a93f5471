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
}
