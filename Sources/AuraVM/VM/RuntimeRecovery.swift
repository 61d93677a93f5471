import AuraDiagnostics

/// A runtime error as a recovery hook sees it: the error (with its span and trace), the failing
/// function, and the pure call the VM would re-run if it got fixed code.
public struct RuntimeFailure: Sendable {
    /// The error, its span and stack trace filled in.
    public let error: RuntimeError
    /// The sources the error's span and trace point into.
    public let sources: SourceMap
    /// The function that was running when the error was raised.
    public let failingFunction: String
    /// Whether the VM can resume with fixed code: false when the failing function is effectful
    /// (re-running it could repeat an effect), so a fix can only help the next run.
    public let resumable: Bool
    /// The call the VM re-runs after a hot swap: the outermost pure frame of the failing call
    /// chain (its caller is effectful, or native code). Nil when not resumable.
    public let replayFunction: String?
    /// The replayed call's arguments as AURA shows them (`6`, `"a"`, `[1, 2]`).
    public let replayArguments: [String]
    /// The same arguments as AURA source (`Value.sourceLiteral`), so the call can be written
    /// in a test; nil when one of them has no literal form.
    public let replayLiterals: [String]?
}

/// What became of a replacement program the hook handed back.
public enum HotSwapOutcome: Sendable, Equatable {
    /// The changed functions were swapped in and `function` is running again with its arguments.
    case resumed(function: String, swapped: [String])
    /// The VM kept its code and the program stops with the error (the reason says why).
    case refused(reason: String)
}

/// A runner's hook into runtime errors (`git aura run`): asked once for each recoverable error.
/// The VM knows nothing about where a fix comes from; it re-runs the failing pure call with the
/// replacement's code, or refuses when that could not be done safely.
public protocol RuntimeRecovery: AnyObject, Sendable {
    /// A whole new program (parsed, checked, compiled) that should no longer fail, or nil.
    /// Called on the VM's thread while the program is suspended at the error.
    func replacement(for failure: RuntimeFailure) -> CompiledProgram?
    /// Reports what the VM did with the replacement returned just before.
    func hotSwap(_ outcome: HotSwapOutcome)
}

extension RuntimeError {
    /// Errors a code fix can address: not exhausted budgets or sandbox refusals, whose state
    /// (fuel spent, time passed, a policy) a re-run would meet again.
    var isRecoverable: Bool {
        ![DiagnosticCode.instructionBudget, .timeLimit, .memoryLimit, .stackOverflow, .sandboxDenied,
          .sandboxPathDenied, .sandboxSQLDenied, .sandboxDatabaseDenied].contains(code)
    }
}
