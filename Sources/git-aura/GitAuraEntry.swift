import AuraDiagnostics
import AuraGitCLI

/// Entry point of `git-aura`: async, because healing asks providers (which may be remote).
@main
enum GitAuraEntry {
    static func main() async {
        AllocatorTuning.apply()
        // The hook on an unchanged tree, on every commit: answered here, on the main thread,
        // before the argument parser and the concurrency runtime's threads (see the function).
        let arguments = CommandLine.arguments.dropFirst()
        if GitAuraCommand.answersVerifiedPreCommit(arguments) { return }
        GitAuraCommand.startEarlyWork(arguments)
        await GitAuraCommand.main()
    }
}
