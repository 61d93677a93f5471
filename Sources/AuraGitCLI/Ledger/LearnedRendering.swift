import AuraDiagnostics
import AuraGit
import AuraHeal
import AuraLedger
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The learned-confidence table (`aura.learn`), as `git aura insights` and `git aura policy` show it.
enum LearnedRendering {
    /// The learning settings of the repository in the current directory (defaults when there is
    /// none or its config cannot be read: the table is still worth showing).
    static func settings() -> LearningSettings {
        guard let repository = try? Repository.discover(),
              let config = try? GitConfig(repository: repository, environment: ProcessInfo.processInfo.environment),
              let settings = try? HealSettings.load(config) else { return LearningSettings() }
        return settings.learning
    }

    /// One line per rule: its outcomes, keep rate, and what learning does with it.
    static func lines(_ learned: [LedgerInsights.Learned], settings: LearningSettings, style: TextStyle) -> String {
        let width = max(learned.map(\.rule.count).max() ?? 0, 4)
        var out = ""
        for rule in learned {
            let counts: String = "kept \(rule.kept), undone \(rule.undone), reverted \(rule.reverted), declined \(rule.declined) of the last \(rule.outcomes)"
            let name: String = rule.rule.padding(width)
            let rate: String = percent(rule.keepRate)
            out += "  \(name)  \(counts) · keeps \(rate) → \(effect(rule, settings, style))\n"
        }
        return out
    }

    static func effect(_ rule: LedgerInsights.Learned, _ settings: LearningSettings, _ style: TextStyle) -> String {
        guard settings.enabled else { return style.dim("not used (aura.learn=false)") }
        guard rule.outcomes >= settings.minSamples, let rate = rule.keepRate else {
            return style.dim("too few outcomes (\(rule.outcomes) of aura.learn.minSamples \(settings.minSamples))")
        }
        return rate < settings.autoApplyMin ? style.color("asks before applying", .yellow) : "applies per policy"
    }
}
