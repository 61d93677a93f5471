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
    static func script(_ name: String) -> String {
        let arguments = name == "post-merge" ? " \"$1\"" : ""
        return """
        #!/bin/sh
        \(marker): installed by `git aura hooks install`; `git aura hooks uninstall` removes it.
        # A hook that was here before is kept as \(name)\(chainedSuffix) and runs first.
        chained="$(dirname "$0")/\(name)\(chainedSuffix)"
        if [ -x "$chained" ]; then
            "$chained" "$@" || exit $?
        fi
        exec git aura hook \(name)\(arguments)

        """
    }

    public func install(force: Bool = false) throws -> [String: Outcome] {
        do { try Directories.make(directory) } catch { throw Failure(description: "\(error)") }
        var outcomes: [String: Outcome] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            let chained = path + HookInstaller.chainedSuffix
            if let existing = read(path) {
                if existing.contains(HookInstaller.marker) { outcomes[name] = .alreadyInstalled; continue }
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

    /// Whether each hook is AURA's, whether a user hook is chained, and whether the user
    /// edited AURA's script since it was installed.
    public func status() -> [String: (installed: Bool, chained: Bool, edited: Bool)] {
        var result: [String: (Bool, Bool, Bool)] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            let text = read(path)
            let installed = text?.contains(HookInstaller.marker) ?? false
            result[name] = (installed, read(path + HookInstaller.chainedSuffix) != nil, installed && text != HookInstaller.script(name))
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

    func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Failure(description: "cannot write \(path)")
        }
        fchmod(fd, 0o755)
    }
}
