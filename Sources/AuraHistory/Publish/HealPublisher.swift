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
        guard heal.kind == .heal, heal.parent != nil else { throw Failure(description: "\(heal.id) is not a heal") }
        let branch = HealPublisher.branchPrefix + heal.id
        if try repository.reference(branch) != nil { throw Failure(description: "\(heal.id) is already published as \(branch.dropFirst(11))") }
        let open = try openBranches()
        guard open.count < maxOpen else {
            throw Failure(description: "\(open.count) heal branches are open (aura.publish.maxOpen = \(maxOpen)); merge or delete some first")
        }
        return try publish(heal, onto: try headCommit(), branch: branch)
    }

    /// The commit HEAD names (on a branch or detached): what a heal branch is built on.
    public func headCommit() throws -> ObjectID {
        switch try store.repository.head() {
        case let .branch(_, commit), let .detached(commit): return commit
        case .unborn: throw Failure(description: "publishing needs a commit on HEAD (this repository has none yet)")
        }
    }

    private func publish(_ heal: HistoryEntry, onto headCommit: ObjectID, branch: String) throws -> Published {
        let prepared = try prepare(heal, onto: headCommit)
        try store.repository.updateReference(branch, to: prepared.commit, expecting: nil, message: "aura: publish \(heal.id)")
        return Published(branch: String(branch.dropFirst("refs/heads/".count)), commit: prepared.commit, body: body(heal, prepared.diffs))
    }

    /// One file a published commit changes: its text on the commit it is built on, and healed.
    public typealias FileDiff = (path: String, before: [UInt8]?, after: [UInt8]?)

    /// A heal carried over onto a commit, on no ref yet.
    public struct Prepared: Sendable {
        public let commit: ObjectID
        public let tree: ObjectID
        public let diffs: [FileDiff]
    }

    /// The commit that carries `heal`'s change onto `headCommit` (its only parent), with the heal's
    /// trailers and `extraTrailers`; no ref is moved. `treeTrailer` names a trailer that records
    /// the commit's own tree, so a later reader can tell the commit was not amended.
    public func prepare(_ heal: HistoryEntry, onto headCommit: ObjectID, extraTrailers: [Trailer] = [],
                        treeTrailer: String? = nil) throws -> Prepared {
        let repository = store.repository
        guard heal.kind == .heal, let parent = heal.parent else { throw Failure(description: "\(heal.id) is not a heal") }
        let baseTree = try repository.commit(parent).tree
        let headTree = try repository.commit(headCommit).tree
        var changes: [String: FileChange] = [:]
        var diffs: [FileDiff] = []
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
        var trailers = heal.trailers.filter { !["Aura-Base", "Aura-Head", "Aura-Snapshot"].contains($0.key) } + extraTrailers
        if let treeTrailer { trailers.append(Trailer(treeTrailer, tree.hex)) }
        trailers.append(Trailer("Co-authored-by", "AURA (\(Set(providers).sorted().joined(separator: ", "))) <aura-heal@localhost>"))
        let message = CommitMessage(subject: heal.reason.isEmpty ? "aura heal \(heal.id)" : "aura heal: \(heal.reason)", trailers: trailers)
        let commit = try repository.createCommit(tree: tree, parents: [headCommit], message: message.text)
        return Prepared(commit: commit, tree: tree, diffs: diffs)
    }

    /// The pull-request description: what was wrong, the change, risk, verification, undo.
    func body(_ heal: HistoryEntry, _ diffs: [FileDiff]) -> String {
        var out = "## AURA heal \(heal.id)\n\n"
        out += "Fixed: \(heal.reason.isEmpty ? heal.id : heal.reason)\n\n"
        out += Self.problemsSection(heal) + Self.summaryTable(heal) + Self.changeSection(diffs)
        out += "### Undo\n\nClose this pull request (nothing else changes). Locally, `git aura undo` takes the heal back.\n"
        return out
    }

    /// `Problems fixed:` and one line per `Aura-Diagnostic` trailer of `heal`.
    public static func problemsSection(_ heal: HistoryEntry) -> String {
        var out = "Problems fixed:\n\n"
        for diagnostic in heal.trailers.filter({ $0.key == "Aura-Diagnostic" }) {
            // A failing test or `main` has no position: `T0001 src/a.aura:0:0` reads as `T0001 src/a.aura`.
            let shown = diagnostic.value.hasSuffix(":0:0") ? String(diagnostic.value.dropLast(4)) : diagnostic.value
            out += "- `\(shown)` (`aura explain \(diagnostic.value.prefix(5))`)\n"
        }
        return out + "\n"
    }

    /// The rules or providers, risk, confidence and verification of `heal`, as a Markdown table.
    public static func summaryTable(_ heal: HistoryEntry) -> String {
        let value = { (key: String) in heal.trailers.first { $0.key == key }?.value ?? "—" }
        return "| | |\n|---|---|\n| rules / providers | \(heal.trailers.filter { $0.key == "Aura-Provider" }.map { "`\($0.value)`" }.joined(separator: ", ")) |\n"
            + "| risk | \(value("Aura-Risk")) |\n| confidence | \(value("Aura-Confidence")) |\n| verified | \(value("Aura-Verified")) |\n\n"
    }

    /// `### Change` and a unified diff per file.
    public static func changeSection(_ diffs: [FileDiff]) -> String {
        var out = "### Change\n\n"
        for (path, before, after) in diffs {
            out += "```diff\n--- a/\(path)\n+++ b/\(path)\n" + LineDiff.unified(before ?? [], after ?? []) + "```\n\n"
        }
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
        let (prefix, suffix) = common(old, new)
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

    /// The changed middle as a replacement of whole lines: from 0-based line `start`, `removed`
    /// lines of `before` become `inserted` (their text, each line with its newline).
    public static func replacement(_ before: [UInt8], _ after: [UInt8]) -> (start: Int, removed: Int, inserted: String) {
        let old = lines(before), new = lines(after)
        let (prefix, suffix) = common(old, new)
        let inserted = new[prefix..<(new.count - suffix)].map { $0.text + ($0.terminated ? "\n" : "") }.joined()
        return (prefix, old.count - suffix - prefix, inserted)
    }

    /// How many lines `old` and `new` share at the start, and then at the end.
    static func common(_ old: [Line], _ new: [Line]) -> (prefix: Int, suffix: Int) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        return (prefix, suffix)
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
