import ArgumentParser

/// `aura`: the language toolchain.
public struct AuraCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "aura",
        abstract: "AURA: a small statically typed language with explicit effects.",
        discussion: "Exit codes: 0 success, 1 runtime error or failing test, 2 compile errors, 64+ usage or configuration errors.",
        version: version,
        subcommands: [CheckCommand.self, FmtCommand.self, RunCommand.self, TestCommand.self, ExplainCommand.self, VerifyWorkerCommand.self]
    )

    public init() {}
}
