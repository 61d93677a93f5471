import ArgumentParser
import AuraLedger

/// `git aura stats [--since 30d] [--json]`.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Heal attempts, success rate by rule, provider and risk, reverts, undo rate, median heal latency.")

    @OptionGroup var options: ReportOptions

    func run() throws {
        try options.run("stats", query: { try $0.stats(since: $1) }, render: render)
    }

    func render(_ stats: LedgerStats) -> String {
        let style = options.output.style
        var out = style.bold(options.since.map { "last \($0)" } ?? "all time") + ": \(stats.sessions) heal session\(stats.sessions == 1 ? "" : "s"), "
            + "\(stats.attempts) attempt\(stats.attempts == 1 ? "" : "s") (\(stats.noFix) problem\(stats.noFix == 1 ? "" : "s") without a fix)\n"
        out += "  applied \(stats.applied) · rejected by verification \(stats.rejected) · not approved \(stats.notApproved)\n"
        out += "  success rate \(percent(stats.successRate)) (applied / (applied + rejected))\n"
        out += "  heals \(stats.heals) · reverted \(stats.reverts) · undo rate \(percent(stats.undoRate))\n"
        out += "  median heal latency " + (stats.medianHealLatency.map { seconds($0) } ?? "–") + "\n"
        for usage in stats.usage {
            let cost = usage.estimatedCost.map { " · estimated cost $" + dollars($0) } ?? ""
            let perHeal = usage.requestsPerHealedProblem.map { " · \(HealRendering.format2($0)) requests per healed problem" } ?? ""
            out += "  \(usage.provider): \(usage.requests) request\(usage.requests == 1 ? "" : "s"), tokens \(usage.tokensIn) in, "
                + "\(usage.tokensOut) out\(cost)\(perHeal)\n"
        }
        for (title, rates) in [("rule", stats.byRule), ("provider", stats.byProvider), ("risk", stats.byRisk)] where !rates.isEmpty {
            let width = max(rates.map(\.name.count).max() ?? 0, title.count + 3)
            out += "\n" + style.bold(HistoryRendering.pad("by \(title)", width) + "  attempts  applied  rejected  success") + "\n"
            for rate in rates {
                out += HistoryRendering.pad(rate.name, width) + "  " + right(rate.attempts, 8) + "  " + right(rate.applied, 7)
                    + "  " + right(rate.rejected, 8) + "  " + percent(rate.successRate) + "\n"
            }
        }
        return out
    }

    /// `0.0123`: dollars to four decimals (a heal costs cents).
    func dollars(_ value: Double) -> String {
        let units = Int((value * 10_000).rounded())
        let fraction = String(units % 10_000)
        return "\(units / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }

    func right(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(width - text.count, 0)) + text
    }

    func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}
