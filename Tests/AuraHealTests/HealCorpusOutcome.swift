import AuraDiagnostics
import AuraSema
import AuraVM
import Foundation

/// What a heal did to one corpus case, judged against the case's expectations.
enum HealCorpusOutcome: Equatable {
    /// The healer changed the case exactly as expected and the healed program prints what it should.
    case fixed
    /// Nothing was written.
    case untouched
    /// Something was written that the case does not allow: a change to a `no-fix` case, files
    /// other than `expected/`, or a program that checks clean but prints something else (the
    /// fix changed what the user evidently meant).
    case wrong(String)
}

/// Runs a healed project's `main`s the way `aura run --sandbox` would and returns their output.
enum HealedProgram {
    /// The stdout of every `main` (by module path, in order), or a description of why it could not run.
    static func output(_ files: [String: String]) -> String {
        let checked = Compiler.check(paths: files.keys.sorted(), loader: MemoryLoader(files))
        if checked.hasErrors {
            return "<does not check: " + checked.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.message)" }
                .joined(separator: "; ") + ">\n"
        }
        let compiled = BytecodeCompiler.compile(checked)
        let scratch = ScratchDirectory.create(prefix: "aura-heal-corpus")
        defer { if let scratch { ScratchDirectory.remove(scratch) } }
        let sandbox = Sandbox(isEnabled: true, scratchDirectory: scratch, allowNetwork: false, projectFiles: files.mapValues { Array($0.utf8) })
        let buffer = Captured()
        for (_, function) in compiled.mains.sorted(by: { $0.module < $1.module }) {
            let vm = VirtualMachine(program: compiled, builtinTable: BuiltinRegistry.all,
                                    effects: EffectHost(output: { buffer.text += $0 }, sandbox: sandbox, randomSeed: 1), limits: .verification)
            if case let .failure(error) = LargeStack.run({ Result { try vm.run(function: function) } }) {
                buffer.text += "<runtime error: \(error)>\n"
            }
        }
        return buffer.text
    }

    private final class Captured: @unchecked Sendable { var text = "" }
}
