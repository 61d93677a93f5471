import AuraDiagnostics
import AuraJSON
import AuraRepair
import AuraSema

/// LSP code action kinds the server offers.
enum CodeActionKind {
    static let quickFix = "quickfix"
    static let fixAll = "source.fixAll.aura"
}

extension LanguageServer {
    /// For the diagnostics in the requested range: every fix the checker attached, labelled with
    /// its applicability, and the healer's candidates for the same problems, labelled with risk and
    /// the receipt of an in-memory verification of the unsaved buffers (types, tests, `main`s, in
    /// the verification sandbox). A candidate verification rejects is offered disabled, with why.
    /// Plus the source action "Fix all safe problems in file".
    func codeActions(_ params: JSON) throws(RPCError) -> JSON {
        let document = try document(params)
        let analysis = workspace.analysis()
        guard analysis.module(path: document.path) != nil else { return .array([]) }
        let start = try document.offset(params["range"]?["start"], encoding: encoding)
        let end = try document.offset(params["range"]?["end"], encoding: encoding)
        let only = params["context"]?["only"]?.array?.compactMap(\.string)
        func wanted(_ kind: String) -> Bool { only.map { $0.contains { kind == $0 || kind.hasPrefix($0 + ".") } } ?? true }
        let locations = locations(analysis)
        let here = (analysis.diagnosticsByPath[document.path] ?? []).filter { diagnostic in
            Int(diagnostic.span.start) <= end && start <= Int(diagnostic.span.end)
        }
        var actions: [JSON] = []
        if wanted(CodeActionKind.quickFix) {
            for diagnostic in here {
                for fix in diagnostic.fixes {
                    actions.append(action("\(fix.message) (\(Self.label(fix.applicability)))", kind: CodeActionKind.quickFix,
                                          diagnostic: diagnostic, edits: fix.edits, locations: locations, preferred: fix.applicability == .safe))
                }
            }
            actions += healerActions(here, analysis, locations)
        }
        if wanted(CodeActionKind.fixAll), let fixAll = fixAllSafe(document, analysis) { actions.append(fixAll) }
        return .array(actions)
    }

    static func label(_ applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe"
        case .maybe: return "check the result"
        case .placeholder: return "placeholder: fill in `???`"
        }
    }

    private func action(_ title: String, kind: String, diagnostic: Diagnostic?, edits: [TextEdit], locations: Locations,
                        preferred: Bool = false, disabled: String? = nil) -> JSON {
        var byURI: [(String, [JSON])] = []
        for edit in edits {
            let uri = locations.uri(edit.span)
            let json: JSON = ["range": locations.range(edit.span), "newText": .string(edit.replacement)]
            if let index = byURI.firstIndex(where: { $0.0 == uri }) { byURI[index].1.append(json) } else { byURI.append((uri, [json])) }
        }
        var fields: [(String, JSON)] = [("title", .string(title)), ("kind", .string(kind))]
        if let diagnostic { fields.append(("diagnostics", [Self.lsp(diagnostic, locations)])) }
        if preferred { fields.append(("isPreferred", true)) }
        if let disabled { fields.append(("disabled", ["reason": .string(disabled)])) }
        fields.append(("edit", ["changes": .object(byURI.map { ($0.0, .array($0.1)) })]))
        return .object(fields)
    }

    /// The rules provider's candidates for these diagnostics, each gated as `git aura heal`
    /// gates it — validation, risk class, verification — but never applied: the user chooses.
    private func healerActions(_ diagnostics: [Diagnostic], _ analysis: Analysis, _ locations: Locations) -> [JSON] {
        let sources = analysis.program.sources
        let problems = diagnostics.map { diagnostic in
            let path = sources[diagnostic.span.file].path
            return Problem(id: ProblemID(diagnostic, path: path, in: sources), diagnostic: diagnostic, path: path)
        }
        let candidates = RulesProvider().candidates(HealRequest(problems: problems, files: analysis.files, sources: sources))
        guard !candidates.isEmpty else { return [] }
        let before = verifications.verification(of: analysis.files, Self.verify)
        var actions: [JSON] = []
        for candidate in candidates {
            let (risk, raisedBecause) = CandidateValidation.assess(candidate, files: analysis.files)
            var title = "Heal (\(candidate.rule), \(risk.name) risk"
            if let raisedBecause { title += ": \(raisedBecause)" }
            title += ")"
            var disabled: String?
            do {
                var merged = analysis.files
                for (path, bytes) in try CandidateValidation.apply(candidate, to: analysis.files) { merged[path] = bytes }
                let after = verifications.verification(of: merged, Self.verify)
                if let reason = CandidateAcceptance.rejection(of: candidate.problem.id, before: before, after: after)
                    ?? CandidateAcceptance.testShrinkage(before: analysis.files, after: merged, changed: Set(candidate.edits.map(\.path))) {
                    disabled = reason
                    title += " — not verified: " + reason
                } else {
                    title += " — verified: " + after.receipt
                }
            } catch {
                disabled = error.description
                title += " — " + error.description
            }
            let edits = candidate.edits.compactMap { edit -> TextEdit? in
                guard let file = sources.file(path: edit.path) else { return nil }
                return TextEdit(span: Span(file: file.id, start: UInt32(edit.start), end: UInt32(edit.end)), replacement: edit.replacement)
            }
            actions.append(action(title, kind: CodeActionKind.quickFix, diagnostic: candidate.diagnostic, edits: edits,
                                  locations: locations, disabled: disabled))
        }
        return actions
    }

    /// Verification as the healer runs it: in memory, sandboxed, tests in a worker process.
    static func verify(_ files: [String: [UInt8]]) -> Verification { Verifier.verify(files: files) }

    /// Applies every `safe` fix of the file, re-checking between rounds (a fix can reveal the
    /// next problem), as one edit; offered only when it leaves fewer problems and no new one.
    private func fixAllSafe(_ document: TextDocument, _ analysis: Analysis) -> JSON? {
        var files = analysis.files
        var current = analysis
        var applied = 0
        for _ in 0..<8 {
            guard let module = current.module(path: document.path) else { break }
            let fileID = current.checked(module).tree.file.id
            var edits: [TextEdit] = []
            for diagnostic in current.program.diagnostics where diagnostic.span.file == fileID {
                guard let fix = diagnostic.fixes.first(where: { $0.applicability == .safe }),
                      fix.edits.allSatisfy({ $0.span.file == fileID }) else { continue }
                // Fixes of one round must not overlap; the next round picks up the rest.
                let overlaps = fix.edits.contains { new in
                    edits.contains { Int(new.span.start) < Int($0.span.end) && Int($0.span.start) < Int(new.span.end) || new.span.start == $0.span.start }
                }
                if overlaps { continue }
                edits += fix.edits
                applied += 1
            }
            guard !edits.isEmpty, let bytes = files[document.path], let updated = TextEdit.apply(edits, to: bytes) else { break }
            files[document.path] = updated
            current = Analysis(files: files)
        }
        guard applied > 0, let final = files[document.path], let difference = TextDifference(document.bytes, final) else { return nil }
        let before = Self.problemCounts(analysis), after = Self.problemCounts(current)
        guard after.values.reduce(0, +) < before.values.reduce(0, +), !after.contains(where: { $0.value > before[$0.key, default: 0] }) else { return nil }
        let errors = current.program.errorCount
        let receipt = errors == 0 ? "types ✓" : "\(errors) error\(errors == 1 ? "" : "s") left"
        return ["title": .string("Fix all safe problems in file (\(applied) fix\(applied == 1 ? "" : "es"); \(receipt))"),
                "kind": .string(CodeActionKind.fixAll),
                "edit": ["changes": [document.uri: [difference.textEdit(in: document, encoding: encoding)]]]]
    }

    static func problemCounts(_ analysis: Analysis) -> [ProblemID: Int] {
        var counts: [ProblemID: Int] = [:]
        let sources = analysis.program.sources
        for diagnostic in analysis.program.diagnostics {
            counts[ProblemID(diagnostic, path: sources[diagnostic.span.file].path, in: sources), default: 0] += 1
        }
        return counts
    }
}

extension Verification {
    /// `types ✓ tests 3/3` — what an editor shows after "verified:".
    var receipt: String {
        var parts = ["types ✓"]
        parts.append("tests \(passedTests.count)/\(testsRun)")
        if mainsRun > 0 { parts.append("main ✓") }
        return parts.joined(separator: " ")
    }
}
