import AuraDiagnostics
import AuraSema
import AuraSyntax

/// Every written name of a checked program with what it refers to: built once per analysis,
/// answering "what is here", "where is it defined" and "where is it used".
struct SymbolIndex: Sendable {
    /// Per module, sorted by start offset.
    private(set) var occurrences: [[Occurrence]]
    private(set) var definitions: [SymbolTarget: (module: Int32, span: Span)] = [:]

    init(_ program: CheckedProgram) {
        occurrences = []
        for index in program.modules.indices {
            var collector = Collector(program: program, module: Int32(index))
            collector.collect()
            for occurrence in collector.found where occurrence.isDefinition {
                definitions[occurrence.target] = (Int32(index), occurrence.span)
            }
            occurrences.append(collector.found.sorted { $0.span.start < $1.span.start })
        }
    }

    /// The innermost occurrence whose name covers `offset` (the end of a name counts, where
    /// editors put the cursor after typing it). A shorthand field pattern answers the local.
    func occurrence(module: Int32, at offset: Int) -> Occurrence? {
        func rank(_ occurrence: Occurrence) -> (Int, UInt32, Int) {
            let endsHere = Int(occurrence.span.end) == offset ? 1 : 0
            let isLocal: Int = if case .local = occurrence.target { 0 } else { 1 }
            return (endsHere, occurrence.span.end - occurrence.span.start, isLocal)
        }
        return occurrences[Int(module)]
            .filter { Int($0.span.start) <= offset && offset <= Int($0.span.end) }
            .min { rank($0) < rank($1) }
    }

    /// Every occurrence of `target` in the program, as (module, occurrence).
    func references(to target: SymbolTarget) -> [(module: Int32, occurrence: Occurrence)] {
        var result: [(Int32, Occurrence)] = []
        for (module, list) in occurrences.enumerated() {
            for occurrence in list where occurrence.target == target { result.append((Int32(module), occurrence)) }
        }
        return result
    }
}

/// Walks one module's declarations, patterns, type names and expressions.
private struct Collector {
    let program: CheckedProgram
    let module: Int32
    var found: [Occurrence] = []

    var checked: CheckedModule { program.modules[Int(module)] }
    var tree: SyntaxTree { checked.tree }

    init(program: CheckedProgram, module: Int32) {
        self.program = program
        self.module = module
    }

    mutating func add(_ span: Span, _ target: SymbolTarget, definition: Bool = false, shorthand: Bool = false) {
        guard span.end > span.start else { return }
        found.append(Occurrence(span: span, target: target, isDefinition: definition, isShorthand: shorthand))
    }

    /// The part of `span` that is `name`: a parameter's span also covers its type, a member's
    /// or qualified type's the part before the dot.
    func nameSpan(_ span: Span, _ name: Symbol, atEnd: Bool = false) -> Span {
        let length = UInt32(program.interner.name(name).utf8.count)
        guard span.end - span.start >= length else { return span }
        return atEnd ? Span(file: span.file, start: span.end - length, end: span.end)
                     : Span(file: span.file, start: span.start, end: span.start + length)
    }

    mutating func collect() {
        declarations()
        locals()
        patterns()
        typeNames()
        expressions()
    }

    private mutating func declarations() {
        for (index, function) in tree.functions.enumerated() { add(function.nameSpan, .function(module: module, index: Int32(index)), definition: true) }
        for (index, constant) in tree.constants.enumerated() { add(constant.nameSpan, .constant(module: module, index: Int32(index)), definition: true) }
        for record in tree.records {
            guard let index = checked.recordTypes[record.name] else { continue }
            add(record.nameSpan, .record(index), definition: true)
            for field in record.fields { add(nameSpan(field.span, field.name), .field(record: index, name: field.name), definition: true) }
        }
        for sum in tree.sums {
            if let index = checked.sumTypes[sum.name] { add(sum.nameSpan, .sum(index), definition: true) }
            for variant in sum.variants {
                guard let index = checked.variants[variant.name] else { continue }
                add(variant.nameSpan, .record(index), definition: true)
                for field in variant.fields { add(nameSpan(field.span, field.name), .field(record: index, name: field.name), definition: true) }
            }
        }
    }

    private mutating func locals() {
        for (index, param) in tree.params.enumerated() {
            let local = checked.paramLocals[index]
            if local >= 0 { add(nameSpan(param.span, param.name), .local(module: module, local: local), definition: true) }
        }
        for (index, binding) in tree.bindings.enumerated() {
            let local = checked.bindingLocals[index]
            guard local >= 0 else { continue }
            add(binding.nameSpan, .local(module: module, local: local), definition: !checked.bindingIsAssignment[index])
        }
        for (index, loop) in tree.loops.enumerated() {
            let local = checked.loopLocals[index]
            if local >= 0 { add(loop.nameSpan, .local(module: module, local: local), definition: true) }
        }
    }

    private mutating func patterns() {
        for (index, pattern) in tree.patterns.enumerated() {
            let span = tree.patternSpans[index]
            if checked.patternLocals[index] >= 0 {
                add(span, .local(module: module, local: checked.patternLocals[index]), definition: true)
            } else if case .binding = pattern, let variant = checked.patternVariants[Int32(index)] {
                add(span, .record(variant))
            }
            guard case let .record(typeName, fields) = pattern else { continue }
            let record = checked.patternVariants[Int32(index)] ?? recordIndex(tree.typeNames[Int(typeName)])
            for offset in fields.indices {
                let field = tree.fieldPatterns[offset]
                let shorthand = field.pattern < 0
                if let record { add(field.nameSpan, .field(record: record, name: field.name), shorthand: shorthand) }
                let local = checked.fieldPatternLocals[offset]
                if shorthand, local >= 0 { add(field.nameSpan, .local(module: module, local: local), definition: true, shorthand: true) }
            }
        }
    }

    private mutating func typeNames() {
        for typeName in tree.typeNames {
            if typeName.module >= 0, let imported = checked.imports[typeName.module] {
                let qualifier = Span(file: typeName.span.file, start: typeName.span.start,
                                     end: typeName.span.start + UInt32(program.interner.name(typeName.module).utf8.count))
                add(qualifier, .module(imported))
            }
            guard let target = typeTarget(typeName) else { continue }
            add(nameSpan(typeName.span, typeName.name, atEnd: true), target)
        }
    }

    /// What a written type name refers to: a record, a sum or a variant, in this module or the
    /// one its qualifier names.
    func typeTarget(_ typeName: TypeName) -> SymbolTarget? {
        var owner = checked
        if typeName.module >= 0 {
            guard let imported = checked.imports[typeName.module] else { return nil }
            owner = program.modules[Int(imported)]
        }
        if let index = owner.recordTypes[typeName.name] { return .record(index) }
        if let index = owner.sumTypes[typeName.name] { return .sum(index) }
        if let index = owner.variants[typeName.name] { return .record(index) }
        return nil
    }

    func recordIndex(_ typeName: TypeName) -> Int32? {
        if case let .record(index)? = typeTarget(typeName) { return index }
        return nil
    }

    private mutating func expressions() {
        for index in tree.exprs.indices {
            let id = ExprID(index)
            switch tree.exprs[index] {
            case .name:
                if let target = target(of: checked.resolutions[index]) { add(tree.spans[index], target) }
            case let .member(base, name):
                let span = nameSpan(tree.spans[index], name, atEnd: true)
                if let target = target(of: checked.resolutions[index]) {
                    add(span, target)
                } else if let record = record(ofType: checked.exprTypes[Int(base)]), program.types.records[Int(record)].field(name) != nil {
                    add(span, .field(record: record, name: name))
                }
            case let .record(_, inits):
                let record = checked.variantConstructions[id] ?? record(ofType: checked.exprTypes[index])
                if let record { fieldInits(inits, record) }
            case let .with(base, inits):
                if let record = record(ofType: checked.exprTypes[Int(base)]) { fieldInits(inits, record) }
            default:
                continue
            }
        }
    }

    private mutating func fieldInits(_ inits: ListRef, _ record: Int32) {
        for initialiser in tree.fieldInits(inits) { add(initialiser.nameSpan, .field(record: record, name: initialiser.name)) }
    }

    func record(ofType type: TypeID) -> Int32? {
        var resolved = program.types.resolved(type)
        if case let .optional(inner) = program.types.node(resolved) { resolved = program.types.resolved(inner) }
        if case let .record(index) = program.types.node(resolved) { return index }
        return nil
    }

    func target(of resolution: Resolution) -> SymbolTarget? {
        switch resolution {
        case .none: return nil
        case let .local(local): return .local(module: module, local: local)
        case let .function(owner, index): return .function(module: owner, index: index)
        case let .constant(owner, index): return .constant(module: owner, index: index)
        case let .builtin(index): return .builtin(index)
        case let .module(index): return .module(index)
        case let .variant(index), let .table(index): return .record(index)
        }
    }
}
