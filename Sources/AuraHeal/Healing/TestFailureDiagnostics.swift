import AuraDiagnostics

extension Verification {
    /// A failing test as a problem a provider can be asked about: the diagnostic (code `T0001`,
    /// the same message and path as its plan item), and the problem key verification compares.
    public struct TestFailure: Sendable {
        public var diagnostic: Diagnostic
        public var path: String
        /// `test <module>: <title>`, the key in `problemCounts`.
        public var problem: String
    }

    /// Failing tests as diagnostics. Rules have no fix for them; model providers may. The primary
    /// span is where the test failed when that is known (an `assert_eq`), else the test's title.
    public var testFailures: [TestFailure] {
        failedTests.sorted { $0.key < $1.key }.compactMap { title, error in
            let path = String(title.split(separator: ":").first ?? "")
            guard let titleSpan = failedTestSpans[title] else { return nil }
            let primary = error.span.flatMap { $0.file == titleSpan.file ? $0 : nil } ?? titleSpan
            var secondary: [Label] = []
            if primary != titleSpan { secondary.append(Label(titleSpan, "in this test")) }
            let diagnostic = Diagnostic(code: "T0001", message: "test \(title) fails: \(error.message)",
                                        primary: Label(primary, "fails here"), secondary: secondary, help: error.help)
            return TestFailure(diagnostic: diagnostic, path: path, problem: "test \(title)")
        }
    }

    /// The key `problems` uses for a candidate's target: plan-item keys of failing tests map to
    /// their `test ...` problem; every other diagnostic is its own key.
    public func problemKey(forItemKey key: String) -> String {
        testFailures.first { Verification.key($0.diagnostic, path: $0.path) == key }?.problem ?? key
    }
}
