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

    public init(limits: Limits = .verification, allowNetwork: Bool = false) {
        self.limits = limits
        self.allowNetwork = allowNetwork
    }
}

/// Verifies a project held in memory. Code runs sandboxed: databases in memory or a copy,
/// no network, writes in a scratch directory, and every run under a budget — a candidate
/// with an infinite loop fails verification instead of hanging the hook.
public enum Verifier {
    public static func verify(files: [String: [UInt8]], options: VerificationOptions = .init(),
                              known: ModuleResults? = nil) -> Verification {
        let limits = options.limits
        VerificationCounter.increment()
        let paths = files.keys.sorted()
        let checked = Compiler.check(paths: paths, loader: MemoryLoader(bytes: files))
        var result = Verification(
            diagnostics: checked.diagnostics.map { ($0, checked.sources[$0.span.file].path) }, sources: checked.sources)
        guard !checked.hasErrors else { return result }
        let compiled = BytecodeCompiler.compile(checked)
        let scratch = ScratchDirectory.create(prefix: "aura-verify")
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        let sandbox = Sandbox(isEnabled: true, scratchDirectory: scratch, allowNetwork: options.allowNetwork)
        // Modules whose content and imports are unchanged since they last passed keep their
        // results: a one-file change re-runs only what depends on it.
        let keys = ModuleResults.keys(checked)
        var skip = Set<String>()
        if let known {
            for (module, key) in keys where known.passed(module, key) {
                skip.insert(module)
                for title in known.titles(module, key) { result.passedTests.insert(TestName(module: module, title: title)); result.testsRun += 1 }
            }
        }
        let outcomes = ProgramRunner.runTests(compiled, modules: Set(keys.keys).subtracting(skip), makeEffects: { capture in
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
        result.moduleKeys = keys
        result.skippedModules = skip
        for (module, function) in compiled.mains where !skip.contains(module) {
            let vm = VirtualMachine(program: compiled, builtinTable: BuiltinRegistry.all,
                                    effects: EffectHost(output: { _ in }, sandbox: sandbox, randomSeed: 1), limits: limits)
            result.mainsRun += 1
            if case let .failure(error) = LargeStack.run({ Result { try vm.run(function: function) } }) {
                result.failedMains[module] = (error as? RuntimeError) ?? RuntimeError(.wrongDynKind, "\(error)")
            }
        }
        return result
    }
}
