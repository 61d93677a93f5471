#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

extension Repository {
    /// Writes a blob from memory and returns its id.
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        try bytes.withUnsafeBytes { raw in
            try LibGit2.check(
                git_blob_create_from_buffer(&oid, pointer, raw.baseAddress, raw.count), "git_blob_create_from_buffer")
        }
        let blob = ObjectID(oid)
        guard contains(blob) else { throw lostObject("blob", blob, operation: "git_blob_create_from_buffer") }
        return blob
    }

    /// The id of the empty tree, written if needed.
    public func emptyTree() throws -> ObjectID {
        var builder: OpaquePointer?
        try LibGit2.check(git_treebuilder_new(&builder, pointer, nil), "git_treebuilder_new")
        defer { git_treebuilder_free(builder) }
        var oid = git_oid()
        try LibGit2.check(git_treebuilder_write(&oid, builder), "git_treebuilder_write")
        return ObjectID(oid)
    }

    /// A new tree: `base` with `changes` applied (`git_tree_create_updated`), built entirely in memory
    /// and the object database; the working tree and index are not touched.
    public func updatedTree(_ base: ObjectID, applying changes: [String: FileChange]) throws -> ObjectID {
        if changes.isEmpty { return base }
        for path in changes.keys { try Self.validateRelativePath(path) }
        var blobIDs: [String: git_oid] = [:]
        var modes: [String: FileMode] = [:]
        for (path, change) in changes {
            guard case .write(let bytes, let mode) = change else { continue }
            blobIDs[path] = try writeBlob(bytes).oid
            let existing = try entry(at: path, inTree: base)?.mode
            modes[path] = mode ?? (existing == .executable || existing == .symlink ? existing! : .regular)
        }
        let paths = changes.keys.sorted()
        let cPaths = paths.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var updates: [git_tree_update] = paths.enumerated().map { index, path in
            var update = git_tree_update()
            update.path = UnsafePointer(cPaths[index])
            switch changes[path]! {
            case .write:
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = blobIDs[path]!
                update.filemode = modes[path]!.gitMode
            case .delete:
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            return update
        }
        return try withTree(base) { baseTree in
            var oid = git_oid()
            try LibGit2.check(
                git_tree_create_updated(&oid, pointer, baseTree, updates.count, &updates), "git_tree_create_updated")
            let tree = ObjectID(oid)
            guard contains(tree) else { throw lostObject("tree", tree, operation: "git_tree_create_updated") }
            return tree
        }
    }

    /// Creates a commit object (no reference is moved) and returns its id.
    /// The author and committer are `user.name`/`user.email`, or "aura <aura@localhost>" when unset,
    /// dated now or at `time` (seconds since the epoch, UTC) when rewriting an existing commit.
    public func createCommit(tree: ObjectID, parents: [ObjectID], message: String, time: Int64? = nil) throws -> ObjectID {
        var signature = try defaultSignature()
        if let time, let current = signature {
            var dated: UnsafeMutablePointer<git_signature>?
            try LibGit2.check(
                git_signature_new(&dated, current.pointee.name, current.pointee.email, git_time_t(time), 0),
                "git_signature_new")
            git_signature_free(current)
            signature = dated
        }
        defer { git_signature_free(signature) }
        var parentHandles: [OpaquePointer?] = []
        defer { parentHandles.forEach { git_commit_free($0) } }
        for parent in parents {
            var oid = parent.oid
            var handle: OpaquePointer?
            try LibGit2.check(git_commit_lookup(&handle, pointer, &oid), "git_commit_lookup(\(parent.short))")
            parentHandles.append(handle)
        }
        let commit = try withTree(tree) { treeHandle in
            var oid = git_oid()
            try LibGit2.check(
                git_commit_create(
                    &oid, pointer, nil, signature, signature, nil, message, treeHandle, parentHandles.count,
                    &parentHandles),
                "git_commit_create")
            return ObjectID(oid)
        }
        // On a full filesystem libgit2 can report a commit written that never reached
        // .git/objects (measured on a full tmpfs): the ref update then fails with "target OID
        // doesn't exist" and later reads with "not found". Checked here, the failure is named.
        guard contains(commit) else { throw lostObject("commit", commit, operation: "git_commit_create") }
        return commit
    }

    /// The error for an object libgit2 said it wrote but the object database does not have:
    /// ENOSPC when the filesystem holding .git/objects is full, else EIO. (Blobs, trees and
    /// commits AURA writes are all checked: a lost tree would otherwise surface as
    /// "not found: tree …", exit 64.)
    func lostObject(_ kind: String, _ id: ObjectID, operation: String) -> GitError {
        let objects = commonDirectory + (commonDirectory.hasSuffix("/") ? "" : "/") + "objects"
        var stats = statvfs()
        let full = statvfs(objects, &stats) == 0 && stats.f_bavail == 0
        let code = full ? ENOSPC : EIO
        return .libgit2(LibGit2Failure(operation: operation, code: -1, errorClass: Int32(GIT_ERROR_OS.rawValue),
                                       message: "\(kind) \(id.short) was not stored: \(String(cString: strerror(code)))",
                                       osErrno: code))
    }

    private func defaultSignature() throws -> UnsafeMutablePointer<git_signature>? {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, pointer) < 0 {
            try LibGit2.check(git_signature_now(&signature, "aura", "aura@localhost"), "git_signature_now")
        }
        return signature
    }
}
