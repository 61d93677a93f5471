#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GitError {
    /// The `errno` values that mean the operating system refused to store data: disk full, file
    /// too large (`RLIMIT_FSIZE`), quota, read-only filesystem, permissions, a device error.
    static let storageErrors: [Int32] = [ENOSPC, EFBIG, EDQUOT, EROFS, EACCES, EPERM, EIO]

    /// The `errno` when this error is the operating system refusing a write (see
    /// `storageErrors`), nil otherwise. libgit2 ends an OS error's message with `strerror`'s
    /// text, and so does AuraGit's own `posixError`; the errno itself is gone by the time
    /// libgit2 returns (its cleanup calls overwrite it), so the text is what is matched.
    ///
    /// When a libgit2 callback's failure hides the OS error ("index_apply_to_wd_diff callback
    /// returned -1": libgit2 drops the blob write's message), `errno` as it was right after the
    /// call is used, but only for the errors that cannot be left over from a harmless probe
    /// (disk full, file too large, quota, device error).
    public var storageErrno: Int32? {
        guard case .libgit2(let failure) = self else { return nil }
        if let named = Self.storageErrors.first(where: { failure.message.hasSuffix(String(cString: strerror($0))) }) { return named }
        if failure.message.contains("callback returned"), [ENOSPC, EFBIG, EDQUOT, EIO].contains(failure.osErrno) { return failure.osErrno }
        return nil
    }
}
