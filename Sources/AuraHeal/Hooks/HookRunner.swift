import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraVM

/// What `git aura hook pre-commit|post-merge` does. Hooks never prompt (there is no terminal),
/// never stage anything, and a pre-commit hook never changes what is committed: fixes go to the
/// working tree only and the commit is blocked so the user can review them.
public struct HookRunner {
    public let repository: Repository
    public let config: GitConfig
    public var style: TextStyle

    public init(repository: Repository, config: GitConfig, style: TextStyle = .plain) {
        self.repository = repository
        self.config = config
        self.style = style
    }

    /// Exit status and what to print on stderr.
    public struct Result: Sendable {
        public var status: Int32
        public var message: String
        /// The heal run, when the hook healed (for the ledger).
        public var report: HealReport? = nil
    }

    /// `allowHealing` is false while the circuit breaker is open: problems are still reported.
    public func preCommit(allowHealing: Bool = true) async throws -> Result {
        try PolicyKeys.validate(config)
        let policy = try HealPolicy.load(from: config)
        let staged = try repository.stagedTree()
        let cache = VerificationCache(repository: repository)
        if cache.isClean(staged) { return Result(status: 0, message: "") }
        let files = try ProjectFiles.read(tree: staged, in: repository)
        if files.isEmpty { return Result(status: 0, message: "") }
        let modules = ModuleResults(repository: repository)
        let verification = Verifier.verify(files: files, allowNetwork: allowNetwork, known: modules)
        modules.record(verification)
        let scope = try changedScope(staged)
        let problems = relevant(verification, scope: scope)
        if verification.problems.isEmpty { cache.markClean(staged) }
        if problems.isEmpty { return Result(status: 0, message: "") }

        var message = report(problems, verification) + "\n"
        message += style.bold("aura: commit blocked") + " — \(problems.count) problem\(problems.count == 1 ? "" : "s") in the staged files\n"
        switch policy.mode {
        case _ where !allowHealing:
            message += "healing is paused (circuit breaker open: see `git aura status`); fix them by hand, then commit again\n"
            return Result(status: 1, message: message)
        case .manual, .guided:
            message += "fix them, or run `git aura heal` to review fixes, then commit again\n"
            return Result(status: 1, message: message)
        case .supervised, .autonomous:
            let healer = makeHealer(policy, paths: scope.map(Array.init))
            let healed = try await healer.heal()
            if let id = healed.healID {
                let fixed = healed.items.filter { $0.outcome == .applied }
                message += "aura healed \(fixed.count) of them in your working tree (not staged): \(id)\n"
                for item in fixed { message += "  \(item.code) \(item.path):\(item.line) \(item.message)\n" }
                message += "review with `git diff`, stage with `git add`, and commit again; undo with `git aura undo`\n"
            } else {
                message += "no fix could be applied automatically; run `git aura heal` to review\n"
            }
            return Result(status: 1, message: message, report: healed)
        }
    }

    /// After a merge (`squash` = 1 for squash merges): check the merged tree and, per
    /// `aura.postMerge`, report, heal the working tree, or publish a heal branch for review.
    public func postMerge(squash: Bool, allowHealing: Bool = true) async throws -> Result {
        try PolicyKeys.validate(config)
        let policy = try HealPolicy.load(from: config)
        guard let tree = try repository.headTree() else { return Result(status: 0, message: "") }
        let cache = VerificationCache(repository: repository)
        if cache.isClean(tree) { return Result(status: 0, message: "") }
        let files = try ProjectFiles.read(tree: tree, in: repository)
        let modules = ModuleResults(repository: repository)
        let verification = Verifier.verify(files: files, allowNetwork: allowNetwork, known: modules)
        modules.record(verification)
        if verification.problems.isEmpty {
            cache.markClean(tree)
            return Result(status: 0, message: "")
        }
        var message = report(verification.diagnostics.map { $0 }, verification) + "\n"
        message += style.bold("aura: the merge left \(verification.problems.count) problem\(verification.problems.count == 1 ? "" : "s")") + "\n"
        var report: HealReport? = nil
        switch allowHealing ? PolicyKeys.string(config, "aura.postMerge") : "report" {
        case "heal":
            let healed = try await makeHealer(policy).heal()
            report = healed
            if let id = healed.healID {
                message += "aura healed \(healed.appliedCount) in your working tree as \(id); review with `git diff`, undo with `git aura undo`\n"
            } else {
                message += "nothing could be healed automatically under policy `\(policy.mode.rawValue)`; run `git aura heal`\n"
            }
        case "publish":
            var autonomous = policy
            autonomous.mode = .autonomous
            let healer = makeHealer(autonomous)
            let store = healer.store
            let healed = try await healer.heal(dryRun: false)
            report = healed
            if let id = healed.healID, let entry = try? store.resolve(id) {
                let published = try HealPublisher(store: store, maxOpen: Int(PolicyKeys.string(config, "aura.publish.maxOpen")) ?? 5).publish(entry)
                _ = try store.undo()
                message += "aura published a fix for review on branch \(published.branch) (working tree unchanged)\n"
            } else {
                message += "no fix could be prepared; run `git aura heal`\n"
            }
        default:
            message += allowHealing ? "run `git aura heal` to review fixes\n" : "healing is paused (circuit breaker open)\n"
        }
        return Result(status: 0, message: message, report: report)
    }

    var allowNetwork: Bool { PolicyKeys.string(config, "aura.verify.allowNetwork") == "true" }

    /// A healer that reuses the hook's module results and follows `aura.verify.allowNetwork`.
    func makeHealer(_ policy: HealPolicy, paths: [String]? = nil) -> Healer {
        let healer = Healer(store: SnapshotStore(repository: repository), policy: policy, paths: paths)
        healer.moduleResults = ModuleResults(repository: repository)
        healer.allowNetwork = allowNetwork
        return healer
    }

    /// `.aura` files that differ from HEAD in the staged tree, or nil for the whole project.
    func changedScope(_ staged: ObjectID) throws -> Set<String>? {
        guard PolicyKeys.string(config, "aura.hook.scope") == "changed" else { return nil }
        guard let head = try repository.headTree() else { return nil }
        return Set(try repository.changedPaths(from: head, to: staged).filter { $0.hasSuffix(".aura") })
    }

    /// Compile errors in scope, plus failing tests and `main` runs (a change anywhere can break them).
    func relevant(_ verification: Verification, scope: Set<String>?) -> [(diagnostic: Diagnostic, path: String)] {
        var result = verification.diagnostics.filter { $0.diagnostic.severity == .error && (scope?.contains($0.path) ?? true) }
        for (title, error) in verification.failedTests.sorted(by: { $0.key < $1.key }) {
            result.append((runtimeDiagnostic(error, .testAssertionFailed, "test \(title) fails: \(error.message)"), title))
        }
        for (module, error) in verification.failedMains.sorted(by: { $0.key < $1.key }) {
            result.append((runtimeDiagnostic(error, error.code, "`main` of \(module) fails: \(error.message)"), module))
        }
        return result
    }

    func runtimeDiagnostic(_ error: RuntimeError, _ code: DiagnosticCode, _ message: String) -> Diagnostic {
        Diagnostic(code: code, message: message, primary: Label(error.span ?? .point(0, 0), "failed here"), help: error.help)
    }

    func report(_ problems: [(diagnostic: Diagnostic, path: String)], _ verification: Verification) -> String {
        let renderer = PrettyRenderer(style: style)
        return problems.map { renderer.render($0.diagnostic, in: verification.sources) }.joined(separator: "\n")
    }
}
