import AuraDiagnostics
import AuraSema
import AuraVM
#if canImport(Glibc)
import Glibc
#endif

/// How verification runs repository code (`aura.verify.*`).
public struct VerificationOptions: Sendable {
    /// Budgets for every test and `main` run.
    public var limits: Limits
    /// `aura.verify.allowNetwork`: let verification make real HTTP calls.
    public var allowNetwork: Bool
    /// The `aura` executable that runs tests and `main`s in a child process under OS limits
    /// (`aura verify-worker`); nil runs them in this process, under the VM's budgets only.
    public var worker: String?
    /// `aura.verify.databaseUrl`: the scratch PostgreSQL database every `postgres://` connect
    /// opens during verification, inside a rolled-back transaction; nil refuses them (R0019).
    public var databaseUrl: String?

    public init(limits: Limits = .verification, allowNetwork: Bool = false, worker: String? = IsolatedRunClient.defaultWorker(),
                databaseUrl: String? = nil) {
        self.limits = limits
        self.allowNetwork = allowNetwork
        self.worker = worker
        self.databaseUrl = databaseUrl
    }
}

/// Verifies a project held in memory. Code runs sandboxed: databases in memory or a copy,
/// no network, writes in a scratch directory, and every run under a budget — a candidate
/// with an infinite loop fails verification instead of hanging the hook.
public enum Verifier {
    public static func verify(files: [String: [UInt8]], options: VerificationOptions = .init(),
                              known: (any KnownModuleResults)? = nil) -> Verification {
        let limits = options.limits
        VerificationCounter.increment()
        let paths = files.keys.sorted()
        let checked = Compiler.check(paths: paths, loader: MemoryLoader(bytes: files))
        var result = Verification(
            diagnostics: checked.diagnostics.map { ($0, checked.sources[$0.span.file].path) }, sources: checked.sources)
        guard !checked.hasErrors else { return result }
        let scratch = options.worker == nil ? ScratchDirectory.create(prefix: "aura-verify") : nil
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        let sandbox = Sandbox(isEnabled: true, scratchDirectory: scratch, allowNetwork: options.allowNetwork, projectFiles: files,
                              databaseUrl: options.databaseUrl)
        // Modules whose content and imports are unchanged since they last passed keep their
        // results: a one-file change re-runs only what depends on it.
        let keys = known?.keys(checked) ?? [:]
        var skip = Set<String>()
        if let known {
            // By index: a `CheckedModule` is ~20 references, and a copy per module retained and
            // released them all (a thousand modules per hook run).
            for index in checked.modules.indices {
                let module = checked.modules[index].path
                guard let key = keys[module], known.passed(module, key) else { continue }
                skip.insert(module)
                for test in checked.modules[index].tree.tests
                where result.passedTests.insert(TestName(module: module, title: test.title)).inserted {
                    result.testsRun += 1
                }
            }
        }
        result.moduleKeys = keys
        result.skippedModules = skip
        if let worker = options.worker {
            // The worker compiles what it runs; bytecode here would only list the tests.
            runIsolated(checked, skip: skip, files: files, worker: worker, options: options, into: &result)
        } else {
            runInProcess(BytecodeCompiler.compile(checked), skip: skip, sandbox: sandbox, limits: limits, into: &result)
        }
        return result
    }

    /// Tests and `main`s in a worker process under OS limits: nothing repository code does can
    /// crash, hang or exhaust this process.
    static func runIsolated(_ checked: CheckedProgram, skip: Set<String>, files: [String: [UInt8]], worker: String,
                            options: VerificationOptions, into result: inout Verification) {
        // The tests and `main`s in the order the compiler would list them: module by module,
        // tests in declaration order.
        var tests: [(module: String, title: String, span: Span)] = []
        var mains: [String] = []
        let mainSymbol = checked.interner.lookup("main")
        for index in checked.modules.indices where !skip.contains(checked.modules[index].path) {
            let path = checked.modules[index].path
            let tree = checked.modules[index].tree
            if tree.constants.contains(where: { $0.name == mainSymbol }) { mains.append(path) }
            for test in tree.tests { tests.append((path, test.title, test.titleSpan)) }
        }
        let spans = Dictionary(tests.map { (TestName(module: $0.module, title: $0.title), $0.span) }, uniquingKeysWith: { first, _ in first })
        let run = IsolatedRunClient.run(worker: worker, files: files, tests: tests.map { ($0.module, $0.title) }, mainModules: mains,
                                        limits: options.limits, allowNetwork: options.allowNetwork, databaseUrl: options.databaseUrl,
                                        sources: checked.sources)
        for (module, title, error) in run.tests {
            let name = TestName(module: module, title: title)
            result.testsRun += 1
            if let error, let span = spans[name] {
                result.failedTests[name] = error
                result.failedTestSpans[name] = span
            } else if error == nil {
                result.passedTests.insert(name)
            }
        }
        for (module, error) in run.mains {
            result.mainsRun += 1
            if let error { result.failedMains[module] = error }
        }
    }

    /// Tests and `main`s in this process, under the VM's budgets.
    static func runInProcess(_ compiled: CompiledProgram, skip: Set<String>, sandbox: Sandbox, limits: Limits, into result: inout Verification) {
        let modules = Set(compiled.tests.map(\.module)).union(compiled.mains.map(\.module)).subtracting(skip)
        let outcomes = ProgramRunner.runTests(compiled, modules: modules, makeEffects: { capture in
            EffectHost(output: capture, sandbox: sandbox, randomSeed: 1)
        }, limits: limits)
        result.testsRun += outcomes.count
        for outcome in outcomes {
            let key = TestName(module: outcome.module, title: outcome.title)
            if let error = outcome.error {
                result.failedTests[key] = error
                result.failedTestSpans[key] = outcome.span
            } else {
                result.passedTests.insert(key)
            }
        }
        for (module, function) in compiled.mains where !skip.contains(module) {
            let vm = VirtualMachine(program: compiled, builtinTable: BuiltinRegistry.all,
                                    effects: EffectHost(output: { _ in }, sandbox: sandbox, randomSeed: 1), limits: limits)
            result.mainsRun += 1
            if case let .failure(error) = LargeStack.run({ Result { try vm.run(function: function) } }) {
                result.failedMains[module] = (error as? RuntimeError) ?? RuntimeError(.wrongDynKind, "\(error)")
            }
        }
    }
}
