import AuraDiagnostics
import AuraSyntax

extension Checker {
    func inferMatch(_ expr: ExprID, scrutinee: ExprID, arms: ListRef, expected: TypeID?) -> TypeID {
        let subject = types.resolve(infer(scrutinee, expected: nil))
        // An open expectation (an unannotated result) is not bound to the first arm: the arms
        // join first, so `0 => 1, _ => none` makes it `i?`.
        var result: TypeID? = expected.flatMap { if case .variable = types.resolvedNode($0) { return nil } else { return $0 } }
        var sawNone = false
        var catchAll: Span? = nil
        var seenBools: Set<Bool> = []
        for arm in tree.arms(arms) {
            let patternSpan = tree.patternSpans[Int(arm.pattern)]
            if let catchAll {
                error(.unreachableArm, "unreachable match arm", patternSpan, "this arm can never be taken",
                      secondary: [Label(catchAll, "everything is already matched here")],
                      fixes: [], severity: .warning)
            }
            let savedCount = locals.count
            blockDepth += 1
            let unwrap = sawNone
            var isCatchAll = checkPattern(arm.pattern, against: subject, unwrapOptional: unwrap)
            // A whole variant covers that variant, not the whole type.
            if modules[Int(m)].patternVariants[arm.pattern] != nil { isCatchAll = false }
            switch tree.patterns[Int(arm.pattern)] {
            case .none: sawNone = true
            case let .literal(literal):
                if case let .bool(value) = tree.expr(literal) { seenBools.insert(value) }
            default: break
            }
            if isCatchAll && catchAll == nil { catchAll = patternSpan }
            statementExpr = arm.body
            if let current = result {
                // Without an expected type the arms join: a `none` arm makes the match optional.
                result = allowsWidening(expected) ? join(current, arm.body, context: "the other match arms")
                    : { check(arm.body, expected: current, context: "the other match arms"); return current }()
            } else {
                result = infer(arm.body, expected: nil)
            }
            blockDepth -= 1
            locals.removeSubrange(savedCount...)
        }
        if let sum = sumType(of: subject) {
            checkSumCoverage(sum, subject: subject, scrutinee: scrutinee, match: expr, arms: arms, hasCatchAll: catchAll != nil)
            return result ?? TypeStore.unit
        }
        if catchAll == nil {
            var exhaustive = false
            var missing = "`_`"
            switch types.node(subject) {
            case .bool:
                exhaustive = seenBools.count == 2
                missing = seenBools.contains(true) ? "`false`" : seenBools.contains(false) ? "`true`" : "`true` and `false`"
            case .optional:
                missing = sawNone ? "a value" : "`none`"
            case .error: exhaustive = true
            default: break
            }
            if !exhaustive {
                error(.nonExhaustiveMatch, "match does not cover every value", tree.span(scrutinee), "\(missing) not covered",
                      notes: ["a value that no arm matches stops the program with a runtime error (R0005)"],
                      help: ["add an arm for \(missing), or a catch-all `_ => ...`"], severity: .warning)
            }
        }
        return result ?? TypeStore.unit
    }

    /// Checks a pattern against a type, binding names. Returns whether it matches everything.
    func checkPattern(_ pattern: PatternID, against type: TypeID, unwrapOptional: Bool) -> Bool {
        let span = tree.patternSpans[Int(pattern)]
        switch tree.patterns[Int(pattern)] {
        case .wildcard:
            return true
        case let .binding(symbol):
            if let variant = variantPattern(symbol, against: type, unwrapOptional: unwrapOptional) {
                return matchVariant(variant, pattern: pattern, against: type, unwrapOptional: unwrapOptional)
            }
            if let sum = sumType(of: type), name(symbol).first?.isUppercase == true {
                reportUnknownVariant(symbol, of: sum, at: span)
                return false
            }
            var bound = type
            var total = true
            if unwrapOptional, case let .optional(inner) = types.resolvedNode(type) { bound = inner }
            else if case .optional = types.resolvedNode(type) {} else { total = true }
            modules[Int(m)].patternLocals[Int(pattern)] = declareLocal(symbol, bound, isVar: false, span: span)
            return total
        case .none:
            let inner = types.fresh(level: level)
            if types.unify(type, types.optional(inner)) != nil, types.resolvedNode(type) != .dyn {
                error(.typeMismatch, "`none` cannot match a `\(describe(type))`", span, "this value is never `none`")
            }
            return false
        case let .literal(literal):
            let literalType = infer(literal, expected: nil)
            var target = types.resolve(type)
            if case let .optional(inner) = types.node(target) { target = inner }
            if types.resolvedNode(target) == .dyn { return false }
            if types.unify(literalType, target) != nil {
                error(.typeMismatch, "pattern of type `\(describe(literalType))` cannot match a `\(describe(type))`", span, "mismatched pattern")
            }
            return false
        case let .variant(typeNameIndex):
            let typeName = tree.typeNames[Int(typeNameIndex)]
            guard let variant = lookupVariant(typeName) else {
                error(.unknownType, "`\(tree.text(typeName.span))` is not a variant", typeName.span, "not a variant",
                      help: ["patterns name a variant (`util.Empty`), a record (`util.User { name }`), a literal, `none`, `_` or a name"])
                return false
            }
            return matchVariant(variant, pattern: pattern, against: type, unwrapOptional: unwrapOptional)
        case let .record(typeNameIndex, fields):
            let typeName = tree.typeNames[Int(typeNameIndex)]
            let contextual = typeName.module < 0 ? variantPattern(typeName.name, against: type, unwrapOptional: unwrapOptional) : nil
            guard let index = contextual ?? lookupRecord(typeName) else { return false }
            let record = types.records[Int(index)]
            if record.sum >= 0 {
                _ = matchVariant(index, pattern: pattern, against: type, unwrapOptional: unwrapOptional)
            } else {
                var target = types.resolve(type)
                if unwrapOptional, case let .optional(inner) = types.node(target) { target = inner }
                if types.unify(target, types.record(index)) != nil {
                    error(.typeMismatch, "pattern `\(record.name) { ... }` cannot match a `\(describe(type))`", span, "mismatched pattern")
                }
            }
            var total = true
            for (offset, field) in tree.fieldPatterns(fields).enumerated() {
                guard let found = record.field(field.name)?.field else {
                    let suggestion = Suggestions.closest(name(field.name), among: record.fields.map { name($0.name) })
                    error(.unknownField, "record `\(record.name)` has no field `\(name(field.name))`", field.nameSpan, "unknown field",
                          fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: field.nameSpan, replacement: $0)], applicability: .maybe)] } ?? [])
                    continue
                }
                if field.pattern < 0 {
                    modules[Int(m)].fieldPatternLocals[Int(fields.start) + offset] = declareLocal(field.name, found.type, isVar: false, span: field.nameSpan)
                } else if !checkPattern(field.pattern, against: found.type, unwrapOptional: false) {
                    total = false
                }
            }
            return total
        }
    }

    /// The variant a pattern name stands for: first a variant of the scrutinee's own sum type
    /// (so `match shape { Circle { r } => ... }` works for a `util.Shape` too), then a variant
    /// declared in this module. Nil: the name is a binding.
    func variantPattern(_ symbol: Symbol, against type: TypeID, unwrapOptional: Bool) -> Int32? {
        var target = types.resolve(type)
        if case let .optional(inner) = types.node(target) { target = types.resolve(inner) }
        if case let .sum(sum) = types.node(target),
           let own = types.sums[Int(sum)].variants.first(where: { types.records[Int($0)].name == name(symbol) }) {
            return own
        }
        return modules[Int(m)].variants[symbol]
    }

    /// Unifies the scrutinee with the variant's sum type and records the test. Returns whether
    /// the pattern matches every value of the variant (a bare name always does).
    private func matchVariant(_ variant: Int32, pattern: PatternID, against type: TypeID, unwrapOptional: Bool) -> Bool {
        let record = types.records[Int(variant)]
        var target = types.resolve(type)
        if unwrapOptional, case let .optional(inner) = types.node(target) { target = inner }
        if types.unify(target, types.sum(record.sum)) != nil {
            error(.typeMismatch, "variant `\(record.name)` of `\(types.sums[Int(record.sum)].name)` cannot match a `\(describe(type))`",
                  tree.patternSpans[Int(pattern)], "mismatched pattern")
        }
        modules[Int(m)].patternVariants[pattern] = variant
        return true
    }
}
