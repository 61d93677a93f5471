import AuraGit

/// Publishes a heal as a normal branch `aura/heal/<id>` on top of the user's HEAD, for review in
/// a pull request. The heal's change is carried over file by file (three-way: base = the heal's
/// snapshot); a file HEAD changed differently since is a conflict, reported, never merged blindly.
public struct HealPublisher {
    public let store: SnapshotStore
    /// `aura.publish.maxOpen`: open heal branches at most.
    public let maxOpen: Int

    public init(store: SnapshotStore, maxOpen: Int) {
        self.store = store
        self.maxOpen = maxOpen
    }

    public struct Published: Sendable {
        public let branch: String
        public let commit: ObjectID
        /// A pull-request description in Markdown.
        public let body: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let branchPrefix = "refs/heads/aura/heal/"

    public func openBranches() throws -> [String] {
        try store.repository.referenceNames(matching: HealPublisher.branchPrefix + "*")
    }

    public func publish(_ heal: HistoryEntry) throws -> Published {
        let repository = store.repository
        guard heal.kind == .heal, let parent = heal.parent else { throw Failure(description: "\(heal.id) is not a heal") }
        let branch = HealPublisher.branchPrefix + heal.id
        if try repository.reference(branch) != nil { throw Failure(description: "\(heal.id) is already published as \(branch.dropFirst(11))") }
        let open = try openBranches()
        guard open.count < maxOpen else {
            throw Failure(description: "\(open.count) heal branches are open (aura.publish.maxOpen = \(maxOpen)); merge or delete some first")
        }
        guard case let .branch(_, headCommit) = try repository.head() else {
            if case .detached(let commit) = try repository.head() { return try publish(heal, onto: commit, parent: parent, branch: branch) }
            throw Failure(description: "publishing needs a commit on HEAD (this repository has none yet)")
        }
        return try publish(heal, onto: headCommit, parent: parent, branch: branch)
    }

    private func publish(_ heal: HistoryEntry, onto headCommit: ObjectID, parent: ObjectID, branch: String) throws -> Published {
        let repository = store.repository
        let baseTree = try repository.commit(parent).tree
        let headTree = try repository.commit(headCommit).tree
        var changes: [String: FileChange] = [:]
        var diffs: [(String, [UInt8]?, [UInt8]?)] = []
        for path in try repository.changedPaths(from: baseTree, to: heal.tree) {
            let base = try repository.fileContent(at: path, inTree: baseTree)
            let healed = try repository.fileContent(at: path, inTree: heal.tree)
            let current = try repository.fileContent(at: path, inTree: headTree)
            if current == healed { continue }
            guard current == base else {
                throw Failure(description: "conflict in \(path): HEAD changed it since the heal; run `git aura heal` on the current HEAD instead")
            }
            changes[path] = healed.map { .write($0) } ?? .delete
            diffs.append((path, current, healed))
        }
        guard !changes.isEmpty else { throw Failure(description: "HEAD already contains the change of \(heal.id)") }
        let tree = try repository.updatedTree(headTree, applying: changes)
        let providers = heal.trailers.filter { $0.key == "Aura-Provider" }.map(\.value)
        var trailers = heal.trailers.filter { !["Aura-Base", "Aura-Head", "Aura-Snapshot"].contains($0.key) }
        trailers.append(Trailer("Co-authored-by", "AURA (\(Set(providers).sorted().joined(separator: ", "))) <aura-heal@localhost>"))
        let message = CommitMessage(subject: heal.reason.isEmpty ? "aura heal \(heal.id)" : "aura heal: \(heal.reason)", trailers: trailers)
        let commit = try repository.createCommit(tree: tree, parents: [headCommit], message: message.text)
        try repository.updateReference(branch, to: commit, expecting: nil, message: "aura: publish \(heal.id)")
        return Published(branch: String(branch.dropFirst("refs/heads/".count)), commit: commit, body: body(heal, diffs))
    }

    /// The pull-request description: what was wrong, the change, risk, verification, undo.
    func body(_ heal: HistoryEntry, _ diffs: [(String, [UInt8]?, [UInt8]?)]) -> String {
        let value = { (key: String) in heal.trailers.first { $0.key == key }?.value ?? "—" }
        var out = "## AURA heal \(heal.id)\n\n"
        out += "Fixed: \(heal.reason.isEmpty ? heal.id : heal.reason)\n\n"
        out += "Problems fixed:\n\n"
        for diagnostic in heal.trailers.filter({ $0.key == "Aura-Diagnostic" }) {
            // A failing test or `main` has no position: `T0001 src/a.aura:0:0` reads as `T0001 src/a.aura`.
            let shown = diagnostic.value.hasSuffix(":0:0") ? String(diagnostic.value.dropLast(4)) : diagnostic.value
            out += "- `\(shown)` (`aura explain \(diagnostic.value.prefix(5))`)\n"
        }
        out += "\n| | |\n|---|---|\n| rules / providers | \(heal.trailers.filter { $0.key == "Aura-Provider" }.map { "`\($0.value)`" }.joined(separator: ", ")) |\n"
        out += "| risk | \(value("Aura-Risk")) |\n| confidence | \(value("Aura-Confidence")) |\n| verified | \(value("Aura-Verified")) |\n\n"
        out += "### Change\n\n"
        for (path, before, after) in diffs {
            out += "```diff\n--- a/\(path)\n+++ b/\(path)\n" + LineDiff.unified(before ?? [], after ?? []) + "```\n\n"
        }
        out += "### Undo\n\nClose this pull request (nothing else changes). Locally, `git aura undo` takes the heal back.\n"
        return out
    }
}

/// A small line diff (common prefix and suffix; the middle as removed/added) — enough for
/// heals (and hook scripts), which change a few lines. The output is a valid unified diff hunk (`git apply` takes it).
public enum LineDiff {
    static let context = 3

    /// One line and whether a newline ends it (only a file's last line may lack one), so a line
    /// that gained or lost its newline is a change, as git sees it.
    struct Line: Equatable {
        var text: Substring
        var terminated: Bool
    }

    /// One `@@` hunk from the first to the last changed line, with three lines of context.
    public static func unified(_ before: [UInt8], _ after: [UInt8]) -> String {
        let old = lines(before), new = lines(after)
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let start = max(0, prefix - context)
        let trailing = min(suffix, context)
        let removed = old[prefix..<(old.count - suffix)], added = new[prefix..<(new.count - suffix)]
        let oldCount = (prefix - start) + removed.count + trailing
        let newCount = (prefix - start) + added.count + trailing
        var out = "@@ -\(range(start, oldCount)) +\(range(start, newCount)) @@\n"
        func emit(_ mark: String, _ line: Line) {
            out += mark + line.text + "\n" + (line.terminated ? "" : "\\ No newline at end of file\n")
        }
        for line in old[start..<prefix] { emit(" ", line) }
        for line in removed { emit("-", line) }
        for line in added { emit("+", line) }
        for line in old[(old.count - suffix)..<(old.count - suffix + trailing)] { emit(" ", line) }
        return out
    }

    static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { Line(text: $0, terminated: true) }
        // "a\nb\n" splits into a, b and an empty rest; "a\nb" ends in b without a newline.
        if lines.last?.text == "" { lines.removeLast() } else if !lines.isEmpty { lines[lines.count - 1].terminated = false }
        return lines
    }

    /// `start,count` as unified diffs write it: 1-based, and an empty range names the line before.
    static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }
}
