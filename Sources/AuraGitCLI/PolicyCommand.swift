import ArgumentParser
import AuraDiagnostics
import AuraGit
import AuraHeal
import AuraJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `git aura policy [show|set KEY VALUE [--global]] [--json]`
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the effective policy (with where each value comes from), or set a key.",
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Every aura.* key: value and origin (default, system, global, local, command line).")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandFailure.run(output) {
                let repository = try Repository.discover()
                let config = try GitConfig(repository: repository, environment: ProcessInfo.processInfo.environment)
                let rows = PolicyKeys.effective(config)
                if json {
                    var writer = JSONWriter()
                    writer.beginArray()
                    for row in rows {
                        writer.beginObject()
                        writer.field("key", row.key.name)
                        if let value = row.value { writer.field("value", row.key.shown(value)) } else { writer.key("value"); writer.null() }
                        if row.value == nil, let meaning = row.key.unsetMeaning { writer.field("unset", meaning) }
                        writer.field("origin", row.origin)
                        writer.field("valid", row.value.map(row.key.validate) ?? true)
                        writer.field("allowed", row.key.allowed)
                        writer.endObject()
                    }
                    writer.endArray()
                    print(writer.output)
                    return
                }
                let style = output.style
                let width = rows.map(\.key.name.count).max() ?? 10
                var invalid = 0
                for row in rows {
                    let value = row.value.map(row.key.shown) ?? row.key.unsetMeaning.map { "(unset: \($0))" } ?? "(unset)"
                    let ok = row.value.map(row.key.validate) ?? true
                    if !ok { invalid += 1 }
                    let shown = ok ? value : style.color(value, .red, bold: true) + " (allowed: \(row.key.allowed))"
                    print(row.key.name.padding(width) + "  " + shown + "  " + style.dim(row.origin))
                }
                print(PolicyCommand.learnedEffect(style: style), terminator: "")
                if invalid > 0 { throw ExitCode(78) }
            }
        }
    }

    /// The effect of `aura.learn` on this repository: the rules whose history makes them ask.
    static func learnedEffect(style: TextStyle) -> String {
        let settings = LearnedRendering.settings()
        guard let store = try? openStore(), let ledger = Invocation.start(store: store, command: "policy").ledger,
              let attempts = try? ledger.attempts(), attempts.contains(where: { $0.rule != nil }) else { return "" }
        guard settings.enabled else { return "\n" + style.dim("aura.learn=false: the ledger's history of each rule is not used") + "\n" }
        guard let learned = try? LearnedConfidence.load(settings, from: ledger, repository: store.repository) else { return "" }
        let asking = learned.histories.keys.sorted().compactMap { rule in learned.caution(for: rule).map { (rule, $0) } }
        guard !asking.isEmpty else { return "\n" + style.dim("learned (aura.learn): every rule applies per policy") + "\n" }
        var out = "\n" + style.bold("learned (aura.learn)") + ": these rules ask instead of applying without asking\n"
        for (rule, caution) in asking { out += "  \(rule) " + caution + "\n" }
        return out
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Validate, then write a key to the local (or global) git config.")
        @Argument(help: "The key, e.g. aura.policy.") var key: String
        // Unrecognised inputs are values too, so a negative number (`-3`) reaches validation
        // instead of being read as an option.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The value (a negative number is read as a value).", valueName: "value"))
        var values: [String] = []
        @Flag(help: "Write to the global config instead of this repository's.") var global = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard values.count == 1 else {
                throw ValidationError(values.isEmpty ? "missing the value: git aura policy set \(key) VALUE"
                                                     : "one value expected, got \(values.count): \(values.joined(separator: " "))")
            }
        }

        func run() throws {
            try CommandFailure.run(output) {
                let value = values[0]
                guard let policyKey = PolicyKeys.key(key) else {
                    let hint = PolicyKeys.closest(to: key).map { "did you mean \($0.name)? " } ?? ""
                    throw ValidationError("unknown key `\(key)`; \(hint)`git aura policy` lists every key")
                }
                guard policyKey.validate(value) else {
                    // The value came from the command line: a usage error, not a bad config.
                    throw ValidationError(policyKey.invalid(value, origin: "command line").description)
                }
                let repository = try Repository.discover()
                let status = try GitProcess.run(["config", global ? "--global" : "--local", policyKey.name, value], in: repository.workingDirectory)
                guard status == 0 else {
                    throw CommandFailureMessage("git config could not write \(policyKey.name) (exit \(status))", status: ExitStatus.configuration)
                }
                print("\(policyKey.name) = \(policyKey.shown(value)) (\(global ? "global" : "local"))")
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
