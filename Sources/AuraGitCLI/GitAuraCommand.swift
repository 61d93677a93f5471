import ArgumentParser
import AuraVersion

/// `git aura`: AURA's git-native commands. Installed as `git-aura` on PATH, so git runs it
/// for `git aura <command>` in the caller's directory (possibly a subdirectory of the repository).
public struct GitAuraCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "git-aura",
        abstract: "Heal AURA code safely: verified fixes as commits on a hidden ref, undo, redo, snapshots.",
        discussion: """
            History lives on the hidden ref refs/aura/heal (refs/aura/wt/<name>/heal
            in a linked worktree); `git log refs/aura/heal` shows it. Every command
            has its own manual page: git-aura-heal(1), git-aura-undo(1), ...

            Exit status, the same for every command:
            \(ExitStatus.table)

            This manual describes git-aura \(AuraVersion.current).
            """,
        version: AuraVersion.current,
        subcommands: [HealCommand.self, RunCommand.self, StatusCommand.self, CICommand.self, PolicyCommand.self, HooksCommand.self, HookCommand.self, WatchCommand.self, PublishCommand.self,
                      SnapshotCommand.self, SnapshotsCommand.self, UndoCommand.self, RedoCommand.self,
                      HistoryCommand.self, PushCommand.self, FetchCommand.self, StatsCommand.self, InsightsCommand.self, MetricsCommand.self, DoctorCommand.self])

    public init() {}
}
