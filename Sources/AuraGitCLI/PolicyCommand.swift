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
        static let configuration = CommandConfiguration(abstract: "Every aura.* key: value and origin (default, system, global, local, command line).")
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
                        if let value = row.value { writer.field("value", value) } else { writer.key("value"); writer.null() }
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
                    let value = row.value ?? "(unset)"
                    let ok = row.value.map(row.key.validate) ?? true
                    if !ok { invalid += 1 }
                    let shown = ok ? value : style.color(value, .red, bold: true) + " (allowed: \(row.key.allowed))"
                    print(row.key.name.padding(width) + "  " + shown + "  " + style.dim(row.origin))
                }
                if invalid > 0 { throw ExitCode(78) }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate, then write a key to the local (or global) git config.")
        @Argument(help: "The key, e.g. aura.policy.") var key: String
        @Argument(help: "The value.") var value: String
        @Flag(help: "Write to the global config instead of this repository's.") var global = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandFailure.run(output) {
                guard let policyKey = PolicyKeys.key(key) else {
                    throw ValidationError("unknown key `\(key)`; known keys: " + PolicyKeys.all.map(\.name).joined(separator: ", "))
                }
                guard policyKey.validate(value) else {
                    throw HealPolicy.InvalidValue(key: policyKey.name, value: value, origin: "command line", allowed: policyKey.allowed)
                }
                let repository = try Repository.discover()
                let status = try GitProcess.run(["config", global ? "--global" : "--local", policyKey.name, value], in: repository.workingDirectory)
                guard status == 0 else { throw ExitCode(78) }
                print("\(policyKey.name) = \(value) (\(global ? "global" : "local"))")
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
