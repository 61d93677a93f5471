@testable import AuraVM
import Foundation
import XCTest

/// LANGUAGE.md §7, effectful builtins, through an `EffectHost` the test controls.
final class EffectBuiltinsTests: XCTestCase {
    let vm = TestCaller()
    var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aura-stdlib-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/scratch", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testPrintWritesTheDisplayFormAndANewline() throws {
        XCTAssertEqual(try vm.run("print!", .string("text")), .unit)
        _ = try vm.run("print!", .int(7))
        _ = try vm.run("print!", strings("a", "b"))
        _ = try vm.run("print!", .string(""))
        _ = try vm.run("print!", Value.none)
        XCTAssertEqual(vm.lines, ["text\n", "7\n", "[\"a\", \"b\"]\n", "\n", "none\n"])
    }

    func testNowIsSecondsSinceTheEpoch() throws {
        let first = try vm.run("now!").asFloat()
        let second = try vm.run("now!").asFloat()
        XCTAssertGreaterThan(first, 1_700_000_000)
        XCTAssertGreaterThanOrEqual(second, first)
        XCTAssertEqual(first, Date().timeIntervalSince1970, accuracy: 60)
    }

    func testRandomIsInTheUnitInterval() throws {
        var values: Set<Double> = []
        for _ in 0..<1000 {
            let r = try vm.run("random!").asFloat()
            XCTAssertTrue(r >= 0 && r < 1, "\(r)")
            values.insert(r)
        }
        XCTAssertGreaterThan(values.count, 990)
    }

    func testSeededRandomIsReproduciblePerHost() throws {
        func sequence(seed: UInt64) throws -> [Double] {
            let caller = TestCaller()
            caller.effects.randomSeed = seed
            return try (0..<50).map { _ in try caller.run("random!").asFloat() }
        }
        let a = try sequence(seed: 42), b = try sequence(seed: 42), c = try sequence(seed: 43)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(Set(a).count, 50, "the stream advances between calls")
        XCTAssertTrue(a.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = a.reduce(0, +) / 50
        XCTAssertEqual(mean, 0.5, accuracy: 0.2)
    }

    func testWriteThenReadRoundTrips() throws {
        let path = Value.string(directory + "/note.txt")
        XCTAssertEqual(try vm.run("write_file!", path, .string("line one\nline two é")), .unit)
        XCTAssertEqual(try vm.run("read_file!", path), .string("line one\nline two é"))
        _ = try vm.run("write_file!", path, .string("replaced"))
        XCTAssertEqual(try vm.run("read_file!", path), .string("replaced"), "write_file! replaces the content")
        let big = String(repeating: "0123456789", count: 20_000)
        _ = try vm.run("write_file!", path, .string(big))
        XCTAssertEqual(try vm.run("read_file!", path), .string(big))
    }

    func testFileErrors() throws {
        let message = assertRuntimeError(.fileError) { try self.vm.run("read_file!", .string(self.directory + "/missing.txt")) }
        XCTAssertTrue(message.contains("missing.txt"), message)
        XCTAssertTrue(message.contains("No such file"), message)
        assertRuntimeError(.fileError) { try self.vm.run("read_file!", .string(self.directory)) }
        assertRuntimeError(.fileError) { try self.vm.run("write_file!", .string(self.directory + "/no/such/dir.txt"), .string("x")) }
        assertRuntimeError(.fileError) { try self.vm.run("read_file!", .string("a\u{0}b")) }
    }

    func testSandboxConfinesWritesToTheScratchDirectory() throws {
        let scratch = directory + "/scratch"
        vm.effects.sandbox = .confined(scratchDirectory: scratch)
        XCTAssertEqual(try vm.run("write_file!", .string("out.txt"), .string("inside")), .unit)
        XCTAssertEqual(try String(contentsOfFile: scratch + "/out.txt", encoding: .utf8), "inside")
        XCTAssertEqual(try vm.run("read_file!", .string("out.txt")), .string("inside"), "relative reads see the scratch directory")
        XCTAssertEqual(try vm.run("write_file!", .string("./again.txt"), .string("x")), .unit)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/again.txt"))

        let message = assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string(self.directory + "/escape.txt"), .string("x")) }
        XCTAssertTrue(message.contains("write outside the scratch directory"), message)
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("../escape.txt"), .string("x")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("a/../../escape.txt"), .string("x")) }
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string(""), .string("x")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/escape.txt"))

        // A symlink inside the scratch directory must not carry a write outside it.
        try FileManager.default.createSymbolicLink(atPath: scratch + "/link.txt", withDestinationPath: directory + "/target.txt")
        assertRuntimeError(.fileError) { try self.vm.run("write_file!", .string("link.txt"), .string("x")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/target.txt"))

        vm.effects.sandbox = Sandbox(isEnabled: true, scratchDirectory: nil, allowNetwork: false)
        assertRuntimeError(.sandboxPathDenied) { try self.vm.run("write_file!", .string("out.txt"), .string("x")) }
    }

    func testEnvAndArgs() throws {
        vm.effects.environment = ["HOME": "/home/ana"]
        XCTAssertEqual(try vm.run("env!", .string("HOME")), .string("/home/ana"))
        XCTAssertEqual(try vm.run("env!", .string("AURA_SURELY_UNSET")), Value.none)
        XCTAssertEqual(try vm.show("args!"), "[]")
        vm.effects.arguments = ["--fast", "input.txt"]
        XCTAssertEqual(try vm.show("args!"), #"["--fast", "input.txt"]"#)
    }

    /// Every name of the checker's builtin table has an implementation (and nothing else is public).
    func testTableCoversLanguageSection7() {
        let names = """
        len map filter where fold sum min max sort sort_by reverse take limit drop first last contains any all count \
        unique flat_map push concat get range join group_by each zip keys values has set remove upper lower trim split \
        starts_with ends_with replace chars repeat to_s to_i to_f to_b abs sqrt floor ceil round pow assert assert_eq \
        assert_ne print! now! random! read_file! write_file! env! args! \
        to_list to_map kind index_of slice ord chr pad_left pad_right to_fixed sort_desc sort_with \
        order_by order_by_desc offset
        """.split(separator: " ").map(String.init)
        let dynVariants = ["to_i:dyn", "to_f:dyn", "to_b:dyn", "to_s:dyn"]
        XCTAssertEqual(Set(StandardLibrary.builtins.keys), Set(names + dynVariants))
        XCTAssertEqual(Set(JSONLibrary.builtins.keys), ["json.parse", "json.stringify"])
    }
}
