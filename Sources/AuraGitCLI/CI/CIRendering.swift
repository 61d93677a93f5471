import AuraDiagnostics
import AuraGit
import AuraHeal
import AuraHistory
import AuraVersion

/// One fix of a `git aura ci` run with the commit that carries it onto the checked-out commit.
struct CIFixResult {
    let fix: CIHeal.Fix
    let prepared: HealPublisher.Prepared
    /// nil: not published (no `--publish`).
    let status: ProblemBranchPublisher.Status?

    var branch: String { ProblemBranch.name(forKey: fix.key) }
    /// On the remote now, or healed in memory only (no `--publish`): described in the PR body.
    var isDescribed: Bool { status?.isPublished ?? true }
}

/// What `git aura ci` prints and writes: the text report, the pull-request descriptions and SARIF.
enum CIRendering {
    /// The plan item in one line: `E0201 main.aura:1 unknown name `prnt!``.
    static func problem(_ item: PlanItem) -> String {
        "\(item.code) \(item.path)\(item.line > 0 ? ":\(item.line)" : "") \(item.message)"
    }

    /// Why an item is left, in words.
    static func reason(_ item: PlanItem) -> String {
        switch item.outcome {
        case let .rejected(reason): return "every fix was rejected (\(reason))"
        case let .skipped(reason): return "needs approval (\(reason))"
        case .declined: return "declined"
        case .noFix: return "no automatic fix" + (item.note.map { " — \($0)" } ?? "")
        case .applied, .wouldApply: return "healed"
        }
    }

    /// One line per fix (the first word is what happened to its branch) and per remaining problem.
    static func text(commit: ObjectID, results: [CIFixResult], outcome: CIHeal.Outcome) -> String {
        let problems = outcome.report.items.count + outcome.failingMains.count
        var out = "aura ci: \(problems) problem\(problems == 1 ? "" : "s") in \(commit.short)\n"
        for result in results {
            let what = result.fix.items.map(problem).joined(separator: "; ")
            switch result.status {
            case nil: out += "healed in memory \(result.branch) (\(what))\n"
            case .opened?: out += "opened \(result.branch) (\(what))\n"
            case .updated?: out += "updated \(result.branch) (\(what))\n"
            case .upToDate?: out += "up to date \(result.branch) (\(what))\n"
            case let .kept(reason)?: out += "kept \(result.branch): \(reason); not updated (\(what))\n"
            case let .notPublished(reason)?: out += "not published \(result.branch): \(reason) (\(what))\n"
            }
        }
        for item in outcome.remaining { out += "remaining \(problem(item)): \(reason(item))\n" }
        for main in outcome.failingMains { out += "remaining \(main.diagnostic.message): \(mainReason)\n" }
        return out
    }

    static let mainReason = "no automatic fix (a failing `main` has no single place to fix)"

    /// The marker line that starts each branch's description in a `--pr-body` file, so a script
    /// can cut out one branch's part (an HTML comment: invisible once rendered).
    static func marker(_ branch: String) -> String { "<!-- \(branch) -->" }

    /// One branch's pull-request description: what was wrong, the change, risk, the
    /// verification receipt, how to undo.
    static func pullRequestBody(_ result: CIFixResult, commit: ObjectID) -> String {
        let fix = result.fix
        var out = marker(result.branch) + "\n"
        out += "## AURA heal: \(fix.heal.reason.isEmpty ? fix.key : fix.heal.reason)\n\n"
        out += "### What was wrong\n\n"
        for item in fix.items {
            out += "- `\(item.code)` in `\(item.path)\(item.line > 0 ? ":\(item.line)" : "")`: \(item.message) (`aura explain \(item.code)`)\n"
            if let explanation = item.explanation, !explanation.isEmpty { out += "  \n  Fix: \(explanation)\n" }
        }
        out += "\n" + HealPublisher.summaryTable(fix.heal)
        out += HealPublisher.changeSection(result.prepared.diffs)
        out += "### Risk\n\n"
        for item in fix.items {
            let risk = item.risk?.name ?? "—"
            out += "- `\(item.rule ?? "—")`: \(risk) risk" + (item.note.map { " — \($0)" } ?? "") + "\n"
        }
        out += "\n### Verification receipt\n\n"
        out += "Verified in memory by `git aura ci` on \(commit.hex) before anything was pushed "
            + "(parse, types, every test, a sandboxed run of `main`):\n\n"
        if let before = fix.before { out += "- before: \(before.summary)\n" }
        if let after = fix.after { out += "- after: \(after.summary)\n" }
        out += "- recorded as `Aura-Verified: \(fix.heal.trailers.value("Aura-Verified") ?? "—")` in the trailers of the branch's "
            + "commit, with `Aura-Problem: \(fix.key)`\n\n"
        out += "### Undo\n\n"
        out += "Close this pull request: nothing else changes. After merging, `git revert` the merge takes it back. "
        out += "While the problem is there, later CI runs update this branch instead of opening another; "
        out += "once you push a commit to it, AURA leaves it alone.\n"
        return out
    }

    /// SARIF 2.1.0: a result per problem of the commit; a healed one as a `note` whose fix is
    /// the verified change and whose message says where it is.
    static func sarif(outcome: CIHeal.Outcome, results: [CIFixResult]) -> String {
        let renderer = SARIFRenderer(toolVersion: AuraVersion.current)
        let report = outcome.report
        guard let before = report.before else { return renderer.render(results: [], in: SourceMap()) }
        var healed: [Int: CIFixResult] = [:]
        for result in results { for item in result.fix.items { healed[item.number] = result } }
        var entries: [SARIFRenderer.Result] = []
        // The plan numbers the problems in order (ci heals the whole project), failing `main`s
        // last and left out of it.
        for (index, problem) in before.problems.enumerated() {
            var entry = SARIFRenderer.Result(problem.diagnostic, fingerprint: index < outcome.keys.count ? outcome.keys[index] : nil)
            guard index < report.items.count, report.items[index].problem == problem.id else {
                entry.remark = "AURA: " + mainReason
                entries.append(entry)
                continue
            }
            let item = report.items[index]
            if let result = healed[item.number] {
                entry.level = "note"
                let place = result.status.map { status in
                    status.reason.map { "for branch \(result.branch) (not pushed: \($0))" } ?? "on branch \(result.branch)"
                } ?? "in memory (\(result.branch))"
                entry.remark = "AURA healed this \(place); verified: \(result.fix.heal.trailers.value("Aura-Verified") ?? "—")"
                entry.fixes = [lineFix(result)]
            } else {
                entry.remark = "AURA: \(reason(item))"
            }
            entries.append(entry)
        }
        return renderer.render(results: entries, in: before.sources)
    }

    static func lineFix(_ result: CIFixResult) -> SARIFRenderer.LineFix {
        let changes = result.prepared.diffs.map { diff in
            let change = LineDiff.replacement(diff.before ?? [], diff.after ?? [])
            return SARIFRenderer.LineFix.Change(path: diff.path, startLine: change.start + 1, removed: change.removed, inserted: change.inserted)
        }
        let rules = result.fix.items.compactMap(\.rule).joined(separator: ", ")
        return SARIFRenderer.LineFix(description: "verified heal (\(rules)) on \(result.branch)", changes: changes)
    }
}
