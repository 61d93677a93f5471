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
    /// The pre-commit framework, when it runs this hook (see `PreCommitFramework`).
    public var framework: PreCommitFramework
    /// What the ledger says about each rule's past heals (`aura.learn`): a hook heals with the
    /// same added caution as `git aura heal`.
    public var learned: LearnedConfidence?

    public init(repository: Repository, config: GitConfig, style: TextStyle = .plain, framework: PreCommitFramework = .absent) {
        self.repository = repository
        self.config = config
        self.style = style
        self.framework = framework
    }

    /// Exit status and what to print on stderr.
    public struct Result: Sendable {
        public var status: Int32
        public var message: String
        /// The heal run, when the hook healed (for the ledger).
        public var report: HealReport? = nil
    }

    /// What a pre-commit check looks at.
    public enum Subject: Sendable, Equatable {
        /// The staged tree (from `GIT_INDEX_FILE`): what `git commit` is about to commit. The
        /// installed git hook checks this.
        case staged
        /// These project files as they are on disk, checked with the rest of the working tree
        /// (for imports, tests and `main`): the pre-commit framework passes them (it has
        /// already stashed unstaged changes on a commit; with `--all-files` it has not).
        case files([String])
    }

    /// Whether a pre-commit of the staged tree has nothing to do: that tree was verified clean
    /// before and formatting is not checked (`aura.hook.format`). Needs no ledger, so the
    /// command answers such a commit without opening it (the usual case of a commit hook).
    public func stagedTreeIsVerified() throws -> Bool {
        guard try !HealSettings.load(config).hookFormat else { return false }
        return VerificationCache(repository: repository).isClean(try repository.stagedTree())
    }

    /// `allowHealing` is false while the circuit breaker is open: problems are still reported.
    public func preCommit(_ subject: Subject = .staged, allowHealing: Bool = true) async throws -> Result {
        let settings = try HealSettings.load(config)
        let tree: ObjectID
        let scope: Set<String>?
        switch subject {
        case .staged:
            tree = try repository.stagedTree()
            scope = try changedScope(tree, settings)
        case .files(let paths):
            tree = try repository.workingTreeTree()
            scope = settings.hookScope == .project ? nil : Set(paths.filter { $0.hasSuffix(".aura") })
        }
        let cache = VerificationCache(repository: repository)
        let verifiedBefore = cache.isClean(tree)
        if verifiedBefore && !settings.hookFormat { return Result(status: 0, message: "") }
        let files = try ProjectFiles.read(tree: tree, in: repository)
        if files.isEmpty { return Result(status: 0, message: "") }
        // Formatting is checked even when the tree verified before: the cache is about problems.
        let unformatted = settings.hookFormat ? FormatCheck.unformatted(files, scope: scope) : []
        let formatting = FormatCheck.message(unformatted, style: style)
        if verifiedBefore { return Result(status: unformatted.isEmpty ? 0 : 1, message: formatting) }
        let modules = ModuleResults(repository: repository)
        let verification = Verifier.verify(files: files, options: settings.verification, known: modules)
        modules.record(verification)
        let problems = relevant(verification, scope: scope)
        if verification.isClean { cache.markClean(tree) }
        if problems.isEmpty { return Result(status: unformatted.isEmpty ? 0 : 1, message: formatting) }

        let checked = subject == .staged ? "the staged files" : "the checked files"
        var message = report(problems, verification) + "\n" + formatting
        message += style.bold("aura: commit blocked") + " — \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(checked)\n"
        switch settings.policy.mode {
        case _ where !allowHealing:
            message += "healing is paused (circuit breaker open: see `git aura status`); fix them by hand, then commit again\n"
            return Result(status: 1, message: message)
        case .manual, .guided:
            message += "fix them, or run `git aura heal` to review fixes, then commit again\n"
            return Result(status: 1, message: message)
        case .supervised, .autonomous:
            if framework.hasStashed { return try await preview(settings, scope: scope, message: message) }
            let healed = try await healer(settings, paths: scope.map(Array.init)).heal(.apply)
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

    /// The pre-commit framework has stashed the user's unstaged changes and puts them back after
    /// its hooks; a write now would conflict with them and be rolled back. So the fixes are only
    /// verified in memory and reported with the command that applies them; nothing is recorded.
    func preview(_ settings: HealSettings, scope: Set<String>?, message: String) async throws -> Result {
        var message = message
        let previewed = try await healer(settings, paths: scope.map(Array.init)).heal(.preview)
        let fixable = previewed.items.filter { $0.outcome == .wouldApply }
        let stash = framework.stashPatch.map { " (\($0))" } ?? ""
        if fixable.isEmpty {
            message += "no fix could be verified automatically; run `git aura heal` after this commit attempt to review\n"
        } else {
            message += "aura verified \(fixable.count) fix\(fixable.count == 1 ? "" : "es") in memory and wrote nothing:\n"
            for item in fixable { message += "  \(item.code) \(item.path):\(item.line) \(item.message)\n" }
            message += "the pre-commit framework has stashed your unstaged changes\(stash) and restores them after its hooks, "
            message += "so a fix written now would conflict with them and be rolled back.\n"
            message += "apply the fixes after this commit attempt with `git aura heal`, review with `git diff`, "
            message += "stage with `git add`, and commit again\n"
        }
        return Result(status: 1, message: message, report: previewed)
    }

    /// After a merge (`squash` = 1 for squash merges): check the merged tree and, per
    /// `aura.postMerge`, report, heal the working tree, or publish a heal branch for review.
    public func postMerge(squash: Bool, allowHealing: Bool = true) async throws -> Result {
        let settings = try HealSettings.load(config)
        guard let tree = try repository.headTree() else { return Result(status: 0, message: "") }
        let cache = VerificationCache(repository: repository)
        if cache.isClean(tree) { return Result(status: 0, message: "") }
        let files = try ProjectFiles.read(tree: tree, in: repository)
        let modules = ModuleResults(repository: repository)
        let verification = Verifier.verify(files: files, options: settings.verification, known: modules)
        modules.record(verification)
        if verification.isClean {
            cache.markClean(tree)
            return Result(status: 0, message: "")
        }
        let count = verification.problemCounts.values.reduce(0, +)
        var message = report(verification.diagnostics.map { $0 }, verification) + "\n"
        message += style.bold("aura: the merge left \(count) problem\(count == 1 ? "" : "s")") + "\n"
        var report: HealReport? = nil
        switch allowHealing ? settings.postMerge : .report {
        case .heal:
            let healed = try await healer(settings).heal(.apply)
            report = healed
            if let id = healed.healID {
                message += "aura healed \(healed.appliedCount) in your working tree as \(id); review with `git diff`, undo with `git aura undo`\n"
            } else {
                message += "nothing could be healed automatically under policy `\(settings.policy.mode.rawValue)`; run `git aura heal`\n"
            }
        case .publish:
            // Review comes from the pull request, so the heal is prepared as an autonomous one —
            // but only committed: the branch gets it, the working tree is never touched.
            var autonomous = settings
            autonomous.policy.mode = .autonomous
            let healer = healer(autonomous)
            let healed = try await healer.heal(.commitOnly)
            report = healed
            if let entry = healed.heal {
                let published = try HealPublisher(store: healer.store, maxOpen: settings.publishMaxOpen).publish(entry)
                message += "aura published a fix for review on branch \(published.branch) (working tree unchanged)\n"
            } else {
                message += "no fix could be prepared; run `git aura heal`\n"
            }
        case .report:
            message += allowHealing ? "run `git aura heal` to review fixes\n" : "healing is paused (circuit breaker open)\n"
        }
        return Result(status: 0, message: message, report: report)
    }

    /// A healer under the hook's settings that reuses its module results. Hooks never prompt.
    func healer(_ settings: HealSettings, paths: [String]? = nil) -> Healer {
        Healer(store: SnapshotStore(repository: repository), settings: settings,
               options: HealOptions(paths: paths, moduleResults: ModuleResults(repository: repository), learned: learned))
    }

    /// `.aura` files that differ from HEAD in the staged tree, or nil for the whole project.
    func changedScope(_ staged: ObjectID, _ settings: HealSettings) throws -> Set<String>? {
        guard settings.hookScope == .changed else { return nil }
        guard let head = try repository.headTree() else { return nil }
        return Set(try repository.changedPaths(from: head, to: staged).filter { $0.hasSuffix(".aura") })
    }

    /// Compile errors in scope, plus failing tests and `main` runs (a change anywhere can break them).
    func relevant(_ verification: Verification, scope: Set<String>?) -> [(diagnostic: Diagnostic, path: String)] {
        verification.problems.filter { problem in
            guard problem.id.isDiagnostic else { return true }
            return problem.diagnostic.severity == .error && (scope?.contains(problem.path) ?? true)
        }.map { ($0.diagnostic, $0.path) }
    }

    func report(_ problems: [(diagnostic: Diagnostic, path: String)], _ verification: Verification) -> String {
        let renderer = PrettyRenderer(style: style)
        return problems.map { renderer.render($0.diagnostic, in: verification.sources) }.joined(separator: "\n")
    }
}
