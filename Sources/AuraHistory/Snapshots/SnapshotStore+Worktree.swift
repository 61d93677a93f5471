#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
// FoundationEssentials, not Foundation: the full module loads ICU, ~5 ms of startup per command.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Worktree identity: linked worktrees share `refs/`, and their AURA history lives under
/// `refs/aura/wt/<name>/`. A worktree removed and added again under the same name must not
/// inherit the old one's heal history, so each linked worktree gets a random id in
/// `<its git dir>/aura/worktree-id` (git deletes that directory with the worktree), and every
/// entry it writes carries it in an `Aura-Worktree` trailer.
extension SnapshotStore {
    /// This linked worktree's id, created on first use; nil in the main worktree.
    func worktreeID() throws -> String? {
        guard repository.worktreeName != nil else { return nil }
        return try PersistentID.read(orCreateAt: repository.gitDirectory + "aura/worktree-id", seed: repository.gitDirectory)
    }

    /// The trailer to add to a new entry (none in the main worktree).
    func worktreeTrailers() throws -> [Trailer] {
        try worktreeID().map { [Trailer(AuraTrailer.worktree, $0)] } ?? []
    }

    /// When the history under this worktree's namespace was written by an earlier worktree of
    /// the same name, moves it to `refs/aura/wt-retired/<name>-<tip>/` (nothing is deleted) so
    /// this worktree starts fresh. Callers hold `UpdateLock`; returns whether it retired one.
    @discardableResult
    func retireInheritedHistory() throws -> Bool {
        guard let name = repository.worktreeName, let tip = try repository.reference(refs.heal) else { return false }
        let hadID = FileManager.default.fileExists(atPath: repository.gitDirectory + "aura/worktree-id")
        guard let recorded = (try? entry(tip))?.trailers.value(AuraTrailer.worktree) else {
            _ = try worktreeID()   // an older history without ids: adopt it
            return false
        }
        if hadID, try recorded == worktreeID() { return false }
        let archive = "refs/aura/wt-retired/\(name)-\(tip.short)/"
        for ref in [refs.heal, refs.redo] {
            guard let target = try repository.reference(ref) else { continue }
            let retired = archive + String(ref.split(separator: "/").last!)
            try repository.updateReference(retired, to: target, expecting: nil, message: "aura: retire history of a removed worktree")
            try repository.updateReference(ref, to: nil, expecting: target, message: "aura: retired to \(retired)")
        }
        _ = try worktreeID()
        return true
    }
}
