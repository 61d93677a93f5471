import AuraDiagnostics
import AuraSema
import AuraVM
#if canImport(Glibc)
import Glibc
#endif

/// What checking, testing and running a project in memory found.
public struct Verification: Sendable {
    /// Compile-time diagnostics with the path of their file.
    public var diagnostics: [(diagnostic: Diagnostic, path: String)]
    public var sources: SourceMap
    public var testsRun = 0
    public var passedTests: Set<String> = []
    public var failedTests: [String: RuntimeError] = [:]
    /// Where each failing test's title is, by the same key as `failedTests`.
    public var failedTestSpans: [String: Span] = [:]
    /// `main`s that failed in the smoke run, by module.
    public var failedMains: [String: RuntimeError] = [:]
    public var mainsRun = 0
    /// Content key of each module (its bytes and, transitively, its imports').
    public var moduleKeys: [String: String] = [:]
    /// Modules whose earlier results were reused.
    public var skippedModules: Set<String> = []

    public var hasCompileErrors: Bool { diagnostics.contains { $0.diagnostic.severity == .error } }

    /// A stable key per problem, to compare two verifications (spans move when code changes).
    public static func key(_ diagnostic: Diagnostic, path: String) -> String {
        "\(diagnostic.code) \(path): \(diagnostic.message)"
    }

    public var problems: Set<String> { Set(problemCounts.keys) }

    /// Problems with multiplicity: the same typo twice is two problems, and fixing one is progress.
    public var problemCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for (diagnostic, path) in diagnostics { counts[Verification.key(diagnostic, path: path), default: 0] += 1 }
        for title in failedTests.keys { counts["test \(title)", default: 0] += 1 }
        for module in failedMains.keys { counts["main \(module)", default: 0] += 1 }
        return counts
    }

    /// `parse ✓ types ✓ tests 12/12 ✓ vm ✓`
    public var summary: String {
        let parse = !diagnostics.contains { $0.diagnostic.code.rawValue.hasPrefix("E01") }
        let types = !hasCompileErrors
        var parts = ["parse \(parse ? "✓" : "✗")", "types \(types ? "✓" : "✗")"]
        if types {
            parts.append("tests \(passedTests.count)/\(testsRun) \(failedTests.isEmpty ? "✓" : "✗")")
            parts.append("vm \(failedMains.isEmpty ? "✓" : "✗")")
        }
        return parts.joined(separator: " ")
    }

    /// The trailer form: `parse,types,tests=12/12,vm`.
    public var trailer: String {
        var parts: [String] = []
        if !diagnostics.contains(where: { $0.diagnostic.code.rawValue.hasPrefix("E01") }) { parts.append("parse") }
        if !hasCompileErrors {
            parts.append("types")
            parts.append("tests=\(passedTests.count)/\(testsRun)")
            if failedMains.isEmpty { parts.append("vm") }
        }
        return parts.joined(separator: ",")
    }
}

/// Verifies a project held in memory. Code runs sandboxed: databases in memory or a copy,
/// no network, writes in a scratch directory, and every run under a budget — a candidate
/// with an infinite loop fails verification instead of hanging the hook.
public enum Verifier {
    public static func verify(files: [String: [UInt8]], limits: Limits = .verification, allowNetwork: Bool = false,
                              known: ModuleResults? = nil) -> Verification {
        VerificationCounter.increment()
        let paths = files.keys.sorted()
        let checked = Compiler.check(paths: paths, loader: MemoryLoader(bytes: files))
        var result = Verification(
            diagnostics: checked.diagnostics.map { ($0, checked.sources[$0.span.file].path) }, sources: checked.sources)
        guard !checked.hasErrors else { return result }
        let compiled = BytecodeCompiler.compile(checked)
        let scratch = ScratchDirectory.create(prefix: "aura-verify")
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        let sandbox = Sandbox(isEnabled: true, scratchDirectory: scratch, allowNetwork: allowNetwork)
        // Modules whose content and imports are unchanged since they last passed keep their
        // results: a one-file change re-runs only what depends on it.
        let keys = ModuleResults.keys(checked)
        var skip = Set<String>()
        if let known {
            for (module, key) in keys where known.passed(module, key) {
                skip.insert(module)
                for title in known.titles(module, key) { result.passedTests.insert("\(module): \(title)"); result.testsRun += 1 }
            }
        }
        let outcomes = ProgramRunner.runTests(compiled, modules: Set(keys.keys).subtracting(skip), makeEffects: { capture in
            EffectHost(output: capture, sandbox: sandbox, randomSeed: 1)
        }, limits: limits)
        result.testsRun += outcomes.count
        for outcome in outcomes {
            let key = "\(outcome.module): \(outcome.title)"
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
