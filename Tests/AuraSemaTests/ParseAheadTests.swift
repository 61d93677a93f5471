import AuraDiagnostics
@testable import AuraSema
@testable import AuraSyntax
import XCTest

/// Parsing the entry files on all cores (`ParseAhead`) must give exactly what parsing them one
/// after another in the module graph gives: the same file ids, the same symbol numbers, the
/// same trees, types and diagnostics. Each test checks a project both ways and compares
/// everything the checked program holds.
final class ParseAheadTests: XCTestCase {
    override func tearDown() {
        ParseAhead.minimumBytes = 256 << 10
        super.tearDown()
    }

    /// Every AST construct that holds a symbol, across modules that import each other.
    let project: [String: String] = [
        "app.aura": """
        +json
        use util
        use models
        @Order { id:i @pk item:models.Item qty:i note:s? }
        @Shape = Circle { r:f } | Rect { w:f h:f } | Empty
        area(s: Shape): f = match s {
            Circle { r } => r * r * 3.0,
            Rect { w, h: height } => w * height,
            Empty => 0.0
        }
        limit = 10
        total(orders: [Order]): i = fold(orders, 0, (acc, o) => acc + o.qty)
        bump(o: Order) = o with { qty: o.qty + 1 }
        main = {
            var count = 0
            for o in [Order { id: 1, item: models.Item { name: "pen", price: 1.5 }, qty: 2, note: none }] {
                count = count + util.double(o.qty)
            }
            names = ["a", "b"] | map(_ + "!") | filter(len(_) > 1)
            print!("${count} ${len(names)} ${area(Circle { r: 1.0 })}")
        }
        test "totals" { assert_eq(total([]), 0) }
        """,
        "models.aura": """
        @Item { name:s price:f }
        cheap(items: [models.Item]) = items | filter(_.price < 2.0)
        """,
        "util.aura": """
        use lib/extra
        double(x: i): i = extra.twice(x)
        """,
        "lib/extra.aura": """
        twice(n: i): i = n * 2
        """,
        "broken.aura": """
        oops(x: i = x +
        fine = 1
        """,
    ]

    func testAParallelParseEqualsASequentialOne() throws {
        // Entries in an order the graph does not load them in (app imports util before
        // models), an import outside the entries, a file with syntax errors, a missing file.
        let paths = ["app.aura", "broken.aura", "models.aura", "util.aura", "missing.aura"]
        try assertSameProgram(paths: paths, files: project)
        try assertSameProgram(paths: paths.reversed(), files: project)
        try assertSameProgram(paths: ["lib/extra.aura", "util.aura", "models.aura", "app.aura"], files: project)
    }

    func testAFileThatIsNotUTF8IsReportedAsWithoutTheParallelParse() throws {
        var bytes = project.mapValues { Array($0.utf8) }
        bytes["bad.aura"] = Array("x = \"".utf8) + [0xFF, 0x22, 0x0A]
        let paths = ["bad.aura", "models.aura", "util.aura", "lib/extra.aura", "app.aura"]
        let sequential = check(paths: paths, loader: MemoryLoader(bytes: bytes), parallel: false)
        let parallel = check(paths: paths, loader: MemoryLoader(bytes: bytes), parallel: true)
        XCTAssertTrue(parallel.diagnostics.contains { $0.code == .invalidUTF8 })
        try assertSame(sequential, parallel)
    }

    func testTheSecondGuessNumbersFilesAsTheGraphDoes() {
        // app imports util (and util lib/extra, which is an entry here) before models: the
        // first guess (the order given) is wrong for util, models and lib/extra.
        ParseAhead.minimumBytes = 0
        let paths = ["app.aura", "models.aura", "util.aura", "lib/extra.aura"]
        var ahead = ParseAhead(paths: paths, loader: MemoryLoader(project), threads: 2)
        // The graph's order: app, util, lib/extra, models.
        for (path, id) in [("app.aura", 0), ("util.aura", 1), ("lib/extra.aura", 2), ("models.aura", 3)] {
            let parsed = ahead.adopt(path, id: FileID(id), into: Interner())
            XCTAssertNotNil(parsed, "\(path) parsed ahead as file \(id)")
            XCTAssertEqual(parsed?.tree.file.id, FileID(id))
        }
        XCTAssertNil(ahead.adopt("app.aura", id: 0, into: Interner()), "a tree is handed out once")
    }

    func testASmallProjectOrOneCoreIsParsedOnTheGraphsThread() {
        ParseAhead.minimumBytes = 1 << 20
        var small = ParseAhead(paths: ["app.aura", "models.aura"], loader: MemoryLoader(project), threads: 2)
        XCTAssertNil(small.adopt("app.aura", id: 0, into: Interner()))
        XCTAssertNotNil(small.bytes["app.aura"], "the bytes are read once and kept for the graph")
        ParseAhead.minimumBytes = 0
        var single = ParseAhead(paths: ["app.aura", "models.aura"], loader: MemoryLoader(project), threads: 1)
        XCTAssertNil(single.adopt("app.aura", id: 0, into: Interner()))
    }

    func testAdoptingAnInternerNumbersNamesInItsOrder() {
        let global = Interner()
        _ = global.intern("b")
        let local = Interner()
        for name in ["a", "b", "c"] { _ = local.intern(name) }
        XCTAssertEqual(global.adopt(local), [1, 0, 2])
        XCTAssertEqual(global.names, ["b", "a", "c"])
    }

    // MARK: Support

    func check(paths: [String], loader: SourceLoader, parallel: Bool) -> CheckedProgram {
        ParseAhead.minimumBytes = parallel ? 0 : Int.max
        return Compiler.check(paths: paths, loader: loader)
    }

    func assertSameProgram(paths: [String], files: [String: String], line: UInt = #line) throws {
        let sequential = check(paths: paths, loader: MemoryLoader(files), parallel: false)
        let parallel = check(paths: paths, loader: MemoryLoader(files), parallel: true)
        try assertSame(sequential, parallel, line: line)
    }

    func assertSame(_ a: CheckedProgram, _ b: CheckedProgram, line: UInt = #line) throws {
        XCTAssertEqual(a.interner.names, b.interner.names, "symbol numbering", line: line)
        XCTAssertEqual(a.sources.files.map { "\($0.id) \($0.path) \($0.bytes.count)" },
                       b.sources.files.map { "\($0.id) \($0.path) \($0.bytes.count)" }, "file ids", line: line)
        XCTAssertEqual(a.diagnostics.map { "\($0)" }, b.diagnostics.map { "\($0)" }, "diagnostics", line: line)
        XCTAssertEqual(a.modules.map(\.path), b.modules.map(\.path), "module order", line: line)
        for (x, y) in zip(a.modules, b.modules) {
            XCTAssertEqual("\(x.tree)", "\(y.tree)", "tree of \(x.path)", line: line)
            XCTAssertEqual(x.exprTypes, y.exprTypes, "types of \(x.path)", line: line)
            XCTAssertEqual(x.resolutions, y.resolutions, "names of \(x.path)", line: line)
            XCTAssertEqual("\(x.locals)", "\(y.locals)", "locals of \(x.path)", line: line)
        }
        XCTAssertFalse(a.modules.isEmpty, line: line)
    }
}
