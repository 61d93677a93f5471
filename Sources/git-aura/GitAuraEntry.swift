import AuraDiagnostics
import AuraGitCLI

/// Entry point of `git-aura`: async, because healing asks providers (which may be remote).
@main
enum GitAuraEntry {
    static func main() async {
        AllocatorTuning.apply()
        await GitAuraCommand.main()
    }
}
