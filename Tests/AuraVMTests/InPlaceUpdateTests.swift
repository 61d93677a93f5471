import AuraDiagnostics
import AuraSema
@testable import AuraVM
import XCTest

/// The everyday update idioms change a collection in place: `CollectionCopies` counts the copies
/// an updating builtin had to make, so each test proves O(1) updates without timing anything.
/// (Tests run one at a time in this process; the counter is read before and after.)
final class InPlaceUpdateTests: XCTestCase {
    final class Output: @unchecked Sendable { var text = "" }

    /// Output and the copies made while running `source`'s `main`.
    func copies(_ source: String) throws -> (output: String, copies: Int) {
        let checked = Compiler.check(source: source)
        XCTAssertFalse(checked.hasErrors, checked.diagnostics.map { "\($0.code) \($0.message)" }.joined(separator: "\n"))
        let compiled = BytecodeCompiler.compile(checked)
        let output = Output()
        let before = CollectionCopies.value
        let result = ProgramRunner.runMain(compiled, effects: EffectHost(output: { output.text += $0 }), limits: .verification)
        if case let .failure(error) = result { XCTFail("\(error)") }
        return (output.text, CollectionCopies.value - before)
    }

    func testTheCountingIdiomUpdatesTheMapInPlace() throws {
        // The map is read by `get(counts, w)` in the same call that `set` consumes it.
        let (output, copies) = try copies("""
        main = {
            var counts = {"": 0}
            var i = 0
            while i < 2000 {
                w = "w" + to_s(i % 50)
                counts = set(counts, w, (get(counts, w) ?? 0) + 1)
                i = i + 1
            }
            print!(len(keys(counts)))
            print!(get(counts, "w7") ?? 0)
        }
        """)
        XCTAssertEqual(output, "51\n40\n")
        XCTAssertEqual(copies, 0, "one copy per update makes the loop quadratic")
    }

    func testASharedMapIsCopiedOnceAndTheOtherValueKeepsItsEntries() throws {
        // `snapshot` still holds the map when `set` runs (the dispatch loop's inline `set`):
        // one copy, after which `counts` is unique again and the rest of the loop is in place.
        let (output, copies) = try copies("""
        main = {
            var counts = {"a": 1}
            snapshot = counts
            for i in 0..100 { counts = set(counts, "k${i % 10}", (get(counts, "k${i % 10}") ?? 0) + 1) }
            print!(len(snapshot))
            print!(len(counts))
            print!(get(snapshot, "k1") ?? 0)
            print!(get(counts, "k1") ?? 0)
        }
        """)
        XCTAssertEqual(output, "1\n11\n0\n10\n")
        XCTAssertEqual(copies, 1)
    }

    func testMapStorageIsSharedByCopiesAndSplitByTheFirstUpdate() {
        var original = MapValue([(.string("a"), .int(1))])
        var copy = original
        XCTAssertEqual(original.storageIdentity, copy.storageIdentity, "a copy of a map value is one retain")
        copy[.string("b")] = .int(2)
        XCTAssertNotEqual(original.storageIdentity, copy.storageIdentity)
        XCTAssertEqual(original.count, 1)
        XCTAssertEqual(copy.count, 2)
        // A list from `keys` shares the keys array: the next update copies it, and says so.
        let keys = original.keys
        XCTAssertTrue(original.makeUnique())
        original[.string("c")] = .int(3)
        XCTAssertEqual(keys, [.string("a")])
        XCTAssertEqual(original.keys, [.string("a"), .string("c")])
        XCTAssertFalse(original.makeUnique())
    }

    func testAVarCapturedByALambdaIsUpdatedInPlace() throws {
        // `counts` lives in a cell (the lambda reads it); `xs` too (the lambda assigns it).
        let (output, copies) = try copies("""
        main = {
            var counts = {"": 0}
            var xs = [0]
            peek = () => len(counts)
            grow = (x) => { xs = push(xs, x) }
            for i in 0..2000 {
                w = "w${i % 50}"
                counts = set(counts, w, (get(counts, w) ?? 0) + 1)
                xs = push(xs, peek())
            }
            grow(7)
            print!(len(counts))
            print!(len(xs))
            print!(get(xs, 2001) ?? 0)
        }
        """)
        XCTAssertEqual(output, "51\n2002\n7\n")
        XCTAssertEqual(copies, 0, "a copy per update of a captured var makes the loop quadratic")
    }

    func testPushAndListSetReadingTheListInTheirArguments() throws {
        let (output, copies) = try copies("""
        main = {
            var xs = [0]
            var i = 1
            while i < 1000 {
                xs = push(xs, len(xs) + (get(xs, 0) ?? 0))
                xs = set(xs, 0, (get(xs, 0) ?? 0) + 1)
                i = i + 1
            }
            print!(len(xs))
            print!(get(xs, 0) ?? 0)
        }
        """)
        XCTAssertEqual(output, "1000\n999\n")
        XCTAssertEqual(copies, 0)
    }

    func testValueSemanticsHoldWhenAnotherValueStillRefersToTheCollection() throws {
        // `before` keeps the old map: the update must copy (once), and `before` is unchanged.
        let (output, copies) = try copies("""
        main = {
            var counts = {"a": 1}
            before = counts
            counts = set(counts, "a", (get(counts, "a") ?? 0) + 1)
            print!(get(before, "a") ?? 0)
            print!(get(counts, "a") ?? 0)
        }
        """)
        XCTAssertEqual(output, "1\n2\n")
        XCTAssertEqual(copies, 1)
    }

    func testAnArgumentThatAssignsTheVariableKeepsLeftToRightOrder() throws {
        // The third argument reassigns `m` before `set` runs: the value `set` gets is the one read
        // first, as written, so the update is not moved.
        let (output, _) = try copies("""
        main = {
            var m = {"k": 1}
            m = set(m, "k", { m = {"k": 100}; 2 })
            print!(get(m, "k") ?? 0)
            print!(len(keys(m)))
        }
        """)
        XCTAssertEqual(output, "2\n1\n")
    }
}

extension InPlaceUpdateTests {
    func testAFoldAccumulatorGrowsInPlace() throws {
        let (output, copies) = try copies("""
        main = {
            words = map(range(0, 2000), (i) => "w" + to_s(i % 50))
            counts = fold(words, {"": 0}, (acc, w) => set(acc, w, (get(acc, w) ?? 0) + 1))
            print!(len(keys(counts)))
            evens = fold(range(0, 1000), [], (acc, i) => push(acc, i * 2))
            print!(len(evens))
        }
        """)
        XCTAssertEqual(output, "51\n1000\n")
        XCTAssertEqual(copies, 0, "the lambda's parameter is moved into its last use")
    }

    func testAFunctionWhoseBodyUpdatesItsParameter() throws {
        let (output, copies) = try copies("""
        bump(m: {s: i}, k: s): {s: i} = set(m, k, (get(m, k) ?? 0) + 1)
        main = {
            var m = {"a": 0}
            var i = 0
            while i < 500 {
                m = bump(m, "a")
                i = i + 1
            }
            print!(get(m, "a") ?? 0)
        }
        """)
        XCTAssertEqual(output, "500\n")
        XCTAssertEqual(copies, 0)
    }

    func testAMapInARecordFieldIsUpdatedInPlace() throws {
        // `s.counts` is read by `get(s.counts, w)` while `set` updates it, and the record keeps
        // its other field: the field is moved out of the (unique) record and stored back.
        let (output, copies) = try copies("""
        @Stats { counts:{s:i} label:s }
        main = {
            var s = Stats { counts: {"": 0}, label: "words" }
            var i = 0
            while i < 2000 {
                w = "w" + to_s(i % 50)
                s = s with { counts: set(s.counts, w, (get(s.counts, w) ?? 0) + 1) }
                i = i + 1
            }
            var log = Stats { counts: {:}, label: "log" }
            for j in 0..300 { log = log with { counts: set(log.counts, "k${j % 3}", j) } }
            print!(len(keys(s.counts)))
            print!(get(s.counts, "w7") ?? 0)
            print!(s.label)
            print!(get(log.counts, "k2") ?? 0)
        }
        """)
        XCTAssertEqual(output, "51\n40\nwords\n299\n")
        XCTAssertEqual(copies, 0, "one copy per update of the field makes the loop quadratic")
    }

    func testARecordSharedWithAnotherValueKeepsItsField() throws {
        // `before` holds the same record: the first update copies the record and its map once;
        // `before` still sees the old map, and the rest of the loop is in place.
        let (output, copies) = try copies("""
        @Bag { items:[i] size:i }
        main = {
            var bag = Bag { items: [1], size: 1 }
            before = bag
            for i in 0..100 { bag = bag with { items: push(bag.items, i) } }
            print!(len(before.items))
            print!(len(bag.items))
            print!(before.size)
        }
        """)
        XCTAssertEqual(output, "1\n101\n1\n")
        XCTAssertEqual(copies, 1)
    }

    func testAFoldAccumulatorRecordGrowsItsFieldInPlace() throws {
        let (output, copies) = try copies("""
        @Tally { seen:{s:i} total:i }
        main = {
            words = map(range(0, 2000), (i) => "w" + to_s(i % 40))
            t = fold(words, Tally { seen: {:}, total: 0 }, (acc, w) => acc with { seen: set(acc.seen, w, (get(acc.seen, w) ?? 0) + 1) })
            print!(len(keys(t.seen)))
            print!(get(t.seen, "w3") ?? 0)
        }
        """)
        XCTAssertEqual(output, "40\n50\n")
        XCTAssertEqual(copies, 0, "the accumulator is moved into the field update")
    }

    func testAnUpdateOfTwoFieldsOrAnotherRecordIsNotInPlaceButStillCorrect() throws {
        // Another initialiser could read the field after the move, and `other.items` is not
        // the updated record's field: both take the ordinary copying path and stay correct.
        let (output, _) = try copies("""
        @Bag { items:[i] size:i }
        main = {
            var bag = Bag { items: [], size: 0 }
            other = Bag { items: [7], size: 1 }
            for i in 0..5 { bag = bag with { items: push(bag.items, i), size: len(bag.items) + 1 } }
            bag = bag with { items: push(other.items, 8) }
            print!(bag.size)
            print!(bag.items)
            print!(other.items)
        }
        """)
        XCTAssertEqual(output, "5\n[7, 8]\n[7]\n")
    }
}
