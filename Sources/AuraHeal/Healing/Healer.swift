import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraVM

/// The heal pipeline (ARCHITECTURE.md §3), one named step per stage:
///
/// 1. `diagnose` — snapshot the working tree onto the heal ref and verify it in memory;
/// 2. `plan` — number the problems in scope;
/// 3. rounds of `propose` → `attempt` for each candidate, best first, where an attempt passes
///    the gates `validate` → `classify` → `select` → `decide` → `verifyCandidate` and is then
///    accepted into the in-memory project;
/// 4. `commit` — the heal commit on top of the snapshot, then (by `HealMode`) the safe write.
///
/// A candidate is accepted only if its target problem is gone, no new problem appears and no
/// test that passed now fails. Nothing reaches the working tree before that.
public final class Healer {
    public let store: SnapshotStore
    public let settings: HealSettings
    public let providers: [HealProvider]
    public let options: HealOptions

    /// The directory git runs hooks from, as a project path, when `core.hooksPath` puts it in
    /// the working tree: no candidate may edit a file there.
    let hooksDirectory: String?

    public var policy: HealPolicy { settings.policy }

    public init(store: SnapshotStore, settings: HealSettings, providers: [HealProvider] = [RulesProvider()], options: HealOptions = HealOptions()) {
        self.store = store
        self.settings = settings
        self.providers = providers
        self.options = options
        let config = try? GitConfig(repository: store.repository, environment: HooksDirectory.processEnvironment())
        hooksDirectory = config.flatMap { HooksDirectory.projectPrefix(repository: store.repository, config: $0) }
    }

    /// Step 1: snapshot the working tree (reused when unchanged) and verify it, read back from
    /// the object database so what is verified is exactly what the snapshot holds.
    public func diagnose() throws -> (HistoryEntry, [String: [UInt8]], Verification) {
        try store.repository.requireWritableState()
        let snapshot = try store.snapshot(reason: "before heal", allowReuse: true)
        let files = try ProjectFiles.read(tree: snapshot.tree, in: store.repository)
        return (snapshot, files, verify(files))
    }

    public func heal(dryRun: Bool = false) async throws -> HealReport {
        try await heal(dryRun ? .dryRun : .apply)
    }

    /// Times a heal starts over when the user edits a file while it is being written: each try
    /// snapshots the new edit first, so it is never lost, and heals the text as it now is.
    public static let maxRaceRetries = 3

    public func heal(_ mode: HealMode) async throws -> HealReport {
        for attempt in 1...Self.maxRaceRetries {
            do {
                return try await healOnce(mode)
            } catch let error as SnapshotStoreError where attempt < Self.maxRaceRetries && error.isLostRace {
                options.progress?("a file changed while it was being healed; starting over (\(attempt)/\(Self.maxRaceRetries - 1))")
            }
        }
        return try await healOnce(mode)
    }

    /// Step 1 without a snapshot (`HealMode.preview`): the working tree's tree is built in the
    /// object database but no ref records it.
    func diagnoseWithoutRecording() throws -> ([String: [UInt8]], Verification) {
        try store.repository.requireWritableState()
        let files = try ProjectFiles.read(tree: try store.repository.workingTreeTree(), in: store.repository)
        return (files, verify(files))
    }

    private func healOnce(_ mode: HealMode) async throws -> HealReport {
        let snapshot: HistoryEntry?, original: [String: [UInt8]], initial: Verification
        if mode == .preview {
            snapshot = nil
            (original, initial) = try diagnoseWithoutRecording()
        } else {
            let diagnosed = try diagnose()
            (snapshot, original, initial) = (diagnosed.0, diagnosed.1, diagnosed.2)
        }
        let writesNothing = mode == .dryRun || mode == .preview
        var run = HealRun(report: plan(initial, snapshot: snapshot, dryRun: writesNothing), files: original, current: initial)
        try checkSelection(run.report)
        rounds: for _ in 0..<policy.maxIterations {
            run.touched = []
            let candidates = try await propose(&run)
            var progressed = false
            for (position, candidate) in ordered(candidates).enumerated() {
                progressed = await attempt(candidate, position: position, of: candidates.count, run: &run) || progressed
                if run.accepted.count >= policy.maxActionsPerSession { break rounds }
            }
            progressed = try await reflect(&run) || progressed
            if run.accepted.count >= policy.maxActionsPerSession { break rounds }
            if !progressed { break }
        }
        run.report.after = run.current
        guard !run.accepted.isEmpty, !writesNothing, let snapshot else { return run.report }
        try commit(&run, original: original, snapshot: snapshot, write: mode == .apply)
        return run.report
    }

    // MARK: - Steps

    /// Step 2: one numbered plan item per problem in scope (diagnostics and failing tests).
    func plan(_ verification: Verification, snapshot: HistoryEntry?, dryRun: Bool) -> HealReport {
        var report = HealReport(policy: policy)
        report.dryRun = dryRun
        report.snapshotID = snapshot?.id
        report.before = verification
        for problem in request(verification, files: [:]).problems where inScope(problem.path) {
            report.items.append(planItem(problem, number: report.items.count + 1, in: verification.sources))
        }
        return report
    }

    /// Step 3a: every provider's candidates for the problems still open.
    /// A problem whose model answers were rejected and followed up on is not asked about afresh
    /// in a later round: the follow-ups already had the feedback a fresh request would lack.
    private func propose(_ run: inout HealRun) async throws -> [HealCandidate] {
        var request = self.request(run.current, files: run.files)
        request.problems.removeAll { run.settled.contains($0.id) }
        var all: [HealCandidate] = []
        for provider in providers { all += try await provider.propose(request) }
        return counted(all, &run)
    }

    /// Step 3c (reflection): the problems whose model answer was just rejected are asked about
    /// again, as a follow-up turn carrying each rejected patch and what verification found, up
    /// to `aura.provider.maxReflections` times per problem. A problem stops early when its
    /// answer repeats a rejected patch or a follow-up brings nothing new. Returns whether a
    /// follow-up's candidate was accepted.
    private func reflect(_ run: inout HealRun) async throws -> Bool {
        var progressed = false
        while true {
            for id in run.rejected.keys where run.followUps[id, default: 0] >= settings.maxReflections { run.settled.insert(id) }
            let pending = Set(run.rejected.keys).subtracting(run.settled).filter { id in
                run.current.problemCounts[id, default: 0] > 0 && run.report.items.contains { $0.problem == id && $0.isOpen }
            }
            guard !pending.isEmpty else { return progressed }
            var request = self.request(run.current, files: run.files)
            request.problems.removeAll { !pending.contains($0.id) }
            request.rejected = run.rejected.filter { pending.contains($0.key) }
            var all: [HealCandidate] = []
            for provider in providers { all += try await provider.reflect(request) }
            let candidates = counted(all, &run)
            let before = run.rejected.mapValues(\.count)
            for id in pending { run.followUps[id, default: 0] += 1 }
            run.touched = []
            for (position, candidate) in ordered(candidates).enumerated() {
                options.progress?("follow-up \(run.followUps[candidate.problem.id, default: 0]): \(candidate.rule)")
                progressed = await attempt(candidate, position: position, of: candidates.count, run: &run) || progressed
                if run.accepted.count >= policy.maxActionsPerSession { return progressed }
            }
            // A follow-up that added no rejected answer (no request made, a budget spent, the
            // problem fixed) ends that problem's reflection.
            for id in pending where run.rejected[id, default: []].count == before[id, default: 0] { run.settled.insert(id) }
        }
    }

    /// What providers are asked about: the verification's problems, and under `git aura run`
    /// the live failure's `main` with the running program's context (`HealOptions.liveFailure`).
    func request(_ verification: Verification, files: [String: [UInt8]]) -> HealRequest {
        var request = HealRequest(verification: verification, files: files)
        guard let live = options.liveFailure else { return request }
        let problems = verification.problems
        guard var problem = live.problemIDs.lazy.compactMap({ id in problems.first { $0.id == id } }).first else { return request }
        if case let .test(name) = problem.id, let error = verification.failedTests[name] {
            // Shown as the runtime error it is, not as a failing test the user never wrote.
            problem.diagnostic.code = error.code
            problem.diagnostic.message = "the running program fails: " + UntrustedText.clean(error.message, limit: 1024)
        }
        problem.diagnostic.notes += live.notes
        request.problems.removeAll { $0.id == problem.id }
        request.problems.append(problem)
        return request
    }

    /// The candidates in scope, with their tokens and requests added to the report.
    private func counted(_ all: [HealCandidate], _ run: inout HealRun) -> [HealCandidate] {
        let candidates = all.filter { inScope($0.diagnosticPath) }
        if let usage = TokenUsage.sum(candidates.compactMap(\.usage)) { run.report.tokens = (run.report.tokens ?? .zero) + usage }
        run.report.requests += candidates.reduce(0) { $0 + $1.requests }
        return candidates
    }

    /// Step 3b: one candidate through the gates. Returns whether it was accepted. A gate that
    /// fails throws the plan item's outcome; a candidate whose problem is already handled, or
    /// whose files an accepted candidate changed this round, is passed over silently.
    private func attempt(_ candidate: HealCandidate, position: Int, of count: Int, run: inout HealRun) async -> Bool {
        guard run.current.problemCounts[candidate.problem.id, default: 0] > 0,
              let index = itemIndex(for: candidate, in: run),
              !candidate.edits.contains(where: { run.touched.contains($0.path) })
        else { return false }
        var item = run.report.items[index]
        if let rule = item.rule, case let .rejected(reason) = item.outcome {
            item.rounds.append(PlanItem.Round(rule: rule, provider: item.provider, risk: item.risk, confidence: item.confidence,
                                              reason: reason, tokens: item.tokens, requests: item.requests, durationMs: item.durationMs))
        }
        describe(&item, candidate, run.files)
        do {
            try refuseRepeat(candidate, run)
            let updated = try validate(candidate, run.files)
            let (risk, raisedBecause) = CandidateValidation.assess(candidate, files: run.files)
            item.risk = risk
            if let raisedBecause { item.note = "\(risk.name) risk: \(raisedBecause)" }
            try select(item)
            try decide(&item, risk)
            options.progress?("verifying \(position + 1)/\(count): \(item.code) \(item.path):\(item.line)")
            let verified = try verifyCandidate(candidate.problem.id, updated: updated, risk: risk, item: &item, run: run)
            item.outcome = run.report.dryRun ? .wouldApply : .applied
            run.report.items[index] = item
            run.accept(verified, candidate: candidate, item: item)
            return true
        } catch {
            item.outcome = error.planOutcome
            run.report.items[index] = item
            remember(candidate, error, &run)
            return false
        }
    }

    /// The open plan item `candidate` is for. When several share its problem id (the same typo
    /// in two functions), the one at the candidate's place — so `--items` (and `git aura ci`'s
    /// one heal per declaration) heal the occurrence chosen; else, or once earlier fixes moved
    /// the lines, the first.
    private func itemIndex(for candidate: HealCandidate, in run: HealRun) -> Int? {
        let open = run.report.items.indices.filter { run.report.items[$0].problem == candidate.problem.id && run.report.items[$0].isOpen }
        let span = candidate.problem.diagnostic.primary.span
        guard open.count > 1, candidate.problem.id.isDiagnostic, Int(span.file) < run.current.sources.files.count else { return open.first }
        let (line, column) = run.current.sources[span.file].location(of: span.start)
        return open.first { run.report.items[$0].line == line && run.report.items[$0].column == column } ?? open.first
    }

    /// Keeps a rejected model answer for the follow-up request; an answer that repeats a
    /// rejected one ends the problem's reflection.
    private func remember(_ candidate: HealCandidate, _ error: Error, _ run: inout HealRun) {
        guard let answer = candidate.answer, case let .rejected(reason) = error.planOutcome else { return }
        let id = candidate.problem.id
        if run.rejected[id, default: []].contains(where: { $0.isRepeated(by: candidate) }) {
            run.settled.insert(id)
            return
        }
        run.rejected[id, default: []].append(RejectedAttempt(provider: candidate.provider, round: run.rejected[id, default: []].count + 1,
                                                             answer: answer, edits: candidate.edits, findings: error.findings ?? reason))
    }

    /// Gate: a model answer that repeats a patch already rejected for this problem.
    private func refuseRepeat(_ candidate: HealCandidate, _ run: HealRun) throws(GateFailure) {
        guard candidate.answer != nil,
              let earlier = run.rejected[candidate.problem.id]?.first(where: { $0.isRepeated(by: candidate) }) else { return }
        throw GateFailure(.rejected("\(candidate.provider): the answer repeats the patch rejected in round \(earlier.round)"))
    }

    /// Gate: the provider produced a patch, it carries no secret, and its edits apply to the
    /// files in memory.
    private func validate(_ candidate: HealCandidate, _ files: [String: [UInt8]]) throws(GateFailure) -> [String: [UInt8]] {
        if let reason = candidate.rejection { throw GateFailure(.rejected(options.secrets(UntrustedText.clean(reason)))) }
        if candidate.edits.contains(where: { options.secrets.containsSecret($0.replacement) }) {
            throw GateFailure(.rejected("the patch contains a configured API key (or part of one); it is never written"))
        }
        do { return try CandidateValidation.apply(candidate, to: files, hooksDirectory: hooksDirectory) } catch { throw GateFailure(.rejected(error.description)) }
    }

    /// Gate: `--items` chose this plan item.
    private func select(_ item: PlanItem) throws(GateFailure) {
        if let selected = options.selectedItems, !selected.contains(item.number) { throw GateFailure(.skipped("not selected")) }
    }

    /// Gate: the policy applies this risk automatically, or a human approves it. A rule whose
    /// heals the ledger shows were often undone or declined asks where the policy would apply
    /// it without asking (`aura.learn`); learning never applies what the policy would not.
    private func decide(_ item: inout PlanItem, _ risk: Risk) throws(GateFailure) {
        let interactive = options.approve != nil
        if let learned = options.learned, let rule = item.rule {
            if let rate = learned.keepRate(of: rule) { item.confidence = min(item.confidence ?? 1, rate) }
            if policy.decide(risk, interactive: interactive, assumeYes: false) == .apply, let caution = learned.caution(for: rule) {
                item.note = caution
                if options.assumeYes { return }
                switch options.approve?(item) {
                case true?: return
                case false?: throw GateFailure(.declined)
                case nil: throw GateFailure(.skipped(caution))
                }
            }
        }
        switch policy.decide(risk, interactive: interactive, assumeYes: options.assumeYes) {
        case .skip: throw GateFailure(.skipped(policy.mode == .manual ? "policy is manual" : "\(risk.name) risk needs approval"))
        case .ask:
            switch options.approve?(item) {
            case true?: break
            case false?: throw GateFailure(.declined)
            case nil: throw GateFailure(.skipped("\(risk.name) risk needs approval; no answer on standard input"))
            }
        case .apply: break
        }
    }

    /// Gate: the project with the candidate applied verifies better than before — after the safe
    /// fixes of any problem the change itself revealed (`followUp`).
    private func verifyCandidate(_ target: ProblemID, updated: [String: [UInt8]], risk: Risk, item: inout PlanItem,
                                 run: HealRun) throws(GateFailure) -> VerifiedChange {
        let start = ContinuousClock.now
        defer { item.durationMs = Self.milliseconds(since: start) }
        var merged = run.files
        for (path, bytes) in updated { merged[path] = bytes }
        var change = VerifiedChange(files: merged, verification: verify(merged), changedPaths: Set(updated.keys))
        if rejection(of: target, before: run.current, after: change.verification) != nil,
           let followed = followUp(target, before: run.current, change: change, risk: risk) {
            // The fix revealed problems with safe fixes of their own (`jsn.x` → `json.x` then
            // needs `+json`): one verified change, shown as one plan item.
            item.diff += followed.diff
            change = followed.change
        }
        if let reason = rejection(of: target, before: run.current, after: change.verification) {
            throw GateFailure(.rejected(reason), findings: ReflectionFindings.describe(reason: reason, target: target, before: run.current,
                                                                                       after: change.verification))
        }
        // Whatever the risk class said, a change that leaves fewer tests or assertions is not a fix.
        if let shrunk = CandidateAcceptance.testShrinkage(before: run.files, after: change.files, changed: change.changedPaths) {
            throw GateFailure(.rejected("verification: \(shrunk)"))
        }
        return change
    }

    /// Step 4: the heal commit on top of the snapshot; with `write`, the safe write of the
    /// changed paths (which moves the heal ref).
    private func commit(_ run: inout HealRun, original: [String: [UInt8]], snapshot: HistoryEntry, write: Bool) throws {
        var changes: [String: FileChange] = [:]
        for (path, bytes) in run.files where bytes != original[path] { changes[path] = .write(bytes) }
        let heal = try store.commitHeal(base: snapshot, changes: changes, trailers: trailers(run.accepted, run.current),
                                        summary: run.accepted.map { Self.subject($0.item) }.joined(separator: ", "))
        if write { run.report.writtenPaths = try store.applyToWorkingTree(heal) }
        run.report.healID = heal.id
        run.report.heal = heal
    }

    // MARK: - Verification

    /// Every verification of the run goes through here (same budgets, network rule and cache).
    /// Under `git aura run`, with the live failure's replay test added (`LiveFailure.replayTest`).
    func verify(_ files: [String: [UInt8]]) -> Verification {
        let files = options.liveFailure?.adding(to: files) ?? files
        let verification = Verifier.verify(files: files, options: settings.verification, known: options.moduleResults)
        options.moduleResults?.record(verification)
        return verification
    }

    /// Why a verified candidate is not good enough, or nil when it is.
    func rejection(of target: ProblemID, before: Verification, after: Verification) -> String? {
        CandidateAcceptance.rejection(of: target, before: before, after: after)
    }

    /// Applies the safe fixes of diagnostics that a change introduced (up to three rounds), or the
    /// same rule again (renaming `f` to `f!` makes its pure caller effectful). Nil when an
    /// introduced problem has no such fix, is a failing test or `main`, or the result is still rejected.
    func followUp(_ target: ProblemID, before: Verification, change: VerifiedChange, risk: Risk)
        -> (change: VerifiedChange, diff: [(removed: String, added: String, line: Int)])? {
        var change = change
        var diff: [(removed: String, added: String, line: Int)] = []
        let known = before.problemCounts
        for _ in 0..<3 {
            let introduced = change.verification.problems.filter { known[$0.id] == nil }
            guard let first = introduced.first else { break }
            guard introduced.allSatisfy({ $0.id.isDiagnostic }) else { return nil }
            var edits: [FileEdit] = []
            for problem in introduced {
                guard let fix = problem.diagnostic.fixes.first(where: { $0.applicability == .safe })
                        ?? problem.diagnostic.fixes.first(where: { $0.applicability == .maybe && problem.diagnostic.code == target.code })
                else { return nil }
                edits += fix.edits.map { FileEdit(path: change.verification.sources[$0.span.file].path, start: Int($0.span.start), end: Int($0.span.end), replacement: $0.replacement) }
            }
            var seen = Set<FileEdit>()
            let combined = HealCandidate(problem: first, rule: "rules/follow-up", provider: "rules",
                                         edits: edits.filter { seen.insert($0).inserted }, explanation: "", confidence: 1, risk: .safe)
            guard let updated = try? CandidateValidation.apply(combined, to: change.files, hooksDirectory: hooksDirectory),
                  CandidateValidation.classify(combined, files: change.files) <= max(risk, .safe) else { return nil }
            diff += DiffLines.lines(for: combined.edits, in: change.files)
            for (path, bytes) in updated { change.files[path] = bytes }
            change.changedPaths.formUnion(updated.keys)
            change.verification = verify(change.files)
        }
        return rejection(of: target, before: before, after: change.verification) == nil ? (change, diff) : nil
    }

    // MARK: - Plan items and trailers

    func inScope(_ path: String) -> Bool {
        guard let paths = options.paths, !paths.isEmpty else { return true }
        return paths.contains { path == $0 || path.hasPrefix($0 + "/") || $0 == "." }
    }

    /// Errors before warnings, then lower risk and higher confidence first.
    private func ordered(_ candidates: [HealCandidate]) -> [HealCandidate] {
        candidates.sorted { a, b in
            if a.diagnostic.severity != b.diagnostic.severity { return a.diagnostic.severity > b.diagnostic.severity }
            if a.risk != b.risk { return a.risk < b.risk }
            return a.confidence > b.confidence
        }
    }

    private func planItem(_ problem: Problem, number: Int, in sources: SourceMap) -> PlanItem {
        let diagnostic = problem.diagnostic
        var item = PlanItem(number: number, problem: problem.id, code: diagnostic.code.rawValue, path: problem.path, line: 0, column: 0,
                            message: options.secrets(diagnostic.message), diff: [], outcome: .noFix)
        item.severity = diagnostic.severity
        if case .test = problem.id, !LiveFailure.isReplayTest(problem.id) {
            item.note = "no rule can repair a failing test; a model provider may (aura.provider)"
        } else {
            (item.line, item.column) = sources[diagnostic.span.file].location(of: diagnostic.span.start)
            item.note = diagnostic.fixes.isEmpty ? diagnostic.help.first : nil
        }
        return item
    }

    /// Fills the item from the candidate. What a provider wrote (its explanation, the lines of
    /// its patch) is untrusted: controls escaped, size capped, keys masked.
    private func describe(_ item: inout PlanItem, _ candidate: HealCandidate, _ files: [String: [UInt8]]) {
        let shown = { (text: String) in self.options.secrets(UntrustedText.clean(text)) }
        item.rule = candidate.rule
        item.provider = candidate.provider
        item.confidence = candidate.confidence
        item.explanation = shown(candidate.explanation)
        item.diff = DiffLines.lines(for: candidate.edits, in: files).map { (shown($0.removed), shown($0.added), $0.line) }
        item.tokens = candidate.usage
        item.requests = candidate.requests
        item.model = candidate.model
        item.durationMs = nil
    }

    private func trailers(_ accepted: [(item: PlanItem, candidate: HealCandidate)], _ verification: Verification) -> [Trailer] {
        var trailers: [Trailer] = []
        for (item, candidate) in accepted {
            trailers.append(Trailer("Aura-Diagnostic", "\(item.code) \(item.path):\(item.line):\(item.column)"))
            trailers.append(Trailer("Aura-Provider", candidate.rule))
        }
        trailers.append(Trailer("Aura-Risk", (accepted.compactMap(\.item.risk).max() ?? .safe).name))
        let confidence = accepted.map(\.candidate.confidence).min() ?? 1
        trailers.append(Trailer("Aura-Confidence", String(Double(Int(confidence * 100)) / 100)))
        trailers.append(Trailer("Aura-Verified", verification.trailer))
        if let usage = TokenUsage.sum(accepted.compactMap(\.candidate.usage)) {
            trailers.append(Trailer("Aura-Tokens", "in=\(usage.input),out=\(usage.output)"))
        }
        return trailers + options.trailers
    }

    /// How one fixed problem reads in the heal's subject line (and `git aura history`): a
    /// diagnostic by code and line, a failing test or `main` by name (they have no line).
    static func subject(_ item: PlanItem) -> String {
        switch item.problem {
        case .diagnostic: return "\(item.code) \(item.path):\(item.line)"
        case .test where LiveFailure.isReplayTest(item.problem): return "\(item.code) \(item.path):\(item.line) (git aura run)"
        case let .test(name): return "test \"\(UntrustedText.clean(name.title))\" in \(name.module)"
        case let .main(module): return "main in \(module)"
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

extension ProblemID {
    /// The diagnostic code of a compile-time problem; T0001 for a failing test.
    var code: DiagnosticCode? {
        switch self {
        case let .diagnostic(code, _, _): return code
        case .test: return .testAssertionFailed
        case .main: return nil
        }
    }
}

extension SnapshotStoreError {
    /// The user wrote a file between the heal's snapshot and its write (or during the write).
    var isLostRace: Bool {
        switch self {
        case .workingTreeChanged(_, "apply", _), .concurrentWrite: return true
        default: return false
        }
    }
}

extension TokenUsage {
    static let zero = TokenUsage(input: 0, output: 0)

    /// The total of `usages`, or nil when there are none (no model was asked).
    static func sum(_ usages: [TokenUsage]) -> TokenUsage? {
        usages.isEmpty ? nil : usages.reduce(.zero, +)
    }
}
