#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2

/// Process-wide libgit2 setup and error capture.
enum LibGit2 {
    /// A global `let` is initialised lazily and exactly once, even across threads,
    /// which is what `git_libgit2_init` needs (it is reference counted; we never shut down).
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Throws `GitError.libgit2` when `code` is negative. Must run right after the failing
    /// call: `git_error_last` is per thread and overwritten by the next failure.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
        if code < 0 {
            // Read first: building the operation's name may call into libc.
            let osErrno = errno
            throw failure(code, operation(), osErrno: osErrno)
        }
    }

    static func failure(_ code: Int32, _ operation: String, osErrno: Int32 = 0) -> GitError {
        var message = "unknown libgit2 error"
        var errorClass: Int32 = 0
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
            errorClass = last.pointee.klass
        }
        return .libgit2(LibGit2Failure(operation: operation, code: code, errorClass: errorClass, message: message, osErrno: osErrno))
    }
}

extension GitError {
    /// The libgit2 return code when this error came from libgit2.
    var libgit2Code: Int32? {
        if case .libgit2(let failure) = self { return failure.code }
        return nil
    }
}
