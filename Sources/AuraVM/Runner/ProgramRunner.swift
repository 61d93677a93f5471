import AuraDiagnostics
import AuraSema

/// The result of one test block.
public struct TestOutcome: Sendable {
    public let title: String
    public let module: String
    public let span: Span
    public let error: RuntimeError?
    /// What the test printed.
    public let output: String
    public let seconds: Double
    public var passed: Bool { error == nil }
}

/// High-level entry points shared by `aura run`, `aura test` and the healer's verification.
public enum ProgramRunner {
    /// Runs `main`. Output goes to `effects.output`. With `recovery`, runtime errors are offered
    /// to it and the program resumes on fixed code (`git aura run`).
    public static func runMain(_ program: CompiledProgram, builtins: [String: BuiltinImplementation] = BuiltinRegistry.all,
                               effects: EffectHost, limits: Limits = .standard, recovery: RuntimeRecovery? = nil) -> Result<Value, RuntimeError> {
        let vm = VirtualMachine(program: program, builtinTable: builtins, effects: effects, limits: limits, recovery: recovery)
        do { return .success(try LargeStack.run { try vm.runMain() }.get()) } catch let error as RuntimeError {
            return .failure(error)
        } catch {
            return .failure(RuntimeError(.wrongDynKind, "\(error)"))
        }
    }

    /// Runs test blocks, each in a fresh VM with its own output buffer and budget.
    public static func runTests(_ program: CompiledProgram, filter: String? = nil, modules: Set<String>? = nil,
                                builtins: [String: BuiltinImplementation] = BuiltinRegistry.all,
                                makeEffects: (_ capture: @escaping (String) -> Void) -> EffectHost,
                                limits: Limits = .verification,
                                willRun: ((CompiledTest) -> Void)? = nil, didRun: ((TestOutcome) -> Void)? = nil) -> [TestOutcome] {
        // One big-stack thread for all the tests (each `LargeStack.run` inside runs inline).
        withoutActuallyEscaping(makeEffects) { makeEffects in
            LargeStack.run {
                runTestsOnThisThread(program, filter: filter, modules: modules, builtins: builtins, makeEffects: makeEffects,
                                     limits: limits, willRun: willRun, didRun: didRun)
            }
        }
    }

    private static func runTestsOnThisThread(_ program: CompiledProgram, filter: String?, modules: Set<String>?,
                                             builtins: [String: BuiltinImplementation],
                                             makeEffects: (_ capture: @escaping (String) -> Void) -> EffectHost, limits: Limits,
                                             willRun: ((CompiledTest) -> Void)?, didRun: ((TestOutcome) -> Void)?) -> [TestOutcome] {
        var outcomes: [TestOutcome] = []
        for test in program.tests where (filter.map { test.title.contains($0) } ?? true) && (modules?.contains(test.module) ?? true) {
            willRun?(test)
            let buffer = OutputBuffer()
            let effects = makeEffects { buffer.text += $0 }
            let vm = VirtualMachine(program: program, builtinTable: builtins, effects: effects, limits: limits)
            let start = VirtualMachine.now()
            var failure: RuntimeError? = nil
            do {
                _ = try LargeStack.run { try vm.run(function: test.function) }.get()
            } catch let error as RuntimeError {
                failure = error
            } catch {
                failure = RuntimeError(.testRuntimeError, "\(error)")
            }
            let outcome = TestOutcome(title: test.title, module: test.module, span: test.span, error: failure,
                                      output: buffer.text, seconds: VirtualMachine.now() - start)
            didRun?(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }
}

/// Collects a test's output.
final class OutputBuffer: @unchecked Sendable {
    var text = ""
}

extension LargeStack {
    /// Runs throwing work on the big-stack thread, returning its result.
    static func run<T>(_ work: @escaping () throws -> T) -> Result<T, Error> {
        run { Result { try work() } }
    }
}
