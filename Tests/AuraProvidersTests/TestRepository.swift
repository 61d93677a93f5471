import AuraTestSupport

/// The shared temporary repository (see AuraTestSupport.GitTestRepository).
final class TestRepository: GitTestRepository {
    init(files: [String: String]) throws { try super.init(files: files, prefix: "aura-providers") }

    /// Runs the built `git-aura` in the repository with extra environment variables.
    func aura(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Output {
        try Self.run(Self.executable("git-aura"), arguments, in: path, environment: environment.merging(extra) { $1 })
    }
}
