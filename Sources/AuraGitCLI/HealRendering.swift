import AuraDiagnostics
import AuraHeal
import AuraJSON

/// How heal plans and results are shown.
enum HealRendering {
    static func item(_ item: PlanItem, style: TextStyle) -> String {
        var out = style.bold("\(item.number). ") + style.color(item.code, item.code.hasPrefix("W") ? .yellow : .red, bold: true)
        out += " \(item.path)\(item.line > 0 ? ":\(item.line):\(item.column)" : "") \(item.message)\n"
        // Earlier answers that were rejected, each fed back to the model (or an alternative).
        for (index, round) in item.rounds.enumerated() {
            var facts = [round.rule]
            if let tokens = round.tokens { facts.append("tokens \(tokens.input) in, \(tokens.output) out") }
            out += "     " + style.dim("round \(index + 1): " + facts.joined(separator: " · ") + " → ") + style.color("rejected", .red)
                + " (\(round.reason))\n"
        }
        if !item.rounds.isEmpty { out += "     " + style.dim("round \(item.rounds.count + 1):") + "\n" }
        for line in item.diff {
            out += "     " + style.color("- " + line.removed, .red) + "\n"
            out += "     " + style.color("+ " + line.added, .green) + "\n"
        }
        var facts: [String] = []
        if let rule = item.rule { facts.append(rule) }
        if let risk = item.risk { facts.append("risk \(risk.name)") }
        if let confidence = item.confidence { facts.append("confidence \(String(format2(confidence)))") }
        if let tokens = item.tokens { facts.append("tokens \(tokens.input) in, \(tokens.output) out") }
        let outcome: String
        switch item.outcome {
        case .applied: outcome = style.color("applied", .green, bold: true)
        case .wouldApply: outcome = style.color("would apply", .green)
        case let .rejected(reason): outcome = style.color("rejected", .red) + " (\(reason))"
        case let .skipped(reason): outcome = style.color("needs approval", .yellow) + " (\(reason))"
        case .declined: outcome = "declined"
        case .noFix: outcome = style.dim("no automatic fix") + (item.note.map { " — \($0)" } ?? "")
        }
        out += "     " + (facts.isEmpty ? "" : style.dim(facts.joined(separator: " · ")) + " → ") + outcome + "\n"
        // What the fix preserves and why it has its risk ("no test covers `average`").
        if let explanation = item.explanation, !explanation.isEmpty, item.outcome != .noFix {
            out += "     " + style.dim(explanation) + "\n"
        }
        return out
    }

    static func text(_ report: HealReport, style: TextStyle) -> String {
        if report.items.isEmpty {
            return style.color("nothing to heal", .green, bold: true) + ": " + (report.before?.summary ?? "") + "\n"
        }
        var out = style.bold("heal plan") + style.dim(" (policy \(report.policy.mode.rawValue), \(automaticLimit(report.policy)))") + "\n"
        for entry in report.items { out += HealRendering.item(entry, style: style) }
        if let after = report.after { out += "verified: \(after.summary)\n" }
        if let tokens = report.tokens {
            let requests = report.requests > 0 ? " in \(report.requests) request\(report.requests == 1 ? "" : "s")" : ""
            out += style.dim("model tokens: \(tokens.input) in, \(tokens.output) out\(requests)") + "\n"
        }
        if let heal = report.healID {
            out += style.color("healed \(report.appliedCount) \(report.appliedCount == 1 ? "problem" : "problems")", .green, bold: true)
            out += " as \(heal) (files: \(report.writtenPaths.joined(separator: ", ")))\n"
            out += "review with `git diff`; undo with `git aura undo`\n"
        } else if report.dryRun {
            out += "dry run: nothing was changed\n"
        } else if report.pendingCount > 0 {
            let critical = report.items.contains { $0.risk == .critical }
            out += "nothing applied: \(report.pendingCount) fix\(report.pendingCount == 1 ? "" : "es") need approval; "
                + (critical ? "critical-risk fixes are never applied automatically — review and apply them by hand\n"
                            : "answer on a terminal or on standard input (`yes y | git aura heal`), or approve them all with `git aura heal --yes`\n")
        }
        return out
    }

    /// What the policy applies without asking, in words.
    static func automaticLimit(_ policy: HealPolicy) -> String {
        switch policy.mode {
        case .manual: return "report only"
        case .guided: return "asks before every fix"
        case .supervised: return "automatic up to \(policy.autoApplyMaxRisk.name) risk"
        case .autonomous: return "automatic up to high risk"
        }
    }

    static func status(_ report: HealReport, style: TextStyle) -> String {
        guard !report.items.isEmpty else {
            return style.color("healthy", .green, bold: true) + ": " + (report.before?.summary ?? "") + "\n"
        }
        var out = style.bold("\(report.items.count) \(report.items.count == 1 ? "problem" : "problems")") + " — " + (report.before?.summary ?? "") + "\n"
        let automatic = report.items.filter { $0.outcome == .wouldApply }
        let approval = report.items.filter { if case .skipped = $0.outcome { return true }; return false }
        let manual = report.items.filter { $0.outcome == .noFix || { if case .rejected = $0.outcome { return true }; return false }($0) }
        for (title, group) in [("healed automatically by `git aura heal`", automatic), ("fixable with approval (`git aura heal --yes`)", approval), ("need a human", manual)] where !group.isEmpty {
            out += "\n" + style.bold(title) + "\n"
            for item in group { out += self.item(item, style: style) }
        }
        return out
    }

    static func json(_ report: HealReport) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("dryRun", report.dryRun)
        json.field("policy", report.policy.mode.rawValue)
        if let id = report.snapshotID { json.field("snapshot", id) }
        if let id = report.healID { json.field("heal", id) }
        json.key("written"); json.beginArray(); for path in report.writtenPaths { json.string(path) }; json.endArray()
        if let after = report.after { json.field("verified", after.summary) }
        if let tokens = report.tokens { tokenFields(tokens, &json) }
        if report.requests > 0 { json.field("requests", report.requests) }
        json.key("items"); json.beginArray()
        for item in report.items {
            json.beginObject()
            json.field("number", item.number)
            json.field("code", item.code)
            json.field("path", item.path)
            json.field("line", item.line)
            json.field("message", item.message)
            if let rule = item.rule { json.field("rule", rule) }
            if let risk = item.risk { json.field("risk", risk.name) }
            if let confidence = item.confidence { json.key("confidence"); json.double(confidence) }
            if let tokens = item.tokens { tokenFields(tokens, &json) }
            switch item.outcome {
            case .applied: json.field("outcome", "applied")
            case .wouldApply: json.field("outcome", "would-apply")
            case let .rejected(reason): json.field("outcome", "rejected"); json.field("reason", reason)
            case let .skipped(reason): json.field("outcome", "needs-approval"); json.field("reason", reason)
            case .declined: json.field("outcome", "declined")
            case .noFix: json.field("outcome", "no-fix")
            }
            if item.totalRequests > 0 { json.field("requests", item.totalRequests) }
            if !item.rounds.isEmpty {
                json.key("rounds"); json.beginArray()
                for round in item.rounds {
                    json.beginObject()
                    json.field("rule", round.rule)
                    json.field("outcome", "rejected")
                    json.field("reason", round.reason)
                    if let tokens = round.tokens { tokenFields(tokens, &json) }
                    json.endObject()
                }
                json.endArray()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.output
    }

    /// `"tokens":{"input":N,"output":M}`.
    static func tokenFields(_ tokens: TokenUsage, _ json: inout JSONWriter) {
        json.key("tokens")
        json.beginObject()
        json.field("input", tokens.input)
        json.field("output", tokens.output)
        json.endObject()
    }

    static func format2(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
