import AuraGit
import AuraTestSupport
import AuraHistory
@testable import AuraHeal
import Foundation
import XCTest

/// A seeded random walk of user edits, git commits and every store operation, checked step by
/// step against `HistoryModel`: the working tree, the history's shape, and that every captured
/// working-tree state is still reachable from an aura ref with the right content.
/// Replay a failure with AURA_MODEL_SEED=<seed>; AURA_MODEL_OPS sets the length (default 2000).
final class ModelTests: XCTestCase {
    static let pool = ["a.aura", "b.aura", "c.txt", "src/main.aura", "src/util.aura", "src/deep/x.aura",
                       "src/deep/y.aura", "docs/readme.md", "docs/notes.md", "test/t1.aura", "test/t2.aura", "z.bin"]
    static let ignoredPool = ["debug.log", "build/out.o", "src/trace.log"]

    var rng = SeededGenerator(seed: 0)
    var repo: TempRepository!
    var store: SnapshotStore!
    var model = HistoryModel()
    var files: [String: String] = [:]      // the working tree AURA sees (ignored files excluded)
    var ignored: [String: String] = [:]
    var mustBeReachable: [String: ObjectID] = [:]   // captured state id -> its tree
    var commitCache: [ObjectID: (id: String?, parents: [ObjectID])] = [:]
    var counts: [String: Int] = [:]

    func testRandomOperationsNeverLoseAState() throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["AURA_MODEL_SEED"].flatMap { UInt64($0) } ?? 0xA0BA_2026
        let operations = env["AURA_MODEL_OPS"].flatMap { Int($0) } ?? 2000
        rng = SeededGenerator(seed: seed)
        repo = try TempRepository()
        try repo.write(".gitignore", "*.log\nbuild/\n")
        try repo.commitAll("ignore rules")
        store = SnapshotStore(repository: try repo.open())

        for step in 1...operations {
            let roll = Int.random(in: 0..<100, using: &rng)
            let context = "seed \(seed) step \(step) roll \(roll)"
            do {
            switch roll {
            case 0..<14: try editFile()
            case 14..<22: try createFile()
            case 22..<27: try deleteFile()
            case 27..<31: try renameFile()
            case 31..<33: try touchIgnored()
            case 33..<36: try gitCommit()
            case 36..<48: try snapshot()
            case 48..<62: try healLike(context)
            case 62..<74: try undo(force: rng.chance(0.3), context)
            case 74..<77: try undoTo(context)
            case 77..<87: try redo(context)
            case 87..<95: try restore(context)
            default: try prune()
            }
            } catch {
                throw TestFailure("\(context): unexpected \(error)")
            }
            try verify(context)
            if step % 250 == 0 { repo.assertHealthy(refs: [store.refs.heal, store.refs.redo]) }
        }
        repo.assertHealthy(refs: [store.refs.heal, store.refs.redo])
        print("model test counts: \(counts.sorted { $0.key < $1.key })")
        XCTAssertGreaterThan(counts["undo", default: 0], 50)
        XCTAssertGreaterThan(counts["redo", default: 0], 20)
        XCTAssertGreaterThan(counts["undo refused", default: 0], 5)
        XCTAssertGreaterThan(counts["restore", default: 0], 20)
    }

    // MARK: - User actions

    private func content() -> String {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ in "line \(Int.random(in: 0..<1000, using: &rng))\n" }.joined()
    }

    private func write(_ path: String, _ text: String) throws {
        try repo.write(path, text)
        files[path] = text
    }

    private func editFile() throws {
        guard let path = files.keys.sorted().randomElement(using: &rng) else { return try createFile() }
        var text = files[path]!
        if rng.chance(0.5), let digit = text.firstIndex(where: \.isNumber) {
            // Same size, same second: the stat cache alone cannot see this edit.
            text.replaceSubrange(digit...digit, with: String((Int(String(text[digit]))! + 1) % 10))
        } else {
            text = content()
        }
        try write(path, text)
        counts["edit", default: 0] += 1
    }

    private func createFile() throws {
        try write(Self.pool.randomElement(using: &rng)!, content())
    }

    private func deleteFile() throws {
        guard let path = files.keys.sorted().randomElement(using: &rng) else { return }
        try repo.delete(path)
        files[path] = nil
    }

    private func renameFile() throws {
        guard let from = files.keys.sorted().randomElement(using: &rng),
            let to = Self.pool.filter({ files[$0] == nil }).randomElement(using: &rng) else { return }
        let text = files[from]!
        try repo.delete(from)
        files[from] = nil
        try write(to, text)
    }

    private func touchIgnored() throws {
        let path = Self.ignoredPool.randomElement(using: &rng)!
        let text = content()
        try repo.write(path, text)
        ignored[path] = text
    }

    private func gitCommit() throws {
        try repo.commitAll("user commit")
        counts["git commit", default: 0] += 1
    }

    private func head() throws -> String? { try store.repository.head().commit?.hex }

    // MARK: - Store operations

    /// Records a state the store claims to have captured, after checking its tree's content.
    private func capture(_ entry: HistoryEntry, _ expected: [String: String], _ context: String) throws {
        let tree = try store.repository.files(inTree: entry.tree)
        var actual: [String: String] = [:]
        for (path, item) in tree where path != ".gitignore" {
            actual[path] = String(decoding: try store.repository.blobContent(item.id), as: UTF8.self)
        }
        XCTAssertEqual(actual, expected, "\(context): \(entry.id) captured the wrong content")
        XCTAssertNil(tree.keys.first { $0.hasSuffix(".log") || $0.hasPrefix("build/") }, "\(context): ignored file captured")
        mustBeReachable[entry.id] = entry.tree
    }

    private func snapshot() throws {
        let entry = try store.snapshot(reason: "model")
        try capture(entry, files, "snapshot")
        model.append(.init(id: entry.id, kind: .snapshot, files: files, parentFiles: [:], base: try head()))
        counts["snapshot", default: 0] += 1
    }

    /// A healer's round: snapshot, heal commit in memory, then (usually) write it out.
    private func healLike(_ context: String) throws {
        try snapshot()
        let base = try store.history(limit: 1).entries[0]
        var changes: [String: FileChange] = [:]
        var after = files
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let path = Self.pool.randomElement(using: &rng)!
            if files[path] != nil, rng.chance(0.25) {
                changes[path] = .delete
                after[path] = nil
            } else {
                let text = content()
                changes[path] = .write(Array(text.utf8))
                after[path] = text
            }
        }
        let heal = try store.commitHeal(base: base, changes: changes, trailers: [Trailer("Aura-Risk", "low")], summary: "model heal")
        try capture(heal, after, context)
        mustBeReachable[heal.id] = nil   // not on the history until applied
        let entry = HistoryModel.Entry(id: heal.id, kind: .heal, files: after, parentFiles: files, base: base.base?.hex)
        if let path = entry.changedPaths.first, rng.chance(0.2) {
            try write(path, "typed meanwhile \(Int.random(in: 0..<1_000_000, using: &rng))\n")
            XCTAssertThrowsError(try store.applyToWorkingTree(heal), "\(context): apply over an edit") { error in
                guard case .workingTreeChanged? = error as? SnapshotStoreError else { return XCTFail("\(context): \(error)") }
            }
            counts["heal refused", default: 0] += 1
            return
        }
        try store.applyToWorkingTree(heal)
        files = after
        model.append(entry)
        mustBeReachable[heal.id] = heal.tree
        counts["heal", default: 0] += 1
    }

    /// Predicts and checks an undo of the newest `count` changes (nil: plain `undo`).
    private func undo(count: Int?, targetID: String?, force: Bool, _ context: String) throws {
        let indexes = model.newestChanges(count ?? 1)
        var disk = files
        var conflict = false
        for index in indexes {
            let change = model.entries[index]
            for path in change.changedPaths {
                if disk[path] != change.files[path] && disk[path] != change.parentFiles[path] { conflict = true }
                disk[path] = change.parentFiles[path]
            }
        }
        let run = { () throws -> UndoOutcome in
            if let targetID { return try self.store.undo(to: targetID, force: force) }
            return try self.store.undo(force: force)
        }
        if indexes.isEmpty {
            XCTAssertThrowsError(try run(), context) { XCTAssertEqual($0 as? SnapshotStoreError, .nothingToUndo, context) }
            return
        }
        if conflict && !force {
            XCTAssertThrowsError(try run(), context) { error in
                guard case .workingTreeChanged? = error as? SnapshotStoreError else { return XCTFail("\(context): \(error)") }
            }
            counts["undo refused", default: 0] += 1
            return
        }
        let outcome = try run()
        XCTAssertEqual(outcome.undone.map(\.id), indexes.map { model.entries[$0].id }, context)
        if conflict {
            let safety = try XCTUnwrap(outcome.safetySnapshot, context)
            if model.reusesTip(files: files, base: try head()) {
                XCTAssertEqual(safety.id, model.entries.last!.id, "\(context): safety snapshot reuses the tip")
            } else {
                try capture(safety, files, context)
                model.append(.init(id: safety.id, kind: .snapshot, files: files, parentFiles: [:], base: try head()))
            }
            counts["undo forced", default: 0] += 1
        } else {
            XCTAssertNil(outcome.safetySnapshot, context)
        }
        files = disk
        model.undo(from: indexes.last!)
        counts["undo", default: 0] += 1
    }

    private func undo(force: Bool, _ context: String) throws {
        try undo(count: nil, targetID: nil, force: force, context)
    }

    private func undoTo(_ context: String) throws {
        guard let target = model.entries.randomElement(using: &rng) else { return }
        let position = model.entries.firstIndex { $0.id == target.id }!
        let count = model.entries[position...].filter { $0.kind.isUndoable }.count
        try undo(count: count, targetID: target.id, force: rng.chance(0.3), context)
    }

    private func redo(_ context: String) throws {
        var next = model
        guard let change = next.redoNext() else {
            XCTAssertThrowsError(try store.redo(), context) { XCTAssertEqual($0 as? SnapshotStoreError, .nothingToRedo, context) }
            return
        }
        let blocked = change.changedPaths.contains { files[$0] != change.parentFiles[$0] && files[$0] != change.files[$0] }
        if blocked {
            XCTAssertThrowsError(try store.redo(), context)
            counts["redo refused", default: 0] += 1
            return
        }
        XCTAssertEqual(try store.redo().redone.id, change.id, context)
        for path in change.changedPaths { files[path] = change.files[path] }
        model = next
        counts["redo", default: 0] += 1
    }

    private func restore(_ context: String) throws {
        guard let target = (model.entries + model.redo).randomElement(using: &rng) else { return }
        let reuse = model.reusesTip(files: files, base: try head())
        let outcome = try store.restore(target.id)
        if reuse {
            XCTAssertEqual(outcome.before.id, model.entries.last!.id, context)
        } else {
            try capture(outcome.before, files, context)
            model.append(.init(id: outcome.before.id, kind: .snapshot, files: files, parentFiles: [:], base: try head()))
        }
        if target.files == files {
            XCTAssertNil(outcome.restore, context)
            return
        }
        let restore = try XCTUnwrap(outcome.restore, context)
        try capture(restore, target.files, context)
        model.append(.init(id: restore.id, kind: .restore, files: target.files, parentFiles: files, base: try head()))
        files = target.files
        counts["restore", default: 0] += 1
    }

    private func prune() throws {
        var keep = Int.random(in: 3...30, using: &rng)
        if model.entries.count > keep, model.entries[model.entries.count - keep].kind.isUndoable { keep += 1 }
        XCTAssertEqual(try store.prune(keep: keep).kept, min(keep, model.entries.count))
        model.entries = Array(model.entries.suffix(keep))
        // Prune is the one operation that deliberately lets states go.
        mustBeReachable = [:]
        for entry in model.entries + model.redo { mustBeReachable[entry.id] = try store.resolve(entry.id).tree }
        counts["prune", default: 0] += 1
    }

    // MARK: - Checks after every step

    private func verify(_ context: String) throws {
        XCTAssertEqual(try diskFiles(ignoredToo: false), files, "\(context): working tree differs from the model")
        for (path, text) in ignored { XCTAssertEqual(repo.read(path), text, "\(context): ignored \(path) touched") }
        let history = try store.history()
        XCTAssertEqual(history.entries.map(\.id), model.entries.reversed().map(\.id), "\(context): history")
        XCTAssertEqual(history.redoable.map(\.id), model.redo.reversed().map(\.id), "\(context): redo")
        let reachable = try reachableStates()
        for (id, tree) in mustBeReachable {
            XCTAssertTrue(reachable[id]?.contains(tree) == true, "\(context): state \(id) is no longer reachable")
        }
        if testRun?.failureCount ?? 0 > 0 { throw TestFailure("stopping at \(context)") }
    }

    /// Every AURA id reachable from the heal and redo refs (all parents), with its tree(s).
    private func reachableStates() throws -> [String: Set<ObjectID>] {
        var result: [String: Set<ObjectID>] = [:]
        var stack = try [store.refs.heal, store.refs.redo].compactMap { try store.repository.reference($0) }
        var seen = Set<ObjectID>()
        while let commit = stack.popLast() {
            guard seen.insert(commit).inserted else { continue }
            if commitCache[commit] == nil {
                let info = try store.repository.commit(commit)
                commitCache[commit] = (HistoryEntry(info)?.id, info.parents)
                if let id = commitCache[commit]!.id { result[id, default: []].insert(info.tree) }
            } else if let id = commitCache[commit]!.id {
                result[id, default: []].insert(try store.repository.commit(commit).tree)
            }
            stack += commitCache[commit]!.parents
        }
        return result
    }

    private func diskFiles(ignoredToo: Bool) throws -> [String: String] {
        var result: [String: String] = [:]
        let root = URL(fileURLWithPath: repo.root)
        let enumerator = FileManager.default.enumerator(atPath: repo.root)!
        while let path = enumerator.nextObject() as? String {
            if path == ".git" { enumerator.skipDescendants(); continue }
            if path == ".gitignore" || path.hasSuffix(".log") || path.hasPrefix("build") { continue }
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue { result[path] = repo.read(path) }
        }
        return result
    }
}
