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

    func testThePredictedLoadOrderNumbersFilesAsTheGraphDoes() {
        // app imports util (and util lib/extra) before models: the order given is not the
        // graph's. A missing entry takes a file id for its diagnostic, a missing import none.
        var files = project
        files["app.aura"] = "use nowhere\n" + project["app.aura"]!
        var bytes: [String: [UInt8]] = [:]
        let order = ParseAhead.predictLoadOrder(entries: ["missing.aura", "app.aura", "models.aura", "util.aura", "lib/extra.aura"],
                                                loader: MemoryLoader(files), bytes: &bytes)
        XCTAssertEqual(order.map { "\($0.id) \($0.path)" }, ["1 app.aura", "2 util.aura", "3 lib/extra.aura", "4 models.aura"])
        XCTAssertEqual(Set(bytes.keys), ["app.aura", "util.aura", "lib/extra.aura", "models.aura"], "each file read once, for the graph")
        let program = Compiler.check(paths: ["missing.aura", "app.aura", "models.aura", "util.aura", "lib/extra.aura"], loader: MemoryLoader(files))
        XCTAssertEqual(program.sources.files.map { "\($0.id) \($0.path)" },
                       ["0 missing.aura", "1 app.aura", "2 util.aura", "3 lib/extra.aura", "4 models.aura"])
    }

    func testTheUseScanFindsTheImportsTheParserFinds() {
        let source = "+json\nuse util\n  use lib/extra\nuse\tmodels/\nusers = 1\nuse_it = 2\n# use nothing\nf() = \"\nuse text\""
        XCTAssertEqual(UseScan.paths(in: Array(source.utf8)), ["util", "lib/extra", "models", "text"],
                       "the `use` inside a string is a wrong guess, which only costs a second parse")
        XCTAssertEqual(UseScan.paths(in: Array("use".utf8)), [])
    }

    func testATreeIsHandedOutOnceAndOnlyForItsPredictedId() {
        ParseAhead.minimumBytes = 0
        let paths = ["app.aura", "models.aura", "util.aura", "lib/extra.aura"]
        let ahead = ParseAhead(paths: paths, loader: MemoryLoader(project), threads: 2)
        XCTAssertNil(ahead.adopt("models.aura", id: 1, into: Interner()), "models is file 3, not 1")
        // app is either parsed ahead (then handed out) or claimed for the caller to parse.
        if let parsed = ahead.adopt("app.aura", id: 0, into: Interner()) { XCTAssertEqual(parsed.tree.file.id, 0) }
        XCTAssertNil(ahead.adopt("app.aura", id: 0, into: Interner()), "a tree is handed out once")
        ahead.finish()
    }

    func testAnImportCycleIsCheckedAsAWholeProgram() throws {
        // b's functions are checked before a is declared when modules are checked as they
        // load; in a cycle they wait, so `a.one` resolves and only the cycle is reported.
        let files = [
            "a.aura": "use b\none(): i = 1\ntwo(): i = b.plus(one())\n",
            "b.aura": "use a\nplus(x: i): i = x + a.one()\n",
            "main.aura": "use a\nmain = print!(a.two())\n",
        ]
        for parallel in [false, true] {
            let program = check(paths: ["main.aura", "a.aura", "b.aura"], loader: MemoryLoader(files), parallel: parallel)
            XCTAssertEqual(program.diagnostics.map(\.code), [.importCycle], "\(program.diagnostics)")
        }
        try assertSameProgram(paths: ["main.aura", "a.aura", "b.aura"], files: files)
    }

    func testAProjectLargerThanAFewFilesIsCheckedAlikeBothWays() throws {
        // Enough files that the worker and the graph's thread both parse, and steal, many.
        var files: [String: String] = [:]
        for index in 0..<40 {
            var text = index % 5 == 0 ? "" : "use m\(index - 1)\n"
            if index % 7 == 3 { text += "use missing\(index)\n" }
            text += "@R\(index) { id:i name:s }\n"
            for n in 0..<30 {
                text += "f\(n)(r: R\(index), k: i): i = r.id * k + \(n)\n"
                text += "g\(n)(xs: [i]) = xs | filter(_ > \(n)) | map(_ * 2)\n"
            }
            if index % 5 != 0 { text += "h(x: i) = m\(index - 1).f0(m\(index - 1).R\(index - 1) { id: x, name: \"n\" }, 2)\n" }
            if index % 11 == 4 { text += "bad(x: i = x +\n" }
            if index % 13 == 6 { text += "wrong(): s = 1 + \"a\"\n" }
            files["m\(index).aura"] = text
        }
        let paths = files.keys.sorted()
        try assertSameProgram(paths: paths, files: files)
        try assertSameProgram(paths: paths.reversed(), files: files)
    }

    func testASmallProjectOrOneCoreIsParsedOnTheGraphsThread() {
        ParseAhead.minimumBytes = 1 << 20
        let small = ParseAhead(paths: ["app.aura", "models.aura"], loader: MemoryLoader(project), threads: 2)
        XCTAssertNil(small.adopt("app.aura", id: 0, into: Interner()))
        XCTAssertNotNil(small.bytes["app.aura"], "the bytes are read once and kept for the graph")
        ParseAhead.minimumBytes = 0
        let single = ParseAhead(paths: ["app.aura", "models.aura"], loader: MemoryLoader(project), threads: 1)
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
