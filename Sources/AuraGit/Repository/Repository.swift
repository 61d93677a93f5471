import CGit2
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An open, non-bare git repository with a working tree.
///
/// Owns one `git_repository` handle, freed in `deinit`. A handle is not thread-safe:
/// use one `Repository` per thread or actor.
public final class Repository {
    let pointer: OpaquePointer
    /// The repository's own git directory (for a linked worktree: `.git/worktrees/<name>/`), ending in `/`.
    public let gitDirectory: String
    /// The directory shared by all worktrees (objects, refs), ending in `/`.
    public let commonDirectory: String
    /// The working tree's root, ending in `/`.
    public let workingDirectory: String
    /// The index file AURA reads its stat cache from: `$GIT_INDEX_FILE` or `<gitDirectory>index`.
    public let indexPath: String
    /// The linked worktree's name (`git worktree add` directory name), nil for the main worktree.
    public let worktreeName: String?
    /// A handle for running filters on single files; see `filterHandle()`.
    var filterHandleStorage: Repository?
    /// `core.fileMode`, read on first use; see `executableBitMatters()`.
    var executableBitMattersStorage: Bool?
    /// The index read ahead for the next scan; see `prefetchIndexForScan()`.
    var scanIndexPrefetch: ScanIndexPrefetch?

    init(taking pointer: OpaquePointer, indexPath: String?) throws {
        self.pointer = pointer
        gitDirectory = String(cString: git_repository_path(pointer))
        commonDirectory = String(cString: git_repository_commondir(pointer))
        guard git_repository_is_bare(pointer) == 0, let workdir = git_repository_workdir(pointer) else {
            let path = gitDirectory
            git_repository_free(pointer)
            throw GitError.bareRepository(path: path)
        }
        workingDirectory = String(cString: workdir)
        self.indexPath = indexPath ?? gitDirectory + "index"
        if git_repository_is_worktree(pointer) == 1 {
            worktreeName = URL(fileURLWithPath: gitDirectory).lastPathComponent
        } else {
            worktreeName = nil
        }
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository containing `path` (searching upwards), ignoring the environment.
    public static func open(at path: String, indexPath: String? = nil) throws -> Repository {
        LibGit2.ensureInitialized()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue { throw GitError.notARepository(path: path) }
        try LibGit2.check(code, "git_repository_open_ext(\(path))")
        return try Repository(taking: handle!, indexPath: indexPath)
    }

    /// Finds the repository the way git does for a command run in `currentDirectory`:
    /// honours `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` and `GIT_CEILING_DIRECTORIES`.
    ///
    /// With the real process environment and no `GIT_WORK_TREE` this is libgit2's
    /// `GIT_REPOSITORY_OPEN_FROM_ENV`; that flag refuses `GIT_WORK_TREE`, so then (and for an
    /// explicit environment, as tests pass) the variables are applied by hand.
    public static func discover(environment: [String: String], currentDirectory: String) throws -> Repository {
        let usesProcessState = environment == ProcessInfo.processInfo.environment
            && currentDirectory == FileManager.default.currentDirectoryPath
        return try discover(environment: environment, currentDirectory: currentDirectory, usesProcessState: usesProcessState)
    }

    /// `discover(environment:currentDirectory:)` for this process's environment and directory,
    /// each read once (the comparison above builds the environment dictionary again: ~0.3 ms
    /// of every command's start here).
    public static func discover() throws -> Repository {
        try discover(environment: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath,
                     usesProcessState: true)
    }

    private static func discover(environment: [String: String], currentDirectory: String, usesProcessState: Bool) throws -> Repository {
        LibGit2.ensureInitialized()
        let indexPath = environment["GIT_INDEX_FILE"].map { absolute($0, relativeTo: currentDirectory) }
        var handle: OpaquePointer?
        if usesProcessState, environment["GIT_WORK_TREE"] == nil {
            handle = try openFromEnvironment(currentDirectory: currentDirectory)
        } else {
            let code: Int32
            if let gitDir = environment["GIT_DIR"] {
                code = git_repository_open_ext(
                    &handle, absolute(gitDir, relativeTo: currentDirectory), GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
            } else {
                code = git_repository_open_ext(&handle, currentDirectory, 0, environment["GIT_CEILING_DIRECTORIES"])
            }
            if code == GIT_ENOTFOUND.rawValue { throw GitError.notARepository(path: currentDirectory) }
            try LibGit2.check(code, "git_repository_open_ext(\(currentDirectory))")
            if let workTree = environment["GIT_WORK_TREE"] {
                let setCode = git_repository_set_workdir(handle, absolute(workTree, relativeTo: currentDirectory), 0)
                if setCode < 0 {
                    let error = LibGit2.failure(setCode, "git_repository_set_workdir(\(workTree))")
                    git_repository_free(handle)
                    throw error
                }
            }
        }
        return try Repository(taking: handle!, indexPath: indexPath)
    }

    /// `discover()` without Foundation, for the index read a command starts at process entry
    /// (`EarlyIndexRead`): libgit2 reads the environment itself, and nothing waits for
    /// Foundation's first `ProcessInfo` and `FileManager` (~0.6 ms on that thread here). Only
    /// for a process without `GIT_WORK_TREE` (libgit2 refuses it here) and `GIT_INDEX_FILE`
    /// (not applied): `EarlyIndexRead.start` reads nothing ahead when either is set.
    static func discoverFromProcessEnvironment() throws -> Repository {
        LibGit2.ensureInitialized()
        return try Repository(taking: try openFromEnvironment(currentDirectory: "."), indexPath: nil)
    }

    /// libgit2's `GIT_REPOSITORY_OPEN_FROM_ENV` (`GIT_DIR`, `GIT_CEILING_DIRECTORIES`, ...; it
    /// refuses `GIT_WORK_TREE`); `currentDirectory` names the directory in errors.
    private static func openFromEnvironment(currentDirectory: String) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        if code == GIT_ENOTFOUND.rawValue { throw GitError.notARepository(path: currentDirectory) }
        try LibGit2.check(code, "git_repository_open_ext(from environment)")
        return handle!
    }

    /// A second, independent handle on the same repository (same work tree and index file).
    /// Used where libgit2 needs state attached to a handle (an in-memory index) that must not leak.
    public func reopened() throws -> Repository {
        var handle: OpaquePointer?
        try LibGit2.check(
            git_repository_open_ext(&handle, gitDirectory, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "git_repository_open_ext(\(gitDirectory))")
        let code = git_repository_set_workdir(handle, workingDirectory, 0)
        if code < 0 {
            let error = LibGit2.failure(code, "git_repository_set_workdir")
            git_repository_free(handle)
            throw error
        }
        return try Repository(taking: handle!, indexPath: indexPath)
    }

    private static func absolute(_ path: String, relativeTo base: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base)).path
    }
}
