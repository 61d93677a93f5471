#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Effectful builtins: `print! now! random! read_file! write_file! env! args!`. Everything goes
/// through the `EffectHost`, so `aura test --sandbox` and the healer can capture output, pin
/// `random!` to a seed and confine writes. Files use POSIX calls, not Foundation, to keep the
/// `aura` binary's startup fast.
enum EffectBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "print!": print,
        "now!": now,
        "random!": random,
        "read_file!": readFile,
        "write_file!": writeFile,
        "env!": env,
        "args!": arguments,
    ]

    /// The display form and a newline, in one call to the output sink.
    static func print(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("print!", 1...1)
        var line = args[0].display
        line += "\n"
        context.effects.output(line)
        return .unit
    }

    /// Seconds since the Unix epoch, with sub-microsecond resolution.
    static func now(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("now!", 0...0)
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return .float(Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }

    /// Uniform in [0, 1). With `EffectHost.randomSeed` set, the sequence is a deterministic
    /// SplitMix64 stream per host, so a verification run is reproducible.
    static func random(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("random!", 0...0)
        let bits: UInt64
        if let seed = context.effects.randomSeed {
            bits = RandomStreams.shared.next(for: context.effects, seed: seed)
        } else {
            var generator = SystemRandomNumberGenerator()
            bits = generator.next()
        }
        // The top 53 bits fill a double's mantissa exactly: the result is never 1.0.
        return .float(Double(bits >> 11) * 0x1.0p-53)
    }

    /// The whole file as a string (invalid UTF-8 is repaired with U+FFFD). In a sandbox, reads
    /// are confined by `SandboxPaths.read`: a relative path is looked up in the scratch
    /// directory first (a program reads back what it wrote), then in the project.
    static func readFile(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("read_file!", 1...1)
        var path = try args.string(0, "read_file!")
        try checkNoNUL(path, "read_file!")
        let sandbox = context.effects.sandbox
        if sandbox.isEnabled {
            switch try SandboxPaths.read(path, in: sandbox, builtin: "read_file!") {
            case let .snapshot(bytes): return .string(String(decoding: bytes, as: UTF8.self))
            case let .file(real): path = real
            }
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fileError("cannot open", path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw fileError("cannot read", path)
            }
            // `/dev/zero` or a huge file must hit the memory budget, not the allocator.
            try context.chargeMemory(count)
            bytes.append(contentsOf: chunk[0..<count])
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// Replaces the file's content (creating it with mode 0644). In a sandbox the path must
    /// lie in the scratch directory (`SandboxPaths.write`, R0017 otherwise).
    static func writeFile(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("write_file!", 2...2)
        var path = try args.string(0, "write_file!")
        let text = try args.string(1, "write_file!")
        try checkNoNUL(path, "write_file!")
        var flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        let sandbox = context.effects.sandbox
        if sandbox.isEnabled {
            path = try SandboxPaths.write(path, in: sandbox, builtin: "write_file!")
            // A symlink planted in the scratch directory must not lead the write outside it.
            flags |= O_NOFOLLOW
        }
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw fileError("cannot open for writing", path) }
        defer { close(descriptor) }
        var content = text
        try content.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw fileError("cannot write", path)
                }
                offset += written
            }
        }
        return .unit
    }

    /// `none` when the variable is unset.
    static func env(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("env!", 1...1)
        return context.effects.environment[try args.string(0, "env!")].map(Value.string) ?? .none
    }

    /// The program's command-line arguments (after `--`).
    static func arguments(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("args!", 0...0)
        return .list(context.effects.arguments.map(Value.string))
    }

    private static func checkNoNUL(_ path: String, _ builtin: StaticString) throws {
        if path.utf8.contains(0) { throw RuntimeError(.fileError, "\(builtin): a path cannot contain a NUL character") }
    }

    private static func fileError(_ what: String, _ path: String) -> RuntimeError {
        let reason = String(cString: strerror(errno))
        return RuntimeError(.fileError, "\(what) \(path): \(reason)")
    }
}

/// Deterministic SplitMix64 streams for `random!`, one per seeded `EffectHost`. The host class
/// cannot hold the state itself, so it lives here, keyed by host identity; a weak reference
/// tells a live host from a new one that reuses a freed host's address.
final class RandomStreams: @unchecked Sendable {
    static let shared = RandomStreams()

    private struct Stream {
        weak var host: EffectHost?
        var seed: UInt64
        var state: UInt64
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var streams: [ObjectIdentifier: Stream] = [:]

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// The next 64 random bits of `host`'s stream; the stream restarts when the seed changes.
    func next(for host: EffectHost, seed: UInt64) -> UInt64 {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let id = ObjectIdentifier(host)
        var stream: Stream
        if let existing = streams[id], existing.host === host, existing.seed == seed {
            stream = existing
        } else {
            if streams.count >= 64 { streams = streams.filter { $0.value.host != nil } }
            stream = Stream(host: host, seed: seed, state: seed)
        }
        stream.state &+= 0x9E37_79B9_7F4A_7C15
        streams[id] = stream
        var z = stream.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
