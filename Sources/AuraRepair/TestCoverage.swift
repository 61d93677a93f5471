import AuraDiagnostics
import AuraSyntax

/// Which top-level declarations the project's `test` blocks call, for the rules' value guard:
/// a fix that could change a computed value is trusted more when a test exercises the function
/// it edits. Direct calls only (a test of `report` that calls `average` does not count), found by
/// name in the test blocks' text — cheap, and errs toward "not covered".
package final class TestCoverage {
    private let files: [String: [UInt8]]
    private var trees: [String: SyntaxTree] = [:]
    private lazy var testTexts: [(title: String, text: String)] = files.keys.sorted().flatMap { path in
        let tree = self.tree(path)
        return tree.tests.map { ($0.title, tree.text($0.span)) }
    }

    package init(files: [String: [UInt8]]) { self.files = files }

    private func tree(_ path: String) -> SyntaxTree {
        if let tree = trees[path] { return tree }
        let tree = Parser.parse(SourceFile(id: 0, path: path, bytes: files[path] ?? []), interner: Interner())
        trees[path] = tree
        return tree
    }

    /// The name of the function or constant whose declaration contains `offset`.
    package func enclosingDeclaration(_ path: String, _ offset: Int) -> String? {
        guard files[path] != nil else { return nil }
        let tree = self.tree(path)
        let contains = { (span: Span) in Int(span.start) <= offset && offset <= Int(span.end) }
        if let function = tree.functions.first(where: { contains($0.span) }) { return tree.text(function.nameSpan) }
        if let constant = tree.constants.first(where: { contains($0.span) }) { return tree.text(constant.nameSpan) }
        return nil
    }

    /// The title of a test whose body mentions `name` as a whole word, or nil.
    package func test(calling name: String) -> String? {
        testTexts.first { Self.mentions($0.text, name) }?.title
    }

    static func mentions(_ text: String, _ name: String) -> Bool {
        let isWord = { (c: Character) in c.isLetter || c.isNumber || c == "_" || c == "!" }
        var rest = text[...]
        while let range = rest.firstRange(of: name) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !isWord(before) && !isWord(after) { return true }
            rest = text[range.upperBound...]
        }
        return false
    }
}
