import AuraGit
import AuraHistory
#if canImport(Glibc)
import Glibc
#endif

/// Trees already verified clean, so a pre-commit hook on an unchanged tree answers at once.
/// Keyed by the tree id of the checked files and the toolchain version (a new AURA release may
/// find problems an older one did not). Stored under `<common git dir>/aura/verify-cache/`.
public struct VerificationCache {
    public static let toolchain = "aura-0.1.0"
    let directory: String

    public init(repository: Repository) {
        directory = repository.commonDirectory + "aura/verify-cache"
    }

    func path(_ tree: ObjectID) -> String { directory + "/\(tree.hex)-\(VerificationCache.toolchain)" }

    public func isClean(_ tree: ObjectID) -> Bool { access(path(tree), F_OK) == 0 }

    public func markClean(_ tree: ObjectID) {
        // A cache that cannot be written is only slower: the hook still answers.
        guard (try? Directories.make(directory)) != nil else { return }
        let fd = open(path(tree), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 { close(fd) }
    }
}
