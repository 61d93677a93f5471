#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `git` CLI for the few things best left to it (writing config, pushing,
/// fetching): the user's credential helpers, SSH setup and hooks apply as for any git command.
enum GitProcess {
    /// Runs `git arguments...` in `directory` with inherited stdio; returns the exit status.
    static func run(_ arguments: [String], in directory: String) throws -> Int32 {
        try spawn(arguments, in: directory, stderrPath: nil)
    }

    /// Runs `git arguments...` with standard error also kept (to tell why a push was refused);
    /// what git wrote there is passed on to this process's standard error as well.
    static func runKeepingErrors(_ arguments: [String], in directory: String) throws -> (status: Int32, errors: String) {
        var template = Array("/tmp/aura-git-stderr-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw CommandFailureMessage("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        close(descriptor)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let status = try spawn(arguments, in: directory, stderrPath: path)
        let errors = (try? readFile(path)) ?? ""
        if !errors.isEmpty { _ = errors.withCString { write(2, $0, strlen($0)) } }
        return (status, errors)
    }

    private static func spawn(_ arguments: [String], in directory: String, stderrPath: String?) throws -> Int32 {
        var pid = pid_t()
        let argv = (["git", "-C", directory] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stderrPath { posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_TRUNC, 0o600) }
        let status = posix_spawnp(&pid, "git", &actions, nil, argv, environ)
        guard status == 0 else { throw CommandFailureMessage("cannot run git: \(String(cString: strerror(status)))") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
        return (exit >> 8) & 0xFF
    }

    private static func readFile(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
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
