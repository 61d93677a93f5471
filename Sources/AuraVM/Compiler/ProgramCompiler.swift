import AuraDiagnostics
import AuraSema
import AuraSyntax

/// Compiles a checked program (without errors) to bytecode.
public enum BytecodeCompiler {
    public static func compile(_ program: CheckedProgram) -> CompiledProgram {
        return LargeStack.run { ProgramCompiler(program).run() }
    }
}

/// Whole-program state: where each module's functions and constants live in the tables.
final class ProgramCompiler {
    let checked: CheckedProgram
    let output: CompiledProgram
    /// Per module: index of its first function / global in the program tables.
    var functionBase: [Int32] = []
    var globalBase: [Int32] = []
    let mainSymbol: Symbol?

    init(_ checked: CheckedProgram) {
        self.checked = checked
        output = CompiledProgram(sources: checked.sources)
        mainSymbol = checked.interner.lookup("main")
    }

    func run() -> CompiledProgram {
        output.layouts = checked.types.records.map { record in
            RecordLayout(name: record.name, fieldNames: record.fields.map { checked.interner.name($0.name) }, isVariant: record.sum >= 0,
                         table: tableSchema(record))
        }
        output.builtinNames = checked.builtins.entries.map(\.displayName)
        // Reserve a slot for every top-level function and constant first: calls may point forward.
        for module in checked.modules {
            functionBase.append(Int32(output.functions.count))
            for function in module.tree.functions {
                output.functions.append(FunctionProto(name: checked.interner.name(function.name), arity: Int(function.params.count)))
            }
            globalBase.append(Int32(output.globalInitializers.count))
            for constant in module.tree.constants {
                output.globalNames.append(checked.interner.name(constant.name))
                output.globalInitializers.append(-1)
            }
        }
        for (moduleIndex, module) in checked.modules.enumerated() {
            let m = Int32(moduleIndex)
            for (index, function) in module.tree.functions.enumerated() {
                let proto = output.functions[Int(functionBase[moduleIndex]) + index]
                let compiler = FunctionCompiler(program: self, module: m, proto: proto, parent: nil)
                compiler.compileFunctionBody(params: function.params, body: function.body)
            }
            for (index, constant) in module.tree.constants.enumerated() {
                let proto = addFunction(name: checked.interner.name(constant.name), arity: 0)
                let protoIndex = Int32(output.functions.count - 1) // before the body adds its lambdas
                let compiler = FunctionCompiler(program: self, module: m, proto: proto, parent: nil)
                compiler.compileFunctionBody(params: .empty, body: constant.value)
                output.globalInitializers[Int(globalBase[moduleIndex]) + index] = protoIndex
                if constant.name == mainSymbol {
                    output.mains.append((module.path, protoIndex))
                    if checked.entryModules.first == m { output.main = protoIndex }
                }
            }
            for test in module.tree.tests {
                let proto = addFunction(name: "test \"\(test.title)\"", arity: 0)
                let protoIndex = Int32(output.functions.count - 1)
                let compiler = FunctionCompiler(program: self, module: m, proto: proto, parent: nil)
                compiler.compileFunctionBody(params: .empty, body: test.body)
                output.tests.append(CompiledTest(title: test.title, module: module.path, function: protoIndex, span: test.titleSpan))
            }
        }
        return output
    }

    func addFunction(name: String, arity: Int) -> FunctionProto {
        let proto = FunctionProto(name: name, arity: arity)
        output.functions.append(proto)
        return proto
    }

    /// Index of a runtime-only builtin (not visible to the checker), added on first use.
    func runtimeBuiltin(_ name: String) -> Int32 {
        if let index = output.builtinNames.firstIndex(of: name) { return Int32(index) }
        output.builtinNames.append(name)
        return Int32(output.builtinNames.count - 1)
    }

    func functionIndex(module: Int32, index: Int32) -> Int32 { functionBase[Int(module)] + index }
    func globalIndex(module: Int32, index: Int32) -> Int32 { globalBase[Int(module)] + index }
}
