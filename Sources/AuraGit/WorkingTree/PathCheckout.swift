#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a checkout did, path by path.
public struct CheckoutResult: Equatable, Sendable {
    /// Paths now holding the target content (written, or deleted).
    public var written: [String] = []
    /// Paths someone wrote to between the check and the replace: their bytes are back in place,
    /// the target content was not written. The operation should report a conflict.
    public var raced: [String] = []
    /// The write that failed (a read-only directory, a full disk); later paths were not tried.
    public var failure: GitError?
    /// Bytes another process wrote into a file while it was being swapped out (it had the file
    /// open across the swap). They are in the object database; the caller commits them.
    public var displaced: [DisplacedWrite] = []
}

/// Bytes written by someone else into a file AURA had just taken out of the working tree.
public struct DisplacedWrite: Equatable, Sendable {
    public let path: String
    /// The bytes as a blob (already in the object database).
    public let blob: ObjectID
    public let bytes: [UInt8]
}

extension Repository {
    /// Writes `paths` of `tree` into the working tree (deleting those absent from `tree`),
    /// without touching the index.
    ///
    /// `baseline` is the tree believed to be on disk for those paths. Unless `force` is set,
    /// a path whose file matches neither `baseline` nor `tree` makes the call fail with
    /// `GitError.checkoutConflict` before anything is written: the user's edits are never
    /// overwritten silently. Paths already holding `tree`'s content are left alone, so an
    /// interrupted call can simply be repeated. See `checkoutReporting` for the guarantees of
    /// each write; a path lost to a concurrent writer or a failed write is thrown here.
    public func checkout(paths: [String], from tree: ObjectID, baseline: ObjectID, force: Bool = false) throws {
        let result = try checkoutReporting(paths: paths, from: tree, baseline: baseline, force: force)
        if let failure = result.failure { throw failure }
        if !result.raced.isEmpty { throw GitError.checkoutConflict(paths: result.raced) }
    }

    /// `checkout` that reports what it wrote instead of throwing once writing has begun, so a
    /// caller can roll back exactly those paths.
    ///
    /// Each file is replaced atomically (written to a temporary file, then swapped in), so a
    /// process killed mid-way leaves every file either old or new; libgit2's
    /// `git_checkout_tree` truncates and rewrites in place, which a SIGKILL turns into an
    /// empty file. Immediately before each swap the file is checked again (content against
    /// `baseline`, or one of the `alsoAccepting` trees — commits such as a snapshot that saved
    /// the user's edits — or anything with `force`), and a write into it during the swap hands
    /// it back (`CheckoutResult.raced`; retried up to three times while the content is still
    /// acceptable). Nothing is written through a symbolic link in any path component
    /// (`GitError.symlinkInPath`, before anything is written). Permission bits of a replaced
    /// file are kept (0600 stays 0600); the executable bit follows the tree. Each new file is
    /// hashed before it is swapped in and must be the recorded blob (`GitError.writeMismatch`).
    /// Filters from `.gitattributes` (eol, ident) are applied; binary content is written as is.
    public func checkoutReporting(
        paths: [String], from tree: ObjectID, baseline: ObjectID, alsoAccepting accepted: [ObjectID] = [], force: Bool = false
    ) throws -> CheckoutResult {
        var writes: [(path: String, target: TreeEntry?, base: TreeEntry?, accepted: [TreeEntry?])] = []
        var conflicts: [String] = []
        for path in paths.sorted() {
            try Self.validateRelativePath(path)
            if let link = linkedParent(of: path) { throw GitError.symlinkInPath(path: path, link: link) }
            if let filter = try externalFilter(for: path) { throw GitError.externalFilter(path: path, filter: filter) }
            let target = try entry(at: path, inTree: tree)
            let base = try entry(at: path, inTree: baseline)
            let alsoOK = try accepted.map { try entry(at: path, inTree: $0) }
            let onDisk = try settledWorkingTreeFile(at: path)
            if try workingTreeFile(onDisk, matches: target) { continue }
            if try !force && !workingTreeFile(onDisk, matches: base) && !alsoOK.contains(where: { try workingTreeFile(onDisk, matches: $0) }) {
                conflicts.append(path)
            }
            writes.append((path, target, base, alsoOK))
        }
        if !conflicts.isEmpty { throw GitError.checkoutConflict(paths: conflicts) }
        var result = CheckoutResult()
        if writes.isEmpty { return result }
        let scratch = try scratchDirectory()
        var asides: [AsideFile] = []
        writing: for write in writes {
            do {
                let accept: (TreeEntry?) throws -> Bool = { file in
                    try force || self.workingTreeFile(file, matches: write.base)
                        || write.accepted.contains(where: { try self.workingTreeFile(file, matches: $0) })
                }
                // Lost to a concurrent writer but the content is still acceptable (a `touch`,
                // an editor re-saving the same bytes): try again, a bounded number of times.
                var outcome = try replacePath(write.path, with: write.target, accept: accept, scratch: scratch, asides: &asides)
                for _ in 0..<3 where outcome == .raced {
                    guard let file = try? settledWorkingTreeFile(at: write.path), try accept(file) else { break }
                    outcome = try replacePath(write.path, with: write.target, accept: accept, scratch: scratch, asides: &asides)
                }
                switch outcome {
                case .replaced: result.written.append(write.path)
                case .raced: result.raced.append(write.path)
                }
            } catch let error as GitError {
                result.failure = error
                break writing
            }
        }
        result.displaced = release(asides)
        return result
    }

    /// Refuses paths that could escape the working tree or reach into `.git`.
    public static func validateRelativePath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            parts.first.map({ $0.lowercased() != ".git" }) ?? false
        else { throw GitError.unsafePath(path) }
    }
}
