import AuraDiagnostics
import AuraSyntax

extension Checker {
    static func referenceKey(_ module: Int32, _ index: Int32) -> Int64 { Int64(module) << 32 | Int64(index) }

    /// Resolves a bare name: locals, then the module's top level, then builtins.
    func resolveName(_ symbol: Symbol, _ expr: ExprID, callArity: Int?, expected: TypeID? = nil) -> TypeID {
        if let local = lookupLocal(symbol) {
            modules[Int(m)].resolutions[Int(expr)] = .local(local.id)
            return local.type
        }
        if let topLevel = modules[Int(m)].topLevel[symbol] {
            return resolveTopLevel(topLevel, module: m, expr: expr, written: name(symbol))
        }
        if let builtin = builtins.lookup(symbol) {
            modules[Int(m)].resolutions[Int(expr)] = .builtin(builtin.id)
            return types.instantiate(overload(of: builtin, forValueOf: expected), level: level)
        }
        if let target = modules[Int(m)].imports[symbol] {
            modules[Int(m)].resolutions[Int(expr)] = .module(target)
            error(.typeMismatch, "module `\(name(symbol))` is not a value", tree.span(expr), "a module",
                  help: ["use one of its names: `\(name(symbol)).name`"])
            return TypeStore.error
        }
        if BuiltinTable.capabilities.contains(name(symbol)) {
            error(.typeMismatch, "capability module `\(name(symbol))` is not a value", tree.span(expr), "a capability module",
                  help: ["call one of its functions, e.g. `\(name(symbol)).\(BuiltinTable.capabilityMembers[name(symbol)]?.first?.0 ?? "x")(...)`"])
            return TypeStore.error
        }
        reportUnknownName(symbol, expr, callArity: callArity)
        return TypeStore.error
    }

    /// An overloaded builtin used as a value (`map(words, len)`) takes the overload whose first
    /// parameter fits what the context expects.
    func overload(of builtin: BuiltinEntry, forValueOf expected: TypeID?) -> TypeID {
        guard builtin.overloads.count > 1, let expected, let wanted = types.resolvedFunctionParts(expected),
              let wantedFirst = wanted.params.first else { return builtin.overloads[0] }
        let target = types.resolvedNode(wantedFirst)
        if case .variable = target { return builtin.overloads[0] }
        for candidate in builtin.overloads {
            guard let parts = types.functionParts(candidate), parts.params.count == wanted.params.count, let first = parts.params.first else { continue }
            let node = types.resolvedNode(first)
            switch (node, target) {
            case (.list, .list), (.map, .map), (.optional, .optional), (.query, .query), (.variable, _): return candidate
            default: if node == target { return candidate }
            }
        }
        return builtin.overloads[0]
    }

    func resolveTopLevel(_ topLevel: CheckedModule.TopLevel, module: Int32, expr: ExprID, written: String) -> TypeID {
        switch topLevel {
        case let .function(index):
            modules[Int(m)].resolutions[Int(expr)] = .function(module: module, index: index)
            references[Checker.referenceKey(module, index), default: []].append(tree.span(expr))
            let type = ensureFunction(module, index)
            return types.instantiate(type, level: level)
        case let .constant(index):
            modules[Int(m)].resolutions[Int(expr)] = .constant(module: module, index: index)
            if modules[Int(module)].tree.constants[Int(index)].name == mainSymbol {
                error(.typeMismatch, "`main` cannot be used as a value", tree.span(expr), "`main` is the program's entry point",
                      help: ["move the shared code into a function and call it from `main`"])
                return TypeStore.error
            }
            return ensureConstant(module, index)
        case let .record(index):
            if types.records[Int(index)].table != nil { return tableQuery(index, expr: expr, written: written) }
            if tableProblems[index] != nil {
                reportNotATable(index, at: tree.span(expr), use: "`\(written)` is not a table, so it is not a value")
                return TypeStore.error
            }
            error(.typeMismatch, "`\(written)` is a record type, not a value", tree.span(expr), "a type",
                  help: ["construct one with `\(written) { field: value, ... }`",
                         "to query its rows as a table, tag its key field with `@pk` (`id:i @pk`)"])
            return TypeStore.error
        case let .sum(index):
            let sum = types.sums[Int(index)]
            let variants = sum.variants.map { "`\(types.records[Int($0)].name)`" }
            error(.typeMismatch, "`\(written)` is a sum type, not a value", tree.span(expr), "a type",
                  notes: ["its variants are \(variants.joined(separator: ", "))"],
                  help: ["construct one of its variants, e.g. `\(sum.variants.first.map { types.records[Int($0)].name } ?? "Variant") { ... }`"])
            return TypeStore.error
        case let .variant(index):
            return variantValue(index, expr: expr)
        }
    }

    /// A variant named without braces (`Empty`) is a value when it has no required fields.
    private func variantValue(_ index: Int32, expr: ExprID) -> TypeID {
        let variant = types.records[Int(index)]
        let required = variant.fields.filter { !$0.isOptional }
        guard required.isEmpty else {
            let span = tree.span(expr)
            let list = required.map { "`\(name($0.name))`" }.joined(separator: ", ")
            let text = " { " + required.map { "\(name($0.name)): ???" }.joined(separator: ", ") + " }"
            error(.missingField, "missing \(required.count == 1 ? "field" : "fields") \(list) in `\(variant.name)`", span,
                  "\(variant.name) needs \(list)",
                  notes: required.prefix(10).map { "`\(name($0.name))` has type `\(describe($0.type))`" },
                  help: ["construct it with its fields: `\(tree.text(span))\(text)`"],
                  fixes: [Fix(message: "add the fields", edits: [TextEdit(span: .point(span.file, span.end), replacement: text)], applicability: .placeholder)])
            return types.sum(variant.sum)
        }
        modules[Int(m)].resolutions[Int(expr)] = .variant(index)
        return types.sum(variant.sum)
    }

    /// E0402 when `name!` exists, otherwise E0201 with "did you mean" candidates.
    func reportUnknownName(_ symbol: Symbol, _ expr: ExprID, callArity: Int?) {
        let written = name(symbol)
        let span = tree.span(expr)
        if let bang = interner.lookup(written + "!"), builtins.lookup(bang) != nil || modules[Int(m)].topLevel[bang] != nil {
            error(.missingBang, "`\(written)` is effectful and must be called as `\(written)!`", span, "missing `!`",
                  notes: ["in AURA every call that performs an effect is marked with `!`"],
                  fixes: [Fix(message: "add `!`: `\(written)!`", edits: [TextEdit(span: .point(span.file, span.end), replacement: "!")], applicability: .safe)])
            return
        }
        if let hint = foreignWordHint(written) {
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope", notes: hint.notes, help: [hint.help],
                  fixes: hint.replacement.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: span, replacement: $0)], applicability: .maybe)] } ?? [])
            return
        }
        // "Did you mean" compares the name with every name in scope: fine for the hundred
        // problems a file can show, quadratic for a file of 20,000 unknown names (minutes).
        guard diagnostics.count < DiagnosticLimit.perFile else {
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope")
            return
        }
        var candidates: [(String, Int?)] = []
        for local in locals[localsBase...] { candidates.append((name(local.name), types.resolvedFunctionParts(local.type)?.params.count)) }
        for (symbol, topLevel) in modules[Int(m)].topLevel {
            switch topLevel {
            case let .function(index): candidates.append((name(symbol), Int(tree.functions[Int(index)].params.count)))
            case .constant, .variant: candidates.append((name(symbol), nil))
            case .record, .sum: break
            }
        }
        for entry in builtins.entries where entry.capability == nil {
            candidates.append((entry.name, types.functionParts(entry.overloads[0])?.params.count))
        }
        let ranked = Suggestions.ranked(written, among: candidates, arity: callArity)
        if ranked.count == 1 {
            let best = ranked[0]
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope",
                  help: [callArity != nil ? "a function with a similar name exists: `\(best)`" : "a similar name exists: `\(best)`"],
                  fixes: [Fix(message: "replace with `\(best)`", edits: [TextEdit(span: span, replacement: best)], applicability: .maybe)])
        } else if ranked.count > 1 {
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope",
                  help: ["several names are similar: " + ranked.prefix(4).map { "`\($0)`" }.joined(separator: ", ")])
        } else if let builtinModule = Suggestions.closest(written, among: BuiltinTable.capabilities), callArity == nil {
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope",
                  help: ["the capability module `\(builtinModule)` has a similar name"],
                  fixes: [Fix(message: "replace with `\(builtinModule)`", edits: [TextEdit(span: span, replacement: builtinModule)], applicability: .maybe)])
        } else {
            error(.unknownName, "unknown name `\(written)`", span, "not defined in this scope")
        }
    }

    /// `base.field`: a module member, a capability member, or a record field.
    func inferMember(_ expr: ExprID, base: ExprID, field: Symbol, callArity: Int?) -> TypeID {
        if case let .name(baseName) = tree.expr(base), lookupLocal(baseName) == nil, modules[Int(m)].topLevel[baseName] == nil {
            if let target = modules[Int(m)].imports[baseName] {
                modules[Int(m)].resolutions[Int(base)] = .module(target)
                return inferModuleMember(expr, module: target, moduleName: name(baseName), member: field, callArity: callArity)
            }
            let capability = name(baseName)
            if BuiltinTable.capabilities.contains(capability) {
                return inferCapabilityMember(expr, capability: capability, member: field)
            }
            if builtins.lookup(baseName) == nil, let similar = Suggestions.closest(capability, among: BuiltinTable.capabilities),
               builtins.lookup(capability: similar, member: field) != nil {
                let span = tree.span(base)
                error(.unknownName, "unknown name `\(capability)`", span, "not defined in this scope",
                      help: ["did you mean the capability module `\(similar)`?"],
                      fixes: [Fix(message: "replace with `\(similar)`", edits: [TextEdit(span: span, replacement: similar)], applicability: .safe)])
                return TypeStore.error
            }
        }
        let baseType = types.resolve(infer(base, expected: nil))
        return fieldType(of: baseType, field: field, at: expr, base: base)
    }

    func memberNameSpan(_ expr: ExprID, _ field: Symbol) -> Span {
        let whole = tree.span(expr)
        let length = UInt32(name(field).utf8.count)
        return Span(file: whole.file, start: whole.end >= length ? whole.end - length : whole.start, end: whole.end)
    }

    func fieldType(of baseType: TypeID, field: Symbol, at expr: ExprID, base: ExprID) -> TypeID {
        switch types.node(baseType) {
        case let .record(index):
            let record = types.records[Int(index)]
            if let found = record.field(field) { return found.field.type }
            reportUnknownField(field, record: record, at: expr)
            return TypeStore.error
        case let .sum(index):
            reportFieldOfSum(index, field: field, at: expr, base: base)
            return TypeStore.error
        case .dyn: return TypeStore.dyn
        case .error: return TypeStore.error
        case .variable:
            // No guessing from field names: adding an unrelated record elsewhere must not
            // change what this code means. The type has to come from the data flow. Which
            // diagnostic it gets depends on every module's records, so it waits until all are
            // declared (modules are checked as they load, before later ones are declared).
            pendingUnknownFields.append(PendingUnknownField(module: m, field: field, expr: expr, base: base))
            return TypeStore.error
        case .optional:
            error(.optionalUsedAsValue, "cannot read `.\(name(field))` of an optional `\(describe(baseType))`", tree.span(base), "this may be `none`",
                  help: ["unwrap it first with `match` or `??`"])
            return TypeStore.error
        default:
            error(.notARecord, "`\(describe(baseType))` has no fields", memberNameSpan(expr, field), "field access on a `\(describe(baseType))`",
                  help: ["fields can be read from records (and `dyn` values)"])
            return TypeStore.error
        }
    }

    func reportUnknownField(_ field: Symbol, record: RecordType, at expr: ExprID) {
        let span = memberNameSpan(expr, field)
        let candidates = record.fields.map { name($0.name) }
        let suggestion = Suggestions.closest(name(field), among: candidates)
        error(.unknownField, "record `\(record.name)` has no field `\(name(field))`", span, "unknown field",
              notes: ["`\(record.name)` has the fields: \(candidates.map { "`\($0)`" }.joined(separator: ", "))"],
              help: suggestion.map { ["a field with a similar name exists: `\($0)`"] } ?? [],
              fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: span, replacement: $0)], applicability: .maybe)] } ?? [])
    }

    func inferModuleMember(_ expr: ExprID, module: Int32, moduleName: String, member: Symbol, callArity: Int?) -> TypeID {
        if let topLevel = modules[Int(module)].topLevel[member] {
            if case .record = topLevel {} else {
                return resolveTopLevel(topLevel, module: module, expr: expr, written: name(member))
            }
        }
        let span = memberNameSpan(expr, member)
        let candidates = modules[Int(module)].topLevel.keys.map(name)
        if let bang = interner.lookup(name(member) + "!"), modules[Int(module)].topLevel[bang] != nil {
            error(.missingBang, "`\(moduleName).\(name(member))` is effectful and must be called as `\(moduleName).\(name(member))!`", span, "missing `!`",
                  fixes: [Fix(message: "add `!`", edits: [TextEdit(span: .point(span.file, span.end), replacement: "!")], applicability: .safe)])
            return TypeStore.error
        }
        let suggestion = Suggestions.closest(name(member), among: candidates)
        error(.unknownModuleMember, "module `\(moduleName)` has no `\(name(member))`", span, "not defined in `\(modules[Int(module)].path)`",
              help: suggestion.map { ["a name with a similar spelling exists: `\(moduleName).\($0)`"] } ?? [],
              fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: span, replacement: $0)], applicability: .maybe)] } ?? [])
        return TypeStore.error
    }

    // MARK: Records

    /// The record shape `Name { ... }` builds or matches: a record type or a variant.
    func lookupRecord(_ typeName: TypeName) -> Int32? {
        if let variant = lookupVariant(typeName) { return variant }
        if typeName.module < 0, modules[Int(m)].topLevel[typeName.name] == nil, name(typeName.name) != "Response" {
            reportUnknownConstructor(typeName)
            return nil
        }
        let resolved = resolveTypeName(typeName)
        if case let .record(index) = types.node(resolved) { return index }
        if case let .sum(index) = types.node(resolved) {
            let variants = types.sums[Int(index)].variants.map { "`\(types.records[Int($0)].name) { ... }`" }
            error(.unknownType, "`\(name(typeName.name))` is a sum type: construct one of its variants", typeName.span, "a sum type",
                  notes: ["its variants are \(variants.joined(separator: ", "))"])
        } else if resolved != TypeStore.error {
            error(.unknownType, "`\(name(typeName.name))` is not a record type", typeName.span, "cannot be constructed with `{ ... }`")
        }
        return nil
    }

    /// `Circel { r: 1.0 }`: what can be constructed with `{ ... }` is a record or a variant, so
    /// those are the candidates (not `i` or a sum type's name).
    private func reportUnknownConstructor(_ typeName: TypeName) {
        let written = name(typeName.name)
        let candidates = modules[Int(m)].recordTypes.keys.map(name) + modules[Int(m)].variants.keys.map(name)
        let suggestion = Suggestions.closest(written, among: candidates)
        error(.unknownType, "unknown type `\(written)`", typeName.span, "not a record or variant",
              help: suggestion.map { ["a record or variant with a similar name exists: `\($0)`"] } ?? [],
              fixes: suggestion.map { [Fix(message: "use `\($0)`", edits: [TextEdit(span: typeName.span, replacement: $0)], applicability: .maybe)] } ?? [])
    }

    /// A variant named in this module or, qualified, in an imported one.
    func lookupVariant(_ typeName: TypeName) -> Int32? {
        if typeName.module < 0 { return modules[Int(m)].variants[typeName.name] }
        guard let target = modules[Int(m)].imports[typeName.module] else { return nil }
        return modules[Int(target)].variants[typeName.name]
    }

    func inferRecordLiteral(_ expr: ExprID, typeName: TypeName, inits: ListRef) -> TypeID {
        guard let index = lookupRecord(typeName) else {
            for item in tree.fieldInits(inits) { infer(item.value, expected: nil) }
            return TypeStore.error
        }
        let record = types.records[Int(index)]
        var given: [Symbol: Span] = [:]
        for item in tree.fieldInits(inits) {
            if let first = given[item.name] {
                error(.duplicateField, "field `\(name(item.name))` is given twice", item.nameSpan, "given again here", secondary: [Label(first, "first given here")])
                infer(item.value, expected: nil)
                continue
            }
            given[item.name] = item.nameSpan
            guard let field = record.field(item.name)?.field else {
                let fake = item.nameSpan
                // Suggestions and the field list cost O(fields) each: only for the diagnostics
                // a file can show (a record literal with 20,000 wrong fields hung the checker).
                let affordable = diagnostics.count < DiagnosticLimit.perFile
                let candidates = affordable ? record.fields.filter { given[$0.name] == nil }.map { name($0.name) } : []
                let suggestion = Suggestions.closest(name(item.name), among: candidates)
                let listed = record.fields.prefix(affordable ? 30 : 0).map { "`\(name($0.name))`" }.joined(separator: ", ")
                    + (record.fields.count > 30 ? ", … (\(record.fields.count) in all)" : "")
                error(.unknownField, "record `\(record.name)` has no field `\(name(item.name))`", fake, "unknown field",
                      notes: affordable ? ["`\(record.name)` has the fields: \(listed)"] : [],
                      help: suggestion.map { ["a field with a similar name exists: `\($0)`"] } ?? [],
                      fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: fake, replacement: $0)], applicability: .maybe)] } ?? [])
                infer(item.value, expected: nil)
                continue
            }
            check(item.value, expected: field.type, context: "the field `\(name(item.name))` of `\(record.name)`")
        }
        let missing = record.fields.filter { !$0.isOptional && given[$0.name] == nil }
        if !missing.isEmpty {
            // Named in the message and notes up to ten; the fix still adds them all.
            let list = missing.prefix(10).map { "`\(name($0.name))`" }.joined(separator: ", ") + (missing.count > 10 ? " and \(missing.count - 10) more" : "")
            let span = tree.span(expr)
            let insertion = span.end > span.start ? span.end - 1 : span.end
            let text = missing.map { "\(name($0.name)): ???" }.joined(separator: ", ")
            error(.missingField, "missing \(missing.count == 1 ? "field" : "fields") \(list) in `\(record.name)`", typeName.span,
                  "\(record.name) needs \(list)",
                  notes: missing.prefix(10).map { "`\(name($0.name))` has type `\(describe($0.type))`" },
                  help: ["optional fields (`T?`) may be left out; the others must be given"],
                  fixes: [Fix(message: "add the missing fields", edits: [TextEdit(span: .point(span.file, insertion), replacement: (given.isEmpty ? "" : ", ") + text + " ")], applicability: .placeholder)])
        }
        if record.sum >= 0 {
            modules[Int(m)].variantConstructions[expr] = index
            return types.sum(record.sum)
        }
        return types.record(index)
    }

    func inferWith(_ expr: ExprID, base: ExprID, inits: ListRef) -> TypeID {
        let baseType = types.resolve(infer(base, expected: nil))
        guard case let .record(index) = types.node(baseType) else {
            if case .sum = types.node(baseType) {
                error(.notARecord, "`with` needs a record, found the sum type `\(describe(baseType))`", tree.span(base), "a sum type",
                      help: ["`match` on the value and build the variant you want in each arm"])
            } else if types.node(baseType) != .error {
                error(.notARecord, "`with` needs a record, found `\(describe(baseType))`", tree.span(base), "not a record")
            }
            for item in tree.fieldInits(inits) { infer(item.value, expected: nil) }
            return TypeStore.error
        }
        let record = types.records[Int(index)]
        for item in tree.fieldInits(inits) {
            guard let field = record.field(item.name)?.field else {
                let candidates = diagnostics.count < DiagnosticLimit.perFile ? record.fields.map { name($0.name) } : []
                let suggestion = Suggestions.closest(name(item.name), among: candidates)
                error(.unknownField, "record `\(record.name)` has no field `\(name(item.name))`", item.nameSpan, "unknown field",
                      fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: item.nameSpan, replacement: $0)], applicability: .maybe)] } ?? [])
                infer(item.value, expected: nil)
                continue
            }
            check(item.value, expected: field.type, context: "the field `\(name(item.name))`")
        }
        return baseType
    }
}

extension Checker {
    /// Words from other languages whose AURA spelling is not a similar name: `null` is `none`
    /// (not `all`), and `return` has no equivalent because blocks end in their value.
    func foreignWordHint(_ written: String) -> (notes: [String], help: String, replacement: String?)? {
        switch written {
        case "null", "nil", "None", "NULL", "undefined", "Nothing":
            return (["AURA writes the empty optional as `none`"], "use `none`", "none")
        case "return":
            return (["AURA has no `return`: a block's value is its last expression"], "write the value itself as the last line of the block", nil)
        case "True", "False":
            return (["AURA's booleans are lower case"], "use `\(written.lowercased())`", written.lowercased())
        default:
            return nil
        }
    }
}
