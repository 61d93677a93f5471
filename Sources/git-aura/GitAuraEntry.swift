import AuraGitCLI

/// Entry point of `git-aura`: async, because healing asks providers (which may be remote).
@main
enum GitAuraEntry {
    static func main() async {
        await GitAuraCommand.main()
    }
}
