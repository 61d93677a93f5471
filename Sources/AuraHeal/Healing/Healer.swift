import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraVM

/// The heal pipeline (ARCHITECTURE.md §3): pre-flight → snapshot → diagnose in memory →
/// candidates → validation → risk → policy → apply in memory → verify → heal commit on
/// `refs/aura/heal` → safe write of the changed paths → report.
///
/// A candidate is accepted only if its target problem is gone, no new problem appears and no
/// test that passed now fails. Nothing reaches the working tree before that.
public final class Healer {
    public let store: SnapshotStore
    public let policy: HealPolicy
    public let providers: [HealProvider]
    /// Called for decisions that need a human; nil when not interactive.
    public let approve: ((PlanItem) -> Bool)?
    public let assumeYes: Bool
    /// Only these plan numbers (from `--items`); nil = all.
    public let selectedItems: Set<Int>?
    public let limits: Limits
    /// Only problems in these project paths (files or directories); nil = the whole project.
    public let paths: [String]?
    /// Progress messages for a terminal (`verifying 2/5: E0201 src/app.aura:3`).
    public let progress: ((String) -> Void)?
    /// Per-module results already known to pass (content-keyed, so valid for any tree):
    /// verifying a candidate re-runs only the tests its change can affect.
    public var moduleResults: ModuleResults?
    /// `aura.verify.allowNetwork`: let verification make real HTTP calls.
    public var allowNetwork = false
    /// Trailers added to the heal commit, e.g. `Aura-Session` so a heal can be traced to its log lines and ledger rows.
    public var extraTrailers: [Trailer] = []

    public init(store: SnapshotStore, policy: HealPolicy, providers: [HealProvider] = [RulesProvider()],
                approve: ((PlanItem) -> Bool)? = nil, assumeYes: Bool = false, selectedItems: Set<Int>? = nil,
                limits: Limits = .verification, paths: [String]? = nil, progress: ((String) -> Void)? = nil) {
        self.paths = paths?.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.progress = progress
        self.store = store
        self.policy = policy
        self.providers = providers
        self.approve = approve
        self.assumeYes = assumeYes
        self.selectedItems = selectedItems
        self.limits = limits
    }

    /// Diagnoses the working tree (through a snapshot, so it is read from the object database).
    public func diagnose() throws -> (HistoryEntry, [String: [UInt8]], Verification) {
        try store.repository.requireWritableState()
        let snapshot = try store.snapshot(reason: "before heal", allowReuse: true)
        let files = try ProjectFiles.read(tree: snapshot.tree, in: store.repository)
        return (snapshot, files, verify(files))
    }

    public func heal(dryRun: Bool = false) async throws -> HealReport {
        let (snapshot, original, initial) = try diagnose()
        var report = HealReport(policy: policy)
        report.dryRun = dryRun
        report.snapshotID = snapshot.id
        report.before = initial
        report.items = numberedProblems(initial).filter { inScope($0.path) }
        for index in report.items.indices { report.items[index].number = index + 1 }
        var files = original
        var current = initial
        var accepted: [(PlanItem, HealCandidate)] = []
        rounds: for _ in 0..<policy.maxIterations {
            var touched = Set<String>()
            var madeProgress = false
            let candidates = try await propose(current, files).filter { inScope($0.diagnosticPath) }
            if let usage = candidates.compactMap(\.usage).reduce(nil, { ($0 ?? TokenUsage(input: 0, output: 0)) + $1 }) {
                report.tokens = (report.tokens ?? TokenUsage(input: 0, output: 0)) + usage
            }
            for (position, candidate) in ordered(candidates).enumerated() {
                let itemKey = Verification.key(candidate.diagnostic, path: candidate.diagnosticPath)
                // A failing test's plan item and its verification problem have different keys.
                let key = candidate.diagnostic.code.rawValue == "T0001" ? current.problemKey(forItemKey: itemKey) : itemKey
                guard current.problems.contains(key),
                      let index = report.items.firstIndex(where: { self.itemKey($0) == itemKey && $0.outcome != .applied && $0.outcome != .declined && $0.outcome != .wouldApply })
                else { continue }
                if candidate.edits.contains(where: { touched.contains($0.path) }) { continue }
                var item = report.items[index]
                describe(&item, candidate, files)
                if let reason = candidate.rejection {
                    item.outcome = .rejected(reason)
                    report.items[index] = item
                    continue
                }
                let updated: [String: [UInt8]]
                do { updated = try CandidateValidation.apply(candidate, to: files) } catch {
                    item.outcome = .rejected(error.description)
                    report.items[index] = item
                    continue
                }
                let risk = CandidateValidation.classify(candidate, files: files)
                item.risk = risk
                if let selectedItems, !selectedItems.contains(item.number) {
                    item.outcome = .skipped("not selected")
                    report.items[index] = item
                    continue
                }
                switch policy.decide(risk, interactive: approve != nil, assumeYes: assumeYes) {
                case .skip:
                    item.outcome = .skipped(policy.mode == .manual ? "policy is manual" : "\(risk.name) risk needs approval")
                    report.items[index] = item
                    continue
                case .ask:
                    if !(approve?(item) ?? false) {
                        item.outcome = .declined
                        report.items[index] = item
                        continue
                    }
                case .apply: break
                }
                var merged = files
                for (path, bytes) in updated { merged[path] = bytes }
                progress?("verifying \(position + 1)/\(candidates.count): \(item.code) \(item.path):\(item.line)")
                let verifyStart = ContinuousClock.now
                defer { report.items[index].durationMs = Self.milliseconds(since: verifyStart) }
                var verification = verify(merged)
                if rejection(of: key, before: current, after: verification) != nil,
                   let (followed, followedVerification, extra) = followUp(key: key, before: current, files: merged, after: verification, risk: risk) {
                    // The fix revealed problems that have safe fixes of their own (`jsn.x` → `json.x`
                    // then needs `+json`): one verified change, shown as one plan item.
                    merged = followed
                    verification = followedVerification
                    item.diff += extra
                    touched.formUnion(followed.keys.filter { followed[$0] != files[$0] })
                }
                if let reason = rejection(of: key, before: current, after: verification) {
                    item.outcome = .rejected(reason)
                    report.items[index] = item
                    continue
                }
                item.outcome = dryRun ? .wouldApply : .applied
                report.items[index] = item
                files = merged
                current = verification
                touched.formUnion(updated.keys)
                accepted.append((item, candidate))
                madeProgress = true
                if accepted.count >= policy.maxActionsPerSession { break rounds }
            }
            if !madeProgress { break }
        }
        report.after = current
        guard !accepted.isEmpty, !dryRun else { return report }
        var changes: [String: FileChange] = [:]
        for (path, bytes) in files where bytes != original[path] { changes[path] = .write(bytes) }
        let heal = try store.commitHeal(base: snapshot, changes: changes, trailers: trailers(accepted, current),
                                        summary: accepted.map { "\($0.0.code) \($0.0.path):\($0.0.line)" }.joined(separator: ", "))
        report.writtenPaths = try store.applyToWorkingTree(heal)
        report.healID = heal.id
        return report
    }

    /// Every verification of the run goes through here (same budgets, network rule and cache).
    func verify(_ files: [String: [UInt8]]) -> Verification {
        let verification = Verifier.verify(files: files, limits: limits, allowNetwork: allowNetwork, known: moduleResults)
        moduleResults?.record(verification)
        return verification
    }

    func inScope(_ path: String) -> Bool {
        guard let paths, !paths.isEmpty else { return true }
        return paths.contains { path == $0 || path.hasPrefix($0 + "/") || $0 == "." }
    }

    /// Why a verified candidate is not good enough, or nil when it is.
    func rejection(of target: String, before: Verification, after: Verification) -> String? {
        let old = before.problemCounts, new = after.problemCounts
        if new[target, default: 0] >= old[target, default: 0] { return "verification: the problem is still there" }
        let introduced = new.filter { $0.value > old[$0.key, default: 0] }.map(\.key).sorted()
        if let first = introduced.first { return "verification: it introduces \(first)" }
        if !before.hasCompileErrors {
            let broken = before.passedTests.subtracting(after.passedTests)
            if let first = broken.sorted().first { return "verification: test \(first) no longer passes" }
        }
        return nil
    }

    /// Applies the safe fixes of diagnostics that a candidate introduced (up to two rounds).
    /// Returns nil when an introduced problem has no safe fix, or the result is still rejected.
    func followUp(key: String, before: Verification, files: [String: [UInt8]], after: Verification, risk: Risk)
        -> ([String: [UInt8]], Verification, [(removed: String, added: String, line: Int)])? {
        var files = files, verification = after
        var diff: [(removed: String, added: String, line: Int)] = []
        let targetCode = key.split(separator: " ").first.map(String.init) ?? ""
        for _ in 0..<3 {
            let introduced = verification.problems.subtracting(before.problems)
            guard !introduced.isEmpty else { break }
            var edits: [FileEdit] = []
            for (diagnostic, path) in verification.diagnostics where introduced.contains(Verification.key(diagnostic, path: path)) {
                // Safe fixes, or the same rule again (renaming `f` to `f!` makes its pure caller effectful).
                guard let fix = diagnostic.fixes.first(where: { $0.applicability == .safe })
                        ?? diagnostic.fixes.first(where: { $0.applicability == .maybe && diagnostic.code.rawValue == targetCode }) else { return nil }
                edits += fix.edits.map { FileEdit(path: verification.sources[$0.span.file].path, start: Int($0.span.start), end: Int($0.span.end), replacement: $0.replacement) }
            }
            guard !edits.isEmpty, introduced.allSatisfy({ !$0.hasPrefix("test ") && !$0.hasPrefix("main ") }) else { return nil }
            let combined = HealCandidate(diagnostic: Diagnostic(code: "E0000", message: "follow-up", primary: Label(.point(0, 0))),
                                         diagnosticPath: "", rule: "rules/follow-up", provider: "rules", edits: edits,
                                         explanation: "", confidence: 1, risk: .safe)
            var seen = Set<FileEdit>()
            let unique = HealCandidate(diagnostic: combined.diagnostic, diagnosticPath: "", rule: combined.rule, provider: "rules",
                                       edits: edits.filter { seen.insert($0).inserted }, explanation: "", confidence: 1, risk: .safe)
            guard let updated = try? CandidateValidation.apply(unique, to: files),
                  CandidateValidation.classify(combined, files: files) <= max(risk, .safe) else { return nil }
            diff += DiffLines.lines(for: edits, in: files)
            for (path, bytes) in updated { files[path] = bytes }
            verification = verify(files)
        }
        return rejection(of: key, before: before, after: verification) == nil ? (files, verification, diff) : nil
    }

    private func propose(_ verification: Verification, _ files: [String: [UInt8]]) async throws -> [HealCandidate] {
        // Failing tests go to providers as T0001 diagnostics: rules ignore them, models may fix them.
        let tests = verification.testFailures.map { (diagnostic: $0.diagnostic, path: $0.path) }
        let request = HealRequest(diagnostics: verification.diagnostics + tests, files: files, sources: verification.sources)
        var all: [HealCandidate] = []
        for provider in providers { all += try await provider.propose(request) }
        return all
    }

    /// Errors before warnings, then lower risk and higher confidence first.
    private func ordered(_ candidates: [HealCandidate]) -> [HealCandidate] {
        candidates.sorted { a, b in
            if a.diagnostic.severity != b.diagnostic.severity { return a.diagnostic.severity > b.diagnostic.severity }
            if a.risk != b.risk { return a.risk < b.risk }
            return a.confidence > b.confidence
        }
    }

    private func numberedProblems(_ verification: Verification) -> [PlanItem] {
        var items: [PlanItem] = []
        for (diagnostic, path) in verification.diagnostics {
            let file = verification.sources[diagnostic.span.file]
            let (line, column) = file.location(of: diagnostic.span.start)
            let suggestion = diagnostic.fixes.isEmpty ? diagnostic.help.first : nil
            items.append(PlanItem(number: items.count + 1, code: diagnostic.code.rawValue, path: path, line: line, column: column,
                                  message: diagnostic.message, diff: [], outcome: .noFix, note: suggestion))
        }
        for (title, error) in verification.failedTests.sorted(by: { $0.key < $1.key }) {
            items.append(PlanItem(number: items.count + 1, code: "T0001", path: String(title.split(separator: ":").first ?? ""), line: 0, column: 0,
                                  message: "test \(title) fails: \(error.message)", diff: [], outcome: .noFix,
                                  note: "no rule can repair a failing test; a model provider may (aura.provider)"))
        }
        return items
    }

    private func itemKey(_ item: PlanItem) -> String { "\(item.code) \(item.path): \(item.message)" }

    private func describe(_ item: inout PlanItem, _ candidate: HealCandidate, _ files: [String: [UInt8]]) {
        item.rule = candidate.rule
        item.provider = candidate.provider
        item.confidence = candidate.confidence
        item.explanation = candidate.explanation
        item.diff = DiffLines.lines(for: candidate.edits, in: files)
        item.tokens = candidate.usage
    }

    private func trailers(_ accepted: [(PlanItem, HealCandidate)], _ verification: Verification) -> [Trailer] {
        var trailers: [Trailer] = []
        for (item, candidate) in accepted {
            trailers.append(Trailer("Aura-Diagnostic", "\(item.code) \(item.path):\(item.line):\(item.column)"))
            trailers.append(Trailer("Aura-Provider", candidate.rule))
        }
        let risk = accepted.compactMap(\.0.risk).max() ?? .safe
        trailers.append(Trailer("Aura-Risk", risk.name))
        let confidence = accepted.map(\.1.confidence).min() ?? 1
        trailers.append(Trailer("Aura-Confidence", String(Double(Int(confidence * 100)) / 100)))
        trailers.append(Trailer("Aura-Verified", verification.trailer))
        if let usage = accepted.compactMap(\.1.usage).reduce(nil, { ($0 ?? TokenUsage(input: 0, output: 0)) + $1 }) {
            trailers.append(Trailer("Aura-Tokens", "in=\(usage.input),out=\(usage.output)"))
        }
        return trailers + extraTrailers
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Changed lines of a candidate, old and new, for the plan display.
enum DiffLines {
    static func lines(for edits: [FileEdit], in files: [String: [UInt8]]) -> [(removed: String, added: String, line: Int)] {
        var result: [(String, String, Int)] = []
        for (path, group) in Dictionary(grouping: edits, by: \.path) {
            guard let bytes = files[path] else { continue }
            let sorted = group.sorted { $0.start < $1.start }
            var lineStarts: [Int] = []
            for edit in sorted {
                var start = edit.start
                while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
                if !lineStarts.contains(start) { lineStarts.append(start) }
            }
            for lineStart in lineStarts {
                var end = lineStart
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                let inLine = sorted.filter { $0.start >= lineStart && $0.start <= end }
                var updated = Array(bytes[lineStart..<end])
                for edit in inLine.reversed() {
                    let from = edit.start - lineStart, to = min(edit.end, end) - lineStart
                    updated.replaceSubrange(from..<to, with: Array(edit.replacement.utf8))
                }
                let lineNumber = bytes[0..<lineStart].filter { $0 == 0x0A }.count + 1
                result.append((String(decoding: bytes[lineStart..<end], as: UTF8.self), String(decoding: updated, as: UTF8.self), lineNumber))
            }
        }
        return result
    }
}
