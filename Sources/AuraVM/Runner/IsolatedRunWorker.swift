#if canImport(Glibc)
import Glibc
#endif
import AuraDiagnostics
import AuraJSON
import AuraSema

/// The child side of an isolated verification (`aura verify-worker REQUEST`): limits itself,
/// leaves the network, compiles the copied project and runs the requested tests and `main`s
/// sandboxed, reporting each as a line on stdout as soon as it is known.
public enum IsolatedRunWorker {
    /// Exit status: 0 when the report is complete, 2 when the request or project was unusable.
    public static func serve(requestPath: String) -> Int32 {
        do {
            try run(IsolatedRunRequest(json: try read(requestPath)))
            return 0
        } catch {
            write("aura verify-worker: \(error)\n", to: 2)
            return 2
        }
    }

    static func run(_ request: IsolatedRunRequest) throws(IsolatedRunFailure) {
        // Limits first: from here on the worker runs code it does not trust.
        request.osLimits.apply()
        // A scratch database is reached over the network (often loopback, which a new network
        // namespace would hide), so the worker keeps the network then; `http.*` stays denied
        // by the sandbox unless allowNetwork is set.
        if !request.allowNetwork, request.databaseUrl == nil { _ = OSLimits.isolateNetwork() }
        let pack = try readBytes(request.project)
        guard request.lengths.count == request.paths.count, request.lengths.reduce(0, +) == pack.count else {
            throw IsolatedRunFailure("the project pack does not match its index")
        }
        var files: [String: [UInt8]] = [:]
        var offset = 0
        for (path, length) in zip(request.paths, request.lengths) {
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { throw IsolatedRunFailure("refused path \(path)") }
            files[path] = Array(pack[offset..<offset + length])
            offset += length
        }
        // Only the modules that run, and what they import: constants are computed on first use,
        // so the rest of the project cannot change a result (and the parent checked it all).
        let running = Set(request.testModules).union(request.mainModules)
        let checked = Compiler.check(paths: request.paths.filter(running.contains), loader: MemoryLoader(bytes: files))
        guard !checked.hasErrors else { throw IsolatedRunFailure("the project does not compile in the worker") }
        let compiled = BytecodeCompiler.compile(checked)
        // Reads are served from the copied snapshot in memory, never from the user's disk.
        let sandbox = Sandbox.confined(scratchDirectory: request.scratch, allowNetwork: request.allowNetwork, projectFiles: files,
                                       databaseUrl: request.databaseUrl)
        let sources = checked.sources
        _ = ProgramRunner.runTests(compiled, modules: Set(request.testModules), makeEffects: { capture in
            EffectHost(output: capture, sandbox: sandbox, randomSeed: 1)
        }, limits: request.limits, willRun: { test in
            emit(.start(module: test.module, title: test.title), sources)
        }, didRun: { outcome in
            emit(.test(module: outcome.module, title: outcome.title, error: outcome.error), sources)
        })
        let wanted = Set(request.mainModules)
        for (module, function) in compiled.mains where wanted.contains(module) {
            emit(.start(module: module, title: ""), sources)
            let vm = VirtualMachine(program: compiled, builtinTable: BuiltinRegistry.all,
                                    effects: EffectHost(output: { _ in }, sandbox: sandbox, randomSeed: 1), limits: request.limits)
            var failure: RuntimeError?
            if case let .failure(error) = LargeStack.run({ Result { try vm.run(function: function) } }) {
                failure = (error as? RuntimeError) ?? RuntimeError(.wrongDynKind, "\(error)")
            }
            emit(.main(module: module, error: failure), sources)
        }
        emit(.done, sources)
    }

    static func emit(_ event: IsolatedRunEvent, _ sources: SourceMap) { write(event.line(sources: sources), to: 1) }

    /// Unbuffered, so a line is out before the next test can crash the process.
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(written)
        }
    }

    static func read(_ path: String) throws(IsolatedRunFailure) -> JSON {
        do { return try JSONParser.parse(try readBytes(path)) } catch let failure as JSONParser.Failure {
            throw IsolatedRunFailure("unreadable request \(path): \(failure)")
        } catch { throw IsolatedRunFailure("\(error)") }
    }

    static func readBytes(_ path: String) throws(IsolatedRunFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw IsolatedRunFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue }; throw IsolatedRunFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
