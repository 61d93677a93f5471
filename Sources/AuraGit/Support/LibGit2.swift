#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGit2
import CGit2Certificates
import CGit2Checksums

/// Process-wide libgit2 setup and error capture.
public enum LibGit2 {
    /// A global `let` is initialised lazily and exactly once, even across threads,
    /// which is what `git_libgit2_init` needs (it is reference counted; we never shut down).
    ///
    /// The CA bundle libgit2 (mbedTLS build) parses at init is deferred: no AURA command lets
    /// libgit2 open a TLS connection, and parsing it cost ~4 ms on every command.
    private static let initialized: Bool = {
        aura_git_defer_certificates(1)
        git_libgit2_init()
        aura_git_defer_certificates(0)
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// The CA bundle libgit2 asked to load at init and was deferred, or nil (libgit2 built
    /// without a default bundle, or with another TLS backend, which loads lazily itself).
    public static var deferredCertificateFile: String? {
        ensureInitialized()
        return aura_git_deferred_certificate_file().map { String(cString: $0) }
    }

    /// Loads the deferred CA bundle into libgit2's TLS configuration, as init would have.
    /// Must run before anything lets libgit2 open an HTTPS connection: until then its chain is
    /// empty and every server certificate is refused.
    public static func loadDeferredCertificates() throws {
        guard let file = deferredCertificateFile else { return }
        try check(aura_git_opts_set_ssl_cert_locations(file, nil), "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)")
    }

    /// How many CA bundles this process has really parsed (through mbedTLS).
    public static var certificateParses: Int { Int(aura_git_certificate_parses()) }

    /// How many of libgit2's file checksums (the index's trailer above all) went through
    /// OpenSSL's SHA-1 in this process (see CGit2Checksums).
    public static var fastChecksums: Int { Int(aura_git_fast_checksums()) }

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
