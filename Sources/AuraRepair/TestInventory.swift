import AuraDiagnostics
import AuraSyntax

/// The tests a project declares and how many assertions each makes, read from the source (not
/// from a run): a heal must never leave fewer of either, and a patch that edits a test is
/// recognised by where the test blocks are.
public struct TestInventory: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Byte range of the whole `test "..." { }` block.
        public var range: Range<Int>
        /// Calls of `assert`, `assert_eq`, `assert_ne`, ... in the block.
        public var assertions: Int
    }

    /// Tests by name, per file.
    public private(set) var tests: [TestName: Entry] = [:]

    public init(files: [String: [UInt8]]) {
        for (path, bytes) in files { add(path: path, bytes: bytes) }
    }

    /// The inventory of one file.
    public init(path: String, bytes: [UInt8]) { add(path: path, bytes: bytes) }

    private mutating func add(path: String, bytes: [UInt8]) {
        let file = SourceFile(id: 0, path: path, bytes: bytes)
        let tree = Parser.parse(file, interner: Interner())
        guard !tree.tests.isEmpty else { return }
        let tokens = Lexer.tokenize(file).tokens
        for test in tree.tests {
            let range = Int(test.span.start)..<Int(test.span.end)
            tests[TestName(module: path, title: test.title)] = Entry(range: range, assertions: Self.assertions(in: range, tokens, bytes))
        }
    }

    /// Identifiers starting with `assert` that are called (`assert_eq(`) inside `range`.
    static func assertions(in range: Range<Int>, _ tokens: [Token], _ bytes: [UInt8]) -> Int {
        var count = 0
        for index in tokens.indices where tokens[index].kind == .identifier && range.contains(Int(tokens[index].start)) {
            let token = tokens[index]
            let name = bytes[Int(token.start)..<Int(token.end)]
            guard name.starts(with: "assert".utf8) else { continue }
            if index + 1 < tokens.count, tokens[index + 1].kind == .lParen { count += 1 }
        }
        return count
    }

    /// Byte ranges of the test blocks in `path`.
    public func ranges(in path: String) -> [Range<Int>] {
        tests.filter { $0.key.module == path }.map(\.value.range)
    }

    /// How `after` is weaker than this inventory: a test gone (deleted or renamed) or one with
    /// fewer assertions. Nil when nothing shrank.
    public func shrinkage(to after: TestInventory) -> String? {
        for (name, entry) in tests.sorted(by: { $0.key < $1.key }) {
            guard let now = after.tests[name] else { return "test \(name) is removed or renamed" }
            if now.assertions < entry.assertions {
                return "test \(name) has fewer assertions (\(entry.assertions) → \(now.assertions))"
            }
        }
        return nil
    }
}
