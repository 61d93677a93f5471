import ArgumentParser
import AuraHeal
import AuraLedger

/// `git aura insights [--since 30d] [--json]`.
struct InsightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Most common problems and files, recurring issues with suggestions, weak rules, time saved.")

    @OptionGroup var options: ReportOptions

    func run() throws {
        try options.run("insights", query: { ledger, since in
            try ledger.insights(since: since, reverted: try RevertedHeals.find(in: try openStore().repository, attempts: try ledger.attempts()))
        }, render: render)
    }

    func render(_ insights: LedgerInsights) -> String {
        let style = options.output.style
        guard !insights.commonDiagnostics.isEmpty else { return "no heal attempts recorded yet (run `git aura heal`)\n" }
        var out = style.bold("most common problems") + ": "
            + insights.commonDiagnostics.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ") + "\n"
        out += style.bold("most affected files") + ": " + insights.commonFiles.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ") + "\n"
        if !insights.recurring.isEmpty {
            out += "\n" + style.bold("recurring") + "\n"
            for issue in insights.recurring {
                out += "  " + style.color(issue.code, .yellow) + " \(issue.message) \(issue.count) times in \(issue.path) — \(issue.suggestion)\n"
            }
        }
        if !insights.poorRules.isEmpty {
            out += "\n" + style.bold("rules that often fail verification") + "\n"
            for rule in insights.poorRules {
                out += "  \(rule.name): \(rule.applied) applied, \(rule.rejected) rejected (\(percent(rule.successRate))) — "
                    + "consider `git config aura.autoApplyMaxRisk safe` or reviewing its fixes by hand\n"
            }
        }
        if !insights.learned.isEmpty {
            let settings = LearnedRendering.settings()
            out += "\n" + style.bold("learned confidence") + style.dim(" (aura.learn: after \(settings.minSamples) outcomes, a rule kept less than "
                + "\(percent(settings.autoApplyMin)) of the time asks)") + "\n"
            out += LearnedRendering.lines(insights.learned, settings: settings, style: style)
        }
        let minutes = Int(insights.estimatedMinutesSaved.rounded())
        out += "\n" + style.bold("estimated time saved") + ": \(minutes / 60) h \(minutes % 60) min over \(insights.healsApplied) "
            + "applied fix\(insights.healsApplied == 1 ? "" : "es") (typical manual fix: safe 2, low 4, medium 8, high 15 min)\n"
        return out
    }
}
