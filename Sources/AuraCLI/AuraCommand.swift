import ArgumentParser
import AuraVersion

/// `aura`: the language toolchain.
public struct AuraCommand: ParsableCommand {
    /// `aura --version`; the one number lives in `AuraVersion`.
    public static let version = AuraVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "aura",
        abstract: "AURA: a small statically typed language with explicit effects.",
        discussion: """
            Exit codes: 0 success, 1 runtime error or failing test, 2 compile errors, 64+ usage or configuration errors.

            This manual describes aura \(AuraVersion.current). See also git-aura(1), AURA's git command.
            """,
        version: version,
        subcommands: [CheckCommand.self, FmtCommand.self, RunCommand.self, TestCommand.self, ExplainCommand.self, LspCommand.self, VerifyWorkerCommand.self]
    )

    public init() {}
}
