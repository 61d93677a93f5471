#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper executable with no stdin, collects its stdout and stderr, and kills it at a
/// wall-clock deadline. posix_spawn, not Foundation's Process: the language targets stay
/// Foundation-free, and the child gets only the environment it needs (PATH), so repository code
/// in it never sees the user's API keys.
enum WorkerProcess {
    enum Status: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
        case failedToStart(String)
    }

    struct Finished {
        var status: Status
        var stdout: String
        var stderr: String
    }

    /// Output kept per stream; a worker that writes more is still read (and the rest dropped).
    static let maxOutput = 16 << 20

    static func run(_ executable: String, _ arguments: [String], deadline seconds: Double) -> Finished {
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        guard pipe(&out) == 0, pipe(&err) == 0 else { return Finished(status: .failedToStart("pipe: \(String(cString: strerror(errno)))"), stdout: "", stderr: "") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in [out[0], out[1], err[0], err[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        let environment: [String] = ["PATH=" + path, "LC_ALL=C"]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0])
            close(err[0])
            return Finished(status: .failedToStart("\(executable): \(String(cString: strerror(spawned)))"), stdout: "", stderr: "")
        }
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        let timedOut = drain(out[0], err[0], into: &stdout, &stderr, until: now() + seconds)
        if timedOut { kill(pid, SIGKILL) }
        close(out[0])
        close(err[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let result: Status
        if timedOut {
            result = .timedOut
        } else if status & 0x7F == 0 {
            result = .exited((status >> 8) & 0xFF)
        } else {
            result = .signaled(status & 0x7F)
        }
        return Finished(status: result, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads both pipes until both close; true when the deadline came first.
    private static func drain(_ a: Int32, _ b: Int32, into first: inout [UInt8], _ second: inout [UInt8], until deadline: Double) -> Bool {
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        var open = 2
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while open > 0 {
            let remaining = deadline - now()
            if remaining <= 0 { return true }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1) * 1000))
            if ready < 0 { if errno == EINTR { continue }; return false }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    fds[index].fd = -1
                    open -= 1
                } else if index == 0 {
                    if first.count < maxOutput { first += chunk[0..<count] }
                } else if second.count < maxOutput {
                    second += chunk[0..<count]
                }
            }
        }
        return false
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
