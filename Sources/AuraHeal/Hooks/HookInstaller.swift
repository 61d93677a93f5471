import AuraGit
import AuraHistory
import AuraSema
#if canImport(Glibc)
import Glibc
#endif

/// Installs AURA's git hooks without losing the user's: an existing hook is kept beside ours
/// as `<name>.aura-chained` and still runs first; uninstall puts it back byte for byte.
public struct HookInstaller {
    public static let hookNames = ["pre-commit", "post-merge"]
    static let marker = "# aura-hook"

    public let directory: String

    /// `core.hooksPath` (relative to the working tree) when set, else `<common git dir>/hooks`.
    public init(repository: Repository, config: GitConfig) {
        if let configured = config.string("core.hooksPath"), !configured.isEmpty {
            directory = configured.hasPrefix("/") ? configured : repository.workingDirectory + configured
        } else {
            directory = repository.commonDirectory + "hooks"
        }
    }

    public enum Outcome: Equatable, Sendable {
        case installed(chained: Bool)
        case alreadyInstalled
        case removed(restored: Bool)
        case notInstalled
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
        # A hook that was here before is kept as \(name).aura-chained and runs first.
        chained="$(dirname "$0")/\(name).aura-chained"
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
            let chained = path + ".aura-chained"
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

    public func uninstall() throws -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            guard let existing = read(path), existing.contains(HookInstaller.marker) else {
                outcomes[name] = .notInstalled
                continue
            }
            unlink(path)
            let chained = path + ".aura-chained"
            if read(chained) != nil {
                guard rename(chained, path) == 0 else { throw Failure(description: "cannot restore \(chained): \(String(cString: strerror(errno)))") }
                outcomes[name] = .removed(restored: true)
            } else {
                outcomes[name] = .removed(restored: false)
            }
        }
        return outcomes
    }

    /// Whether both hooks are AURA's (and whether user hooks are chained).
    public func status() -> [String: (installed: Bool, chained: Bool)] {
        var result: [String: (Bool, Bool)] = [:]
        for name in HookInstaller.hookNames {
            let path = directory + "/" + name
            result[name] = (read(path)?.contains(HookInstaller.marker) ?? false, read(path + ".aura-chained") != nil)
        }
        return result
    }

    func read(_ path: String) -> String? {
        guard let bytes = (try? FileReader.read(path)) ?? nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
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
