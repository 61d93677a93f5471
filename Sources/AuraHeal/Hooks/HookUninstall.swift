import AuraHistory
#if canImport(Glibc)
import Glibc
#endif

/// `git aura hooks uninstall`: removes every file AURA created and never a byte of the user's.
///
/// - AURA's script, unedited: removed; the chained hook (`<name>.aura-chained`) goes back.
/// - AURA's script, edited by the user: refused with the diff (`EditedHooks`), unless `force`,
///   which first keeps the edited file as `<name>.aura-edited`.
/// - The pre-commit framework replaced AURA's hook: `pre-commit install` moved AURA's script to
///   `<name>.legacy` and runs it from there (which still runs the chained hook). The script is
///   removed and the chained hook takes its place as `<name>.legacy`, so the framework runs the
///   user's hook exactly as it would have without AURA.
/// - Another tool replaced AURA's hook and AURA's script is gone: the chained file holds the
///   user's pre-AURA hook and nothing runs it; it is kept and reported, never deleted.
/// - The hook file was deleted but the chained one is there: it goes back in place.
extension HookInstaller {
    /// AURA scripts that the user edited since `git aura hooks install`: nothing is removed.
    public struct EditedHooks: Error, CustomStringConvertible {
        public struct Edit: Sendable {
            public let path: String
            /// `--force` keeps the edited file here.
            public let savedAs: String
            /// Unified diff from the script AURA wrote to the file as it is now.
            public let diff: String
        }
        public let edits: [Edit]

        public var description: String {
            var text = ""
            for edit in edits {
                text += "\(edit.path) was edited since `git aura hooks install`:\n"
                text += "--- the script AURA installed\n+++ \(edit.path)\n" + edit.diff
            }
            text += "nothing was removed. To remove AURA's hooks and keep your edits, run `git aura hooks uninstall --force`: "
            text += "it first saves " + edits.map { "\($0.path) as \($0.savedAs)" }.joined(separator: " and ")
            text += ". Or put the file back as AURA wrote it and run `git aura hooks uninstall` again.\n"
            return text
        }
    }

    /// Removes AURA's hooks (see the type's rules). Edited scripts are refused as a whole before
    /// anything changes, unless `force`.
    public func uninstall(force: Bool = false) throws -> [String: Outcome] {
        let edited = editedScripts()
        if !edited.isEmpty && !force { throw EditedHooks(edits: edited) }
        var outcomes: [String: Outcome] = [:]
        for name in HookInstaller.hookNames { outcomes[name] = try uninstall(name) }
        return outcomes
    }

    /// Where AURA's script for `name` is: the hook itself, or `<name>.legacy` when the
    /// pre-commit framework moved it there.
    func scriptLocation(_ name: String) -> String? {
        let path = directory + "/" + name
        for candidate in [path, path + HookInstaller.legacySuffix] where read(candidate)?.contains(HookInstaller.marker) ?? false {
            return candidate
        }
        return nil
    }

    func editedScripts() -> [EditedHooks.Edit] {
        HookInstaller.hookNames.compactMap { name in
            guard let location = scriptLocation(name), let text = read(location), !HookInstaller.isUnedited(text, name) else { return nil }
            let diff = LineDiff.unified(Array(HookInstaller.script(name).utf8), Array(text.utf8))
            return EditedHooks.Edit(path: location, savedAs: freeName(location + HookInstaller.editedSuffix), diff: diff)
        }
    }

    private func uninstall(_ name: String) throws -> Outcome {
        let path = directory + "/" + name
        let chained = path + HookInstaller.chainedSuffix
        guard let location = scriptLocation(name) else {
            guard exists(chained) else { return .notInstalled }
            if exists(path) { return .replacedKeepingChained(chained: chained) }
            try move(chained, path)
            return .removed(Removal(path: path, restored: true, savedEdited: nil))
        }
        var saved: String? = nil
        if let text = read(location), HookInstaller.isUnedited(text, name) {
            guard unlink(location) == 0 else { throw Failure(description: "cannot remove \(location): \(String(cString: strerror(errno)))") }
        } else {
            let target = freeName(location + HookInstaller.editedSuffix)
            try move(location, target)
            saved = target
        }
        var restored = false
        if exists(chained) {
            try move(chained, location)
            restored = true
        }
        return .removed(Removal(path: location, restored: restored, savedEdited: saved))
    }

    /// `path`, or `path.1`, `path.2`, … — the first that does not exist (an older saved edit is kept).
    func freeName(_ path: String) -> String {
        if !exists(path) { return path }
        var number = 1
        while exists("\(path).\(number)") { number += 1 }
        return "\(path).\(number)"
    }
}
