import AuraGit
import AuraHistory
import AuraSema
#if canImport(Glibc)
import Glibc
#endif

/// Installs AURA's git hooks without losing the user's: an existing hook is kept beside ours
/// as `<name>.aura-chained` and still runs first; uninstall puts it back byte for byte
/// (see `uninstall(force:)` for edited and replaced hooks).
public struct HookInstaller {
    public static let hookNames = ["pre-commit", "post-merge"]
    static let marker = "# aura-hook"
    /// Where the user's previous hook waits while AURA's script runs it.
    static let chainedSuffix = ".aura-chained"
    /// Where `uninstall --force` keeps an AURA hook the user edited.
    static let editedSuffix = ".aura-edited"
    /// Where the pre-commit framework's `pre-commit install` moves a hook it replaces — and
    /// keeps running it, so AURA's script (and the hook it chains) still runs from there.
    static let legacySuffix = ".legacy"

    /// The directory git runs hooks from (`git rev-parse --git-path hooks`), without a trailing `/`.
    public let directory: String

    /// The hooks directory of `repository` as git resolves it (see `HooksDirectory`); throws
    /// when `core.hooksPath` cannot be expanded.
    public init(repository: Repository, config: GitConfig, home: String? = HooksDirectory.currentHome()) throws {
        let resolved = try HooksDirectory.resolve(repository: repository, config: config, home: home)
        directory = resolved.count > 1 && resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
    }

    public enum Outcome: Equatable, Sendable {
        case installed(chained: Bool)
        case alreadyInstalled
        /// An earlier version's script (unedited) was replaced by this version's.
        case updated
        /// AURA's script was removed (see `Removal`).
        case removed(Removal)
        /// The hook is not AURA's (another tool replaced it) and AURA's script is nowhere to be
        /// found, but the user's pre-AURA hook is still at `chained`: kept, never deleted.
        case replacedKeepingChained(chained: String)
        case notInstalled
    }

    /// What uninstalling one hook did.
    public struct Removal: Equatable, Sendable {
        /// Where AURA's script was: `<name>`, or `<name>.legacy` when the pre-commit framework had
        /// moved it there (and ran it from there).
        public let path: String
        /// The user's previous hook is back at `path`.
        public let restored: Bool
        /// `--force` on an edited AURA script: where the edited file was kept.
        public let savedEdited: String?
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The script: run the chained hook first (its failure wins), then AURA.
    ///
    /// It starts no process of its own before `git-aura`: the chained hook's directory comes
    /// from `$0` by the shell's own expansion (not `dirname`), and `git-aura` is run directly, not
    /// through `git aura`. git puts its exec-path first on `PATH` for hooks, so `git-aura` is found
    /// exactly where `git aura` would find it; `git aura` is the fallback for a hook run by hand
    /// where `git-aura` is only in git's exec-path. Measured on a 1,000-file repository
    /// (`scripts/bench-hooks.sh`, hyperfine): `git commit` with the hook 2.5-4 ms faster than with
    /// the earlier script, which spent a `dirname` process and a `git` process on every commit.
    static func script(_ name: String) -> String {
        let arguments = name == "post-merge" ? " \"$1\"" : ""
        return """
        #!/bin/sh
        \(marker): installed by `git aura hooks install`; `git aura hooks uninstall` removes it.
        # A hook that was here before is kept as \(name)\(chainedSuffix) and runs first.
        case $0 in */*) chained="${0%/*}/\(name)\(chainedSuffix)" ;; *) chained="./\(name)\(chainedSuffix)" ;; esac
        if [ -x "$chained" ]; then
            "$chained" "$@" || exit $?
        fi
        command -v git-aura >/dev/null 2>&1 || exec git aura hook \(name)\(arguments)
        exec git-aura hook \(name)\(arguments)

        """
    }

    /// Scripts earlier versions of AURA installed, byte for byte: not edits of the user's, so
    /// `install` replaces them with `script(name)` and `uninstall` removes them without `--force`.
    /// Written out in full, not built from `script(name)`'s lines: each must stay exactly what
    /// was installed, whatever later versions change.
    static func earlierScripts(_ name: String) -> [String] {
        let arguments = name == "post-merge" ? " \"$1\"" : ""
        return ["""
        #!/bin/sh
        \(marker): installed by `git aura hooks install`; `git aura hooks uninstall` removes it.
        # A hook that was here before is kept as \(name)\(chainedSuffix) and runs first.
        chained="$(dirname "$0")/\(name)\(chainedSuffix)"
        if [ -x "$chained" ]; then
            "$chained" "$@" || exit $?
        fi
        exec git aura hook \(name)\(arguments)

        """]
    }

    /// Whether `text` is a script AURA wrote for `name` and the user did not edit: this
    /// version's or an earlier one's.
    static func isUnedited(_ text: String, _ name: String) -> Bool {
        text == script(name) || earlierScripts(name).contains(text)
    }

    public func install(force: Bool = false) throws -> [String: Outcome] {
        do { try Directories.make(directory) } catch { throw Failure(description: "\(error)") }
        var outcomes: [String: Outcome] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            let chained = path + HookInstaller.chainedSuffix
            if let existing = read(path) {
                if existing.contains(HookInstaller.marker) {
                    // An earlier version's script, unedited, becomes this version's; an edited
                    // one is the user's and stays as it is (`status` says it was edited).
                    if HookInstaller.earlierScripts(name).contains(existing) {
                        try write(HookInstaller.script(name), to: path)
                        outcomes[name] = .updated
                    } else {
                        outcomes[name] = .alreadyInstalled
                    }
                    continue
                }
                if read(chained) != nil && !force {
                    throw Failure(description: "\(chained) already exists; move it away or use --force")
                }
                guard rename(path, chained) == 0 else { throw Failure(description: "cannot move \(path) aside: \(String(cString: strerror(errno)))") }
                try write(HookInstaller.script(name), to: path)
                outcomes[name] = .installed(chained: true)
            } else {
                try write(HookInstaller.script(name), to: path)
                outcomes[name] = .installed(chained: false)
            }
        }
        return outcomes
    }

    /// Whether each hook is AURA's, whether a user hook is chained, whether the user edited
    /// AURA's script since it was installed, and whether it is an earlier version's script
    /// (unedited; `install` updates it).
    public func status() -> [String: (installed: Bool, chained: Bool, edited: Bool, outdated: Bool)] {
        var result: [String: (Bool, Bool, Bool, Bool)] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            let text = read(path)
            let installed = text?.contains(HookInstaller.marker) ?? false
            let edited = installed && !(text.map { HookInstaller.isUnedited($0, name) } ?? false)
            let current = text == HookInstaller.script(name)
            result[name] = (installed, read(path + HookInstaller.chainedSuffix) != nil, edited, installed && !edited && !current)
        }
        return result
    }

    func read(_ path: String) -> String? {
        guard let bytes = (try? FileReader.read(path)) ?? nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether anything (a file or a dangling link) is at `path`.
    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    func move(_ from: String, _ to: String) throws {
        guard rename(from, to) == 0 else {
            throw Failure(description: "cannot move \(from) to \(to): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `text` as an executable script at `path`, whole or not at all: through a
    /// temporary file beside it and a rename, so git never runs a half-written hook.
    func write(_ text: String, to path: String) throws {
        let temporary = path + ".aura-new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
        guard fd >= 0 else { throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
        let synced = written && fchmod(fd, 0o755) == 0 && fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(path): \(reason)")
        }
    }
}
