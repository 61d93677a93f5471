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

/// One entry of a reference's log, newest first when read.
public struct ReflogEntry: Equatable, Sendable {
    public let old: ObjectID?
    public let new: ObjectID?
    public let message: String
}

extension Repository {
    /// The commit a direct reference points at, or nil when it does not exist.
    public func reference(_ name: String) throws -> ObjectID? {
        var id = git_oid()
        let code = git_reference_name_to_id(&id, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "git_reference_name_to_id(\(name))")
        return ObjectID(id)
    }

    /// Compare-and-swap: points `name` at `new` (nil deletes it) only if it currently points at
    /// `expected` (nil: must not exist), writing `message` to its reflog. Reflogs are forced on
    /// (`git_reference_ensure_log`) because libgit2 only logs refs/heads and friends by default.
    ///
    /// A held lock (`GIT_ELOCKED`: `<ref>.lock` or `packed-refs.lock`) is waited for with
    /// jitter for at most `timeout` seconds, then `GitError.referenceLocked` names the lock
    /// file. A lock is never removed unless AURA itself provably created it: each update first
    /// writes an intent file (`<common dir>/aura/intent/<ref>`, pid and time) and removes it
    /// afterwards, so a lock made within seconds of the intent of a process that is now dead is
    /// that process's leftover (SIGKILL mid-update). Any other lock may belong to a live
    /// `git update-ref`, and deleting it would make git fail with a wrong reflog entry. A lost
    /// race (the ref moved, `GIT_EMODIFIED`) throws `GitError.referenceMoved`.
    public func updateReference(
        _ name: String, to new: ObjectID?, expecting expected: ObjectID?, message: String,
        timeout: Double = Repository.lockTimeout
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let intent = UpdateIntent(repository: self, reference: name)
        var earlier = intent.previous()
        while true {
            do {
                try intent.record()
                try updateReferenceOnce(name, to: new, expecting: expected, message: message)
                intent.clear()
                return
            } catch let error as GitError where error.libgit2Code == GIT_ELOCKED.rawValue {
                if intent.removeLeftoverLocks(of: earlier) {
                    earlier = nil
                    continue
                }
                guard Date() < deadline else {
                    intent.clear()
                    throw GitError.referenceLocked(name: name, lockFile: heldLock(for: name))
                }
                usleep(UInt32.random(in: 2_000...20_000))
            } catch {
                intent.clear()
                throw error
            }
        }
    }

    /// Seconds a ref update waits for a lock held by someone else: `AURA_LOCK_TIMEOUT`, else 5.
    public static var lockTimeout: Double {
        getenv("AURA_LOCK_TIMEOUT").flatMap { Double(String(cString: $0)) } ?? 5
    }

    /// The lock file that blocks an update of `name`: its own `.lock`, else `packed-refs.lock`.
    func heldLock(for name: String) -> String {
        let own = commonDirectory + name + ".lock"
        let packed = commonDirectory + "packed-refs.lock"
        return access(own, F_OK) != 0 && access(packed, F_OK) == 0 ? packed : own
    }

    private func updateReferenceOnce(_ name: String, to new: ObjectID?, expecting expected: ObjectID?, message: String) throws {
        let actual = try reference(name)
        guard actual == expected else { throw GitError.referenceMoved(name: name, expected: expected, actual: actual) }
        try LibGit2.check(git_reference_ensure_log(pointer, name), "git_reference_ensure_log(\(name))")
        guard let new else {
            guard expected != nil else { return }
            var ref: OpaquePointer?
            try LibGit2.check(git_reference_lookup(&ref, pointer, name), "git_reference_lookup(\(name))")
            defer { git_reference_free(ref) }
            // git_reference_delete compares against the value read by the lookup: still a CAS.
            let code = git_reference_delete(ref)
            if code == GIT_EMODIFIED.rawValue {
                throw GitError.referenceMoved(name: name, expected: expected, actual: try reference(name))
            }
            try LibGit2.check(code, "git_reference_delete(\(name))")
            return
        }
        var newOID = new.oid
        var expectedOID = (expected ?? ObjectID.zero).oid
        var ref: OpaquePointer?
        let code = git_reference_create_matching(&ref, pointer, name, &newOID, 1, &expectedOID, message)
        git_reference_free(ref)
        if code == GIT_EMODIFIED.rawValue {
            throw GitError.referenceMoved(name: name, expected: expected, actual: try reference(name))
        }
        try LibGit2.check(code, "git_reference_create_matching(\(name))")
    }

    /// The reflog of `name`, newest entry first (empty when there is none).
    public func reflog(_ name: String) throws -> [ReflogEntry] {
        var log: OpaquePointer?
        try LibGit2.check(git_reflog_read(&log, pointer, name), "git_reflog_read(\(name))")
        defer { git_reflog_free(log) }
        return (0..<git_reflog_entrycount(log)).compactMap { index in
            guard let entry = git_reflog_entry_byindex(log, index) else { return nil }
            let old = ObjectID(git_reflog_entry_id_old(entry))
            let new = ObjectID(git_reflog_entry_id_new(entry))
            let message = git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""
            return ReflogEntry(old: old == .zero ? nil : old, new: new == .zero ? nil : new, message: message)
        }
    }
}
