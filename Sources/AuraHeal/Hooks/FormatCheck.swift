import AuraDiagnostics
import AuraFormat

/// `aura.hook.format`: which files of a commit `aura fmt` would change. It only reports: what is
/// staged is the user's, so the hook never rewrites the index, nor the working tree.
enum FormatCheck {
    /// Paths (sorted) whose text is not in the canonical style. A file that does not parse is
    /// left to the checker's report.
    static func unformatted(_ files: [String: [UInt8]], scope: Set<String>?) -> [String] {
        files.keys.sorted().filter { path in
            guard scope?.contains(path) ?? true, let bytes = files[path] else { return false }
            guard case let .formatted(text) = AuraFormatter.format(SourceFile(id: 0, path: path, bytes: bytes)) else { return false }
            return Array(text.utf8) != bytes
        }
    }

    /// What the hook prints for them, with the command that formats them.
    static func message(_ paths: [String], style: TextStyle) -> String {
        guard !paths.isEmpty else { return "" }
        let shown = paths.prefix(10).joined(separator: " ") + (paths.count > 10 ? " (and \(paths.count - 10) more)" : "")
        return style.bold("aura: commit blocked") + " — \(paths.count) file\(paths.count == 1 ? " is" : "s are") not formatted (aura.hook.format): \(shown)\n"
            + "run `aura fmt \(paths.joined(separator: " "))`, review, `git add` the files and commit again (the hook never rewrites what you staged)\n"
    }
}
