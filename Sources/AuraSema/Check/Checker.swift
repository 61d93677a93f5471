import AuraDiagnostics
import AuraSyntax

/// Name resolution, type inference, effect and capability checking for a whole program.
///
/// Top-level functions are checked on demand (a call to a function not yet checked checks it
/// first) at one level deeper than the caller; Rémy levels then make generalisation correct even
/// for mutual recursion: anything unified with a function still being checked is not generalised.
final class Checker {
    var types = TypeStore()
    let interner: Interner
    let builtins: Builtins
    var modules: [CheckedModule] = []
    /// The checker's own diagnostics (the module graph's are added in `finish`).
    var diagnostics: [Diagnostic] = []
    /// Per module: declared (its names registered) and checked (its bodies).
    private var declared: [Bool] = []
    private var checked: [Bool] = []

    /// Module being checked (-1 before the first).
    var m: Int32 = -1 {
        didSet { if m != oldValue { tree = modules[Int(m)].tree } }
    }
    /// `modules[m].tree`, kept in a stored property: reading it through `modules` on every
    /// access copied a struct of two dozen arrays (and their reference counts) each time.
    private(set) var tree: SyntaxTree
    var level: Int32 = 1
    /// The locals in scope: those of the function being checked start at `localsBase` (the
    /// ones below belong to a function whose check is waiting on this one).
    var locals: [Local] = []
    var localsBase = 0
    var blockDepth: Int32 = 0
    var functionDepth: Int32 = 0
    /// Owner id for new locals (function or lambda being checked).
    var owner: Int32 = -1
    var nextOwner: Int32 = 0
    var contexts: [EffectContext] = []
    /// Per module and function: 0 not started, 1 in progress, 2 done.
    var functionState: [[UInt8]] = []
    var constantState: [[UInt8]] = []
    /// Calls to each function (for renaming fixes): key = module << 32 | index.
    var references: [Int64: [Span]] = [:]
    /// Why a record with `@pk` is not a usable table, reported where it is used as one (a record
    /// that is only ever a record keeps checking as before).
    var tableProblems: [Int32: (message: String, span: Span, label: String)] = [:]
    /// Fields read from values of unknown type: reported at the end (`reportPendingUnknownFields`).
    var pendingUnknownFields: [PendingUnknownField] = []
    /// Pure functions that perform effects: fixed up with rename edits at the end.
    var pendingRenames: [(diagnostic: Int, module: Int32, function: Int32)] = []
    /// Capability errors already reported per module (one per capability is enough).
    var reportedCapabilities: Set<String> = []
    /// The block statement being checked: an `if` without `else` there is a statement, anywhere
    /// else its (missing) value is used (E0305).
    var statementExpr: ExprID = -1
    let placeholder: Symbol
    let mainSymbol: Symbol
    /// `i f s uuid b unit dyn Response` as symbols, so a type annotation is resolved without
    /// building its name as a string.
    let primitiveTypeNames: [(symbol: Symbol, type: TypeID)]
    let responseSymbol: Symbol

    struct Local {
        var name: Symbol
        var type: TypeID
        var isVar: Bool
        var blockDepth: Int32
        var functionDepth: Int32
        var id: Int32
        var declaredByBinding: Int32 // binding index, or -1
    }

    struct EffectContext {
        enum Kind { case effectful, pureFunction(Int32), pureConstant(Symbol), lambda }
        var kind: Kind
        var performedEffect = false
    }

    init(interner: Interner) {
        self.interner = interner
        var store = TypeStore()
        builtins = Builtins(store: &store, interner: interner)
        types = store
        tree = Parser.parseOnCurrentThread(SourceFile(id: 0, path: "", bytes: []), interner: interner)
        placeholder = interner.intern("_")
        mainSymbol = interner.intern("main")
        primitiveTypeNames = [("i", TypeStore.int), ("f", TypeStore.float), ("s", TypeStore.string), ("uuid", TypeStore.string),
                              ("b", TypeStore.bool), ("unit", TypeStore.unit), ("dyn", TypeStore.dyn)].map { (interner.intern($0.0), $0.1) }
        responseSymbol = interner.intern("Response")
    }

    /// Reads a module's tables in place. `modules[i].table[key]` copied the whole module struct
    /// (every array in it retained and released) on each type annotation.
    @inline(__always)
    func readModule<R>(_ index: Int32, _ body: (UnsafePointer<CheckedModule>) -> R) -> R {
        modules.withUnsafeBufferPointer { body($0.baseAddress! + Int(index)) }
    }

    var fileID: FileID { tree.file.id }
    func name(_ symbol: Symbol) -> String { interner.name(symbol) }

    func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    func error(_ code: DiagnosticCode, _ message: String, _ span: Span, _ label: String, secondary: [Label] = [],
               notes: [String] = [], help: [String] = [], fixes: [Fix] = [], severity: Severity = .error) {
        diagnostics.append(Diagnostic(code: code, severity: severity, message: message, primary: Label(span, label),
                                      secondary: secondary, notes: notes, help: help, fixes: fixes))
    }

    // MARK: Driver

    /// A module and its imports are loaded (`ModuleGraph.load` calls this dependencies first):
    /// it is declared and checked now, while later files are still being parsed. A module only
    /// sees its own names and its imports', all loaded before it, so checking it here gives what
    /// checking it after every module was declared gives. Not so in an import cycle: from the
    /// first `use` that closes one, modules wait for `checkRemaining`.
    func moduleLoaded(_ index: Int32, of graph: ModuleGraph) {
        while modules.count < graph.modules.count {
            let module = graph.modules[modules.count]
            modules.append(module)
            functionState.append([UInt8](repeating: 0, count: module.tree.functions.count))
            constantState.append([UInt8](repeating: 0, count: module.tree.constants.count))
            declared.append(false)
            checked.append(false)
        }
        // The copy taken when the module was first seen lacks the imports loaded since.
        modules[Int(index)].imports = graph.modules[Int(index)].imports
        guard !graph.sawCycle else { return }
        declare(index)
        m = index
        checkModuleBodies()
        checked[Int(index)] = true
    }

    /// Declares, then checks, the modules `moduleLoaded` left (all modules after an import
    /// cycle was seen), in the graph's dependencies-first order, as a whole program is checked.
    func checkRemaining(_ graph: ModuleGraph) {
        for module in graph.order where !declared[Int(module)] { declare(module) }
        for module in graph.order where !checked[Int(module)] {
            m = module
            checkModuleBodies()
            checked[Int(module)] = true
        }
        reportPendingUnknownFields()
        finishRenameFixes()
    }

    func finish(entries: [Int32], graph: ModuleGraph) -> CheckedProgram {
        for index in modules.indices {
            for e in modules[index].exprTypes.indices {
                types.defaultVariable(modules[index].exprTypes[e])
            }
        }
        // The graph's diagnostics (parse, files, imports) first, as they were found first.
        return CheckedProgram(sources: graph.sources, interner: interner, modules: modules, types: types, builtins: builtins,
                              diagnostics: (graph.diagnostics + diagnostics).sorted(by: Diagnostic.sourceOrder), entryModules: entries)
    }

    /// Registers records, functions and constants of a module; reports duplicates.
    private func declare(_ module: Int32) {
        declared[Int(module)] = true
        m = module
        // One entry per top-level name: sized once (growing it rehashed every name ~log n times).
        let names = tree.records.count + tree.sums.count + tree.functions.count + tree.constants.count
            + tree.sums.reduce(0) { $0 + $1.variants.count }
        var seen = [Symbol: Span](minimumCapacity: names)
        modules[Int(module)].topLevel.reserveCapacity(names)
        func claim(_ symbol: Symbol, _ span: Span, _ what: String) -> Bool {
            if let first = seen[symbol] {
                // Which definition is meant is the author's call: the rename is a placeholder for the editor.
                error(.duplicateDefinition, "`\(name(symbol))` is defined more than once", span, "second definition of `\(name(symbol))`",
                      secondary: [Label(first, "first defined here")], help: ["rename one of them, or remove the duplicate \(what)"],
                      fixes: [Fix(message: "rename the second `\(name(symbol))`", edits: [TextEdit(span: span, replacement: name(symbol).hasSuffix("!") ? name(symbol).dropLast() + "_2!" : name(symbol) + "_2")],
                                  applicability: .placeholder)])
                return false
            }
            seen[symbol] = span
            return true
        }
        // Shapes to fill once every type name exists: field types may name other records.
        var shapes: [(recordIndex: Int32, owner: String, fields: [RecordDecl.Field])] = []
        var tables: [(recordIndex: Int32, decl: RecordDecl)] = []
        for record in tree.records where claim(record.name, record.nameSpan, "record") {
            types.records.append(RecordType(name: name(record.name), module: modules[Int(module)].path, fields: []))
            let recordIndex = Int32(types.records.count - 1)
            modules[Int(module)].recordTypes[record.name] = recordIndex
            modules[Int(module)].topLevel[record.name] = .record(recordIndex)
            shapes.append((recordIndex, name(record.name), record.fields))
            tables.append((recordIndex, record))
        }
        for sum in tree.sums where claim(sum.name, sum.nameSpan, "sum type") {
            let sumIndex = Int32(types.sums.count)
            types.sums.append(SumType(name: name(sum.name), module: modules[Int(module)].path, variants: []))
            modules[Int(module)].sumTypes[sum.name] = sumIndex
            modules[Int(module)].topLevel[sum.name] = .sum(sumIndex)
            for variant in sum.variants where claim(variant.name, variant.nameSpan, "variant") {
                var shape = RecordType(name: name(variant.name), module: modules[Int(module)].path, fields: [])
                shape.sum = sumIndex
                types.records.append(shape)
                let recordIndex = Int32(types.records.count - 1)
                types.sums[Int(sumIndex)].variants.append(recordIndex)
                modules[Int(module)].variants[variant.name] = recordIndex
                modules[Int(module)].topLevel[variant.name] = .variant(recordIndex)
                shapes.append((recordIndex, name(variant.name), variant.fields))
            }
        }
        for shape in shapes {
            var fieldSeen: [Symbol: Span] = [:]
            var fields: [RecordType.Field] = []
            let isVariant = types.records[Int(shape.recordIndex)].sum >= 0
            for field in shape.fields {
                if let first = fieldSeen[field.name] {
                    error(.duplicateField, "field `\(name(field.name))` is declared twice in `\(shape.owner)`", field.span, "duplicate field",
                          secondary: [Label(first, "first declared here")])
                    continue
                }
                if isVariant && name(field.name) == "tag" {
                    // JSON and `dyn` show a variant as `{"tag": "Circle", ...}`: a field of that name would be lost.
                    error(.duplicateField, "a variant cannot have a field named `tag`", field.span, "`tag` is taken",
                          notes: ["`json.stringify` writes a variant as `{\"tag\": \"\(shape.owner)\", ...}`; a field `tag` would clash with it"],
                          help: ["rename the field, e.g. `label`"],
                          fixes: [Fix(message: "rename the field to `label`", edits: [TextEdit(span: field.span, replacement: "label")], applicability: .placeholder)])
                    continue
                }
                fieldSeen[field.name] = field.span
                let type = resolveTypeExpr(field.type)
                var isOptional = false
                if case .optional = types.resolvedNode(type) { isOptional = true }
                fields.append(.init(name: field.name, type: type, isOptional: isOptional, attributes: field.attributes))
            }
            types.records[Int(shape.recordIndex)].fields = fields
        }
        for table in tables { declareTable(table.recordIndex, table.decl) }
        for (index, function) in tree.functions.enumerated() where claim(function.name, function.nameSpan, "function") {
            modules[Int(module)].topLevel[function.name] = .function(Int32(index))
        }
        for (index, constant) in tree.constants.enumerated() where claim(constant.name, constant.nameSpan, "constant") {
            modules[Int(module)].topLevel[constant.name] = .constant(Int32(index))
        }
        var declared: [String: Span] = [:]
        for capability in tree.capabilities {
            if !BuiltinTable.capabilities.contains(capability.name) {
                let suggestion = Suggestions.closest(capability.name, among: BuiltinTable.capabilities)
                error(.unknownCapability, "unknown capability `+\(capability.name)`", capability.span, "not a capability",
                      notes: ["the capabilities are +db, +http and +json"],
                      fixes: suggestion.map { [Fix(message: "use `+\($0)`", edits: [TextEdit(span: capability.span, replacement: "+" + $0)], applicability: .maybe)] } ?? [])
                continue
            }
            if let first = declared[capability.name] {
                error(.duplicateCapability, "capability `+\(capability.name)` is declared twice", capability.span, "declared again here",
                      secondary: [Label(first, "first declared here")],
                      fixes: [Fix(message: "remove the duplicate `+\(capability.name)`", edits: [removal(of: capability.span)], applicability: .safe)],
                      severity: .warning)
                continue
            }
            declared[capability.name] = capability.span
        }
        modules[Int(module)].declaredCapabilities = declared
    }

    private func checkModuleBodies() {
        reportedCapabilities = []
        for index in tree.functions.indices { ensureFunction(m, Int32(index)) }
        for index in tree.constants.indices { ensureConstant(m, Int32(index)) }
        for test in tree.tests {
            contexts.append(EffectContext(kind: .effectful))
            withFunctionScope { _ = infer(test.body, expected: nil) }
            contexts.removeLast()
        }
        checkUnusedCapabilities()
    }

    /// Runs `body` with a fresh local scope for a function-like body.
    func withFunctionScope(_ body: () -> Void) {
        // The caller's locals stay in the array, out of sight below `localsBase`: a fresh array
        // per function regrew from empty each time (70,000 growths for a 100k-line project).
        let savedBase = localsBase, savedCount = locals.count
        let savedBlock = blockDepth, savedFunction = functionDepth, savedOwner = owner
        localsBase = locals.count
        blockDepth = 0
        functionDepth = 0
        owner = nextOwner
        nextOwner += 1
        body()
        locals.removeSubrange(savedCount...)
        localsBase = savedBase
        blockDepth = savedBlock
        functionDepth = savedFunction
        owner = savedOwner
    }

    /// Checks a function if it has not been checked yet and returns its (generalised) type.
    @discardableResult
    func ensureFunction(_ module: Int32, _ index: Int32) -> TypeID {
        switch functionState[Int(module)][Int(index)] {
        case 2, 1: return modules[Int(module)].functionTypes[Int(index)]
        default: break
        }
        functionState[Int(module)][Int(index)] = 1
        let savedModule = m, savedLevel = level, savedCapabilities = reportedCapabilities
        m = module
        level = savedLevel + 1
        if module != savedModule { reportedCapabilities = [] }
        let decl = tree.functions[Int(index)]
        var paramTypes: [TypeID] = []
        paramTypes.reserveCapacity(Int(decl.params.count))
        for param in tree.params(decl.params) {
            paramTypes.append(param.type >= 0 ? resolveTypeExpr(param.type) : types.fresh(level: level))
        }
        let result = decl.result >= 0 ? resolveTypeExpr(decl.result) : types.fresh(level: level)
        let functionType = types.function(paramTypes, result, effectful: decl.isEffectful)
        modules[Int(module)].functionTypes[Int(index)] = functionType
        contexts.append(EffectContext(kind: decl.isEffectful ? .effectful : .pureFunction(index)))
        withFunctionScope {
            let params = tree.params(decl.params)
            var duplicates = DuplicateNames(count: params.count)
            for (k, param) in params.enumerated() {
                if let first = duplicates.earlier(param.name, param.span, among: params.prefix(k).lazy.map { ($0.name, $0.span) }) {
                    error(.duplicateDefinition, "parameter `\(name(param.name))` is declared twice", param.span, "duplicate parameter",
                          secondary: [Label(first, "first declared here")])
                }
                let localID = declareLocal(param.name, paramTypes[k], isVar: false, span: param.span)
                modules[Int(m)].paramLocals[Int(decl.params.start) + k] = localID
            }
            statementExpr = decl.body
            check(decl.body, expected: result, context: "the declared result type")
        }
        contexts.removeLast()
        _ = types.generalize(functionType, above: savedLevel)
        functionState[Int(module)][Int(index)] = 2
        m = savedModule
        level = savedLevel
        reportedCapabilities = savedCapabilities
        return functionType
    }

    /// Checks a constant if needed and returns its type.
    @discardableResult
    func ensureConstant(_ module: Int32, _ index: Int32) -> TypeID {
        switch constantState[Int(module)][Int(index)] {
        case 2: return modules[Int(module)].constantTypes[Int(index)]
        case 1:
            let decl = modules[Int(module)].tree.constants[Int(index)]
            error(.cannotInfer, "cannot infer the type of `\(name(decl.name))`: its definition refers to itself", decl.nameSpan, "defined in terms of itself",
                  help: ["constants cannot be recursive; make it a function"])
            constantState[Int(module)][Int(index)] = 2
            return TypeStore.error
        default: break
        }
        constantState[Int(module)][Int(index)] = 1
        let savedModule = m, savedLevel = level, savedCapabilities = reportedCapabilities
        m = module
        level = savedLevel + 1
        if module != savedModule { reportedCapabilities = [] }
        let decl = tree.constants[Int(index)]
        let isMain = decl.name == mainSymbol
        contexts.append(EffectContext(kind: isMain ? .effectful : .pureConstant(decl.name)))
        var type = TypeStore.error
        withFunctionScope {
            statementExpr = decl.value
            if decl.annotation >= 0 {
                type = resolveTypeExpr(decl.annotation)
                check(decl.value, expected: type, context: "the annotation")
            } else {
                type = infer(decl.value, expected: nil)
            }
        }
        contexts.removeLast()
        modules[Int(module)].constantTypes[Int(index)] = type
        constantState[Int(module)][Int(index)] = 2
        m = savedModule
        level = savedLevel
        reportedCapabilities = savedCapabilities
        return type
    }

    // MARK: Locals

    @discardableResult
    func declareLocal(_ symbol: Symbol, _ type: TypeID, isVar: Bool, span: Span, binding: Int32 = -1) -> Int32 {
        let id = Int32(modules[Int(m)].locals.count)
        modules[Int(m)].locals.append(LocalInfo(name: symbol, span: span, type: type, isVar: isVar, owner: owner))
        locals.append(Local(name: symbol, type: type, isVar: isVar, blockDepth: blockDepth, functionDepth: functionDepth, id: id, declaredByBinding: binding))
        return id
    }

    func lookupLocal(_ symbol: Symbol) -> Local? {
        var index = locals.count - 1
        while index >= localsBase {
            if locals[index].name == symbol { return locals[index] }
            index -= 1
        }
        return nil
    }

    // MARK: Written types

    func resolveTypeExpr(_ id: TypeExprID) -> TypeID {
        guard id >= 0 else { return TypeStore.error }
        switch tree.types[Int(id)] {
        case let .named(index):
            let typeName = tree.typeNames[Int(index)]
            return resolveTypeName(typeName)
        case let .list(element): return types.list(resolveTypeExpr(element))
        case let .map(key, value): return types.map(resolveTypeExpr(key), resolveTypeExpr(value))
        case let .optional(inner): return types.optional(resolveTypeExpr(inner))
        case let .query(row): return queryType(of: resolveTypeExpr(row), at: tree.typeSpans[Int(id)])
        case let .function(params, result, effectful):
            let paramTypes = tree.typeChildren(params).map { resolveTypeExpr($0) }
            return types.function(paramTypes, resolveTypeExpr(result), effectful: effectful)
        }
    }

    func resolveTypeName(_ typeName: TypeName) -> TypeID {
        if typeName.module < 0 {
            for primitive in primitiveTypeNames where primitive.symbol == typeName.name { return primitive.type }
            if typeName.name == responseSymbol { return types.record(builtins.responseRecord) }
            let found = readModule(m) { module -> (record: Int32?, sum: Int32?, variant: Int32?) in
                if let record = module.pointee.recordTypes[typeName.name] { return (record, nil, nil) }
                if let sum = module.pointee.sumTypes[typeName.name] { return (nil, sum, nil) }
                return (nil, nil, module.pointee.variants[typeName.name])
            }
            if let record = found.record { return types.record(record) }
            if let sum = found.sum { return types.sum(sum) }
            if let variant = found.variant { return reportVariantAsType(variant, typeName, prefix: "") }
        }
        let written = name(typeName.name)
        if typeName.module >= 0, let target = modules[Int(m)].imports[typeName.module] {
            if let record = modules[Int(target)].recordTypes[typeName.name] { return types.record(record) }
            if let sum = modules[Int(target)].sumTypes[typeName.name] { return types.sum(sum) }
            if let variant = modules[Int(target)].variants[typeName.name] {
                return reportVariantAsType(variant, typeName, prefix: name(typeName.module) + ".")
            }
            let candidates = Array(modules[Int(target)].recordTypes.keys.map(name)) + modules[Int(target)].sumTypes.keys.map(name)
            error(.unknownType, "module `\(name(typeName.module))` has no type `\(written)`", typeName.span, "unknown type",
                  help: Suggestions.closest(written, among: candidates).map { ["a type with a similar name exists: `\(name(typeName.module)).\($0)`"] } ?? [])
            return TypeStore.error
        }
        let candidates = ["i", "f", "s", "b", "uuid", "unit", "dyn"] + modules[Int(m)].recordTypes.keys.map(name)
            + modules[Int(m)].sumTypes.keys.map(name)
        let suggestion = Suggestions.closest(written, among: candidates)
        error(.unknownType, "unknown type `\(typeName.module >= 0 ? name(typeName.module) + "." : "")\(written)`", typeName.span, "not a known type",
              notes: written == "int" || written == "string" || written == "bool" || written == "float" ? ["AURA's types are written `i`, `f`, `s`, `b`"] : [],
              help: suggestion.map { ["a type with a similar name exists: `\($0)`"] } ?? [],
              fixes: suggestion.map { [Fix(message: "use `\($0)`", edits: [TextEdit(span: typeName.span, replacement: $0)], applicability: .maybe)] } ?? [])
        return TypeStore.error
    }

    /// `x: Circle` where `Circle` is a variant: values of a variant have the sum's type.
    private func reportVariantAsType(_ variant: Int32, _ typeName: TypeName, prefix: String) -> TypeID {
        let sum = types.records[Int(variant)].sum
        let sumName = prefix + types.sums[Int(sum)].name
        error(.unknownType, "`\(prefix)\(name(typeName.name))` is a variant of `\(sumName)`, not a type", typeName.span, "a variant",
              notes: ["every variant of a sum type has the sum's type"],
              help: ["write `\(sumName)`, and `match` on the value to tell the variants apart"],
              fixes: [Fix(message: "use `\(sumName)`", edits: [TextEdit(span: typeName.span, replacement: sumName)], applicability: .maybe)])
        return types.sum(sum)
    }

    // MARK: Helpers

    func setType(_ expr: ExprID, _ type: TypeID) -> TypeID {
        modules[Int(m)].exprTypes[Int(expr)] = type
        return type
    }

    func describe(_ type: TypeID) -> String { TypePrinter.describe(type, in: types) }

    /// An edit removing a span and one following space (tidy capability removal).
    func removal(of span: Span) -> TextEdit {
        let bytes = tree.file.bytes
        var end = Int(span.end)
        if end < bytes.count, bytes[end] == 0x20 { end += 1 } else {
            var start = Int(span.start)
            if start > 0, bytes[start - 1] == 0x20 { start -= 1 }
            return TextEdit(span: Span(file: span.file, start: UInt32(start), end: span.end), replacement: "")
        }
        return TextEdit(span: Span(file: span.file, start: span.start, end: UInt32(end)), replacement: "")
    }
}
