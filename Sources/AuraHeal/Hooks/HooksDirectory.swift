import AuraGit
#if canImport(Glibc)
import Glibc
#endif

/// The directory git runs hooks from — what `git rev-parse --git-path hooks` prints.
///
/// `core.hooksPath` is a pathname-typed setting, so git expands it as it expands every path in
/// its configuration: `~` and `~/x` start at `$HOME`, `~user/x` at that user's home directory,
/// and a relative path is taken from the top of the working tree (where git runs hooks; in a
/// linked worktree that is the linked worktree's own top). Unset or empty: `<common git dir>/hooks`.
public enum HooksDirectory {
    /// The absolute hooks directory of `repository`, or an error naming the setting when git
    /// itself could not expand it (`~nosuchuser/hooks`, or `~` with no `HOME`).
    public static func resolve(repository: Repository, config: GitConfig, home: String? = currentHome()) throws -> String {
        guard let configured = config.value("core.hooksPath"), !configured.value.isEmpty else {
            return repository.commonDirectory + "hooks"
        }
        let expanded = try expandTilde(configured.value, home: home, origin: configured.origin)
        return expanded.hasPrefix("/") ? expanded : repository.workingDirectory + expanded
    }

    /// The hooks directory as a project path (`.githooks`) when it lies inside the working tree,
    /// else nil. Heals must never edit a file under it: git executes what is there.
    public static func projectPrefix(repository: Repository, config: GitConfig, home: String? = currentHome()) -> String? {
        guard let absolute = try? resolve(repository: repository, config: config, home: home) else { return nil }
        let root = normalized(repository.workingDirectory)
        let directory = normalized(absolute)
        guard directory.hasPrefix(root + "/") else { return nil }
        return String(directory.dropFirst(root.count + 1))
    }

    /// This process's environment (for `git -c core.hooksPath=…`, which git passes in it).
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") { result[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            pointer += 1
        }
        return result
    }

    /// `$HOME` of this process (git reads the same variable).
    public static func currentHome() -> String? {
        getenv("HOME").map { String(cString: $0) }
    }

    /// git's `expand_user_path`: `~` and `~/…` use `home`, `~name/…` that user's home directory.
    static func expandTilde(_ path: String, home: String?, origin: ConfigOrigin) throws -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = String(path[path.index(after: path.startIndex)..<slash])
        let rest = String(path[slash...])
        let base: String?
        if user.isEmpty {
            base = home
        } else {
            base = getpwnam(user).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } }
        }
        guard let base else {
            let why = user.isEmpty ? "HOME is not set" : "there is no user `\(user)`"
            throw GitError.invalidConfigValue(key: "core.hooksPath", value: path,
                                              expected: "a path git can expand (\(why); set in \(origin.rawValue) config; fix it with `git config core.hooksPath PATH`)")
        }
        return base + rest
    }

    /// `path` with `.` and empty components removed and `..` applied, without a trailing `/`.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
