#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `git` CLI for the few things best left to it (writing config, pushing).
enum GitProcess {
    /// Runs `git arguments...` in `directory` with inherited stdio; returns the exit status.
    static func run(_ arguments: [String], in directory: String) throws -> Int32 {
        var pid = pid_t()
        let argv = (["git", "-C", directory] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawnp(&pid, "git", nil, nil, argv, environ)
        guard status == 0 else { throw CommandFailureMessage("cannot run git: \(String(cString: strerror(status)))") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
        return (exit >> 8) & 0xFF
    }
}

/// An error whose description is the whole message, with the exit status it means
/// (`ExitStatus`; internal error unless said otherwise).
struct CommandFailureMessage: Error, CustomStringConvertible {
    let description: String
    let status: Int32
    init(_ description: String, status: Int32 = ExitStatus.internalError) {
        self.description = description
        self.status = status
    }
}
