#if canImport(Glibc)
import Glibc
#endif
import AuraDiagnostics
import AuraJSON

/// The parent side of an isolated verification: packs the project into a private scratch
/// directory, runs `aura verify-worker` on it under OS limits, and turns the worker's report —
/// or its death — into test and `main` results. Whatever repository code does (allocate without
/// end, crash a builtin, spin), the caller gets results, never a crash or a hang.
public enum IsolatedRunClient {
    /// What ran: every requested test and `main`, with its error (nil = passed).
    public struct Result: Sendable {
        public var tests: [(module: String, title: String, error: RuntimeError?)] = []
        public var mains: [(module: String, error: RuntimeError?)] = []
    }

    /// The worker executable: `AURA_VERIFY_WORKER`, else the `aura` next to the running binary
    /// (`git-aura` and `aura` are installed together), else nil (verification then runs in process).
    public static func defaultWorker() -> String? {
        if let configured = getenv("AURA_VERIFY_WORKER").map({ String(cString: $0) }), !configured.isEmpty {
            return access(configured, X_OK) == 0 ? configured : nil
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let executable = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        let sibling = String(executable[..<slash]) + "/aura"
        return access(sibling, X_OK) == 0 ? sibling : nil
    }

    /// Runs `tests` (module, title) and the `main`s of `mainModules` of the project `files` in a
    /// worker. `sources` are the parent's own (spans in the report are re-anchored to them).
    public static func run(worker: String, files: [String: [UInt8]], tests: [(module: String, title: String)], mainModules: [String],
                           limits: Limits, allowNetwork: Bool, databaseUrl: String? = nil, sources: SourceMap,
                           osLimits: OSLimits? = nil) -> Result {
        // Nothing to run (every module kept its earlier results): no worker to start.
        guard !tests.isEmpty || !mainModules.isEmpty else { return Result() }
        guard let scratch = ScratchDirectory.create(prefix: "aura-verify") else {
            return failedAll(tests, mainModules, RuntimeError(.sandboxDenied, "verification could not create a scratch directory"))
        }
        defer { ScratchDirectory.remove(scratch) }
        let project = scratch + "/project.pack", work = scratch + "/work"
        mkdir(work, 0o700)
        let paths = files.keys.sorted()
        var pack: [UInt8] = []
        pack.reserveCapacity(files.values.reduce(0) { $0 + $1.count })
        for path in paths { pack += files[path]! }
        guard writeFile(project, pack) else {
            return failedAll(tests, mainModules, RuntimeError(.sandboxDenied, "verification could not copy the project to its scratch directory"))
        }
        let runs = tests.count + mainModules.count
        let perRun = limits.timeLimit.isFinite ? limits.timeLimit : 60
        let budget = Int(min(perRun * Double(runs) + 10, 3600))
        let request = IsolatedRunRequest(project: project, lengths: paths.map { files[$0]!.count }, scratch: work, paths: paths,
                                         testModules: Array(Set(tests.map(\.module))).sorted(), mainModules: mainModules,
                                         limits: limits, allowNetwork: allowNetwork, databaseUrl: databaseUrl,
                                         osLimits: osLimits ?? OSLimits(addressSpaceBytes: addressSpace(for: limits), cpuSeconds: budget))
        let requestPath = scratch + "/request.json"
        guard writeFile(requestPath, Array(request.json.serialized.utf8)) else {
            return failedAll(tests, mainModules, RuntimeError(.sandboxDenied, "verification could not write its request"))
        }
        let finished = WorkerProcess.run(worker, ["verify-worker", requestPath], deadline: Double(budget) + 5)
        return interpret(finished, tests: tests, mainModules: mainModules, sources: sources)
    }

    /// The report, with a failure for the test or `main` that was running when the worker died
    /// and for everything it never reached.
    static func interpret(_ finished: WorkerProcess.Finished, tests: [(module: String, title: String)], mainModules: [String],
                          sources: SourceMap) -> Result {
        var result = Result()
        var running: (module: String, title: String)?
        var complete = false
        for line in finished.stdout.split(separator: "\n") {
            guard let event = try? IsolatedRunEvent(line: String(line), sources: sources) else { continue }
            switch event {
            case let .start(module, title): running = (module, title)
            case let .test(module, title, error): result.tests.append((module, title, error)); running = nil
            case let .main(module, error): result.mains.append((module, error)); running = nil
            case .done: complete = true
            }
        }
        if complete && finished.status == .exited(0) { return result }
        let cause = deathCause(finished)
        var reached = Set(result.tests.map { "\($0.module)\u{0}\($0.title)" })
        if let running {
            if running.title.isEmpty { result.mains.append((running.module, cause)) } else { result.tests.append((running.module, running.title, cause)) }
            reached.insert("\(running.module)\u{0}\(running.title)")
        }
        var notRun = cause
        notRun.message = "not run: the verification worker stopped before it (\(cause.message))"
        notRun.span = nil
        for test in tests where !reached.contains("\(test.module)\u{0}\(test.title)") { result.tests.append((test.module, test.title, notRun)) }
        let mainsDone = Set(result.mains.map(\.module))
        for module in mainModules where !mainsDone.contains(module) { result.mains.append((module, notRun)) }
        return result
    }

    /// The worker's address-space limit: the VM's memory budget plus room for what the runtime
    /// reserves without using (the 512 MiB big-stack thread, thread arenas, the binary).
    static func addressSpace(for limits: Limits) -> Int {
        min(limits.maxMemoryBytes, 1 << 40) + (3 << 29)
    }

    /// What ended the worker early, as the runtime error of the run it was in.
    static func deathCause(_ finished: WorkerProcess.Finished) -> RuntimeError {
        let detail = UntrustedText.clean(finished.stderr.split(separator: "\n").last.map(String.init) ?? "", limit: 300)
        switch finished.status {
        case .timedOut:
            return RuntimeError(.timeLimit, "the verification worker exceeded its time budget and was stopped")
        case let .signaled(signal) where signal == SIGXCPU || signal == SIGKILL:
            return RuntimeError(.timeLimit, "the verification worker used up its CPU time (signal \(signal))")
        case let .signaled(signal):
            return RuntimeError(.memoryLimit, "the verification worker was stopped by signal \(signal) (out of memory or a crash)",
                                help: ["the operating system's limits contain what the VM's budgets did not"])
        case let .exited(code):
            return RuntimeError(.testRuntimeError, "the verification worker exited with status \(code)\(detail.isEmpty ? "" : ": \(detail)")")
        case let .failedToStart(reason):
            return RuntimeError(.sandboxDenied, "the verification worker could not start: \(reason)")
        }
    }

    static func failedAll(_ tests: [(module: String, title: String)], _ mains: [String], _ error: RuntimeError) -> Result {
        Result(tests: tests.map { ($0.module, $0.title, error) }, mains: mains.map { ($0, error) })
    }

    /// Creates parent directories as needed; never follows a symlink (the directory is fresh).
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        for index in path.indices.dropFirst() where path[index] == "/" { mkdir(String(path[..<index]), 0o700) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; return false }
            offset += written
        }
        return true
    }
}
