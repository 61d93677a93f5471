import AuraDiagnostics
import AuraSyntax

/// Diagnostics particular to sum types: reading a field of a sum-typed value, and a `match`
/// that leaves variants out.
extension Checker {
    /// E0313: `shape.r` where `shape: Shape`. Which variant a value is is only known inside a
    /// `match` arm, so the help writes that `match` with the variants that have the field.
    func reportFieldOfSum(_ index: Int32, field: Symbol, at expr: ExprID, base: ExprID) {
        let sum = types.sums[Int(index)]
        let owners = sum.variants.filter { types.records[Int($0)].field(field) != nil }.map { types.records[Int($0)].name }
        let fieldName = name(field)
        var notes = ["a `\(sum.name)` is one of \(sum.variants.map { "`\(types.records[Int($0)].name)`" }.joined(separator: ", ")); which one is known only inside a `match` arm"]
        var help: [String] = []
        if owners.isEmpty {
            notes.append("no variant of `\(sum.name)` has a field `\(fieldName)`")
        } else {
            let arms = owners.map { "\($0) { \(fieldName) } => \(fieldName)" } + (owners.count < sum.variants.count ? ["_ => ..."] : [])
            help.append("read it in a `match`: `match \(tree.text(tree.span(base))) { \(arms.joined(separator: ", ")) }`")
        }
        error(.fieldOfSumType, "cannot read `.\(fieldName)` of a `\(sum.name)`: its fields belong to its variants", memberNameSpan(expr, field),
              "`\(sum.name)` is a sum type", notes: notes, help: help)
    }

    /// `Emtpy =>` in a match on a `Shape`: a capitalised name there is a variant that does not
    /// exist, not a binding (which would silently match everything).
    func reportUnknownVariant(_ symbol: Symbol, of sum: Int32, at span: Span) {
        let variants = types.sums[Int(sum)].variants.map { types.records[Int($0)].name }
        let suggestion = Suggestions.closest(name(symbol), among: variants)
        error(.unknownName, "`\(name(symbol))` is not a variant of `\(types.sums[Int(sum)].name)`", span, "not a variant",
              notes: ["the variants are \(variants.map { "`\($0)`" }.joined(separator: ", "))"],
              help: (suggestion.map { ["a variant with a similar name exists: `\($0)`"] } ?? []) + ["to bind the whole value, use a lower-case name"],
              fixes: suggestion.map { [Fix(message: "use `\($0)`", edits: [TextEdit(span: span, replacement: $0)], applicability: .maybe)] } ?? [])
    }

    /// The sum type a scrutinee of this type has (also through an optional).
    func sumType(of subject: TypeID) -> Int32? {
        var target = types.resolve(subject)
        if case let .optional(inner) = types.node(target) { target = types.resolve(inner) }
        if case let .sum(index) = types.node(target) { return index }
        return nil
    }

    /// E0312 for variants (and `none`) no arm handles; W0003 for arms the arms above already
    /// cover (a dead arm after a catch-all was reported while checking the arms).
    func checkSumCoverage(_ sum: Int32, subject: TypeID, scrutinee: ExprID, match expr: ExprID, arms: ListRef, hasCatchAll: Bool) {
        var space = PatternSpace(types: types)
        var rows: [[PatternSpace.Pattern]] = []
        var deadAfterCatchAll = false
        for arm in tree.arms(arms) {
            let row = [patternSpace(arm.pattern, type: subject)]
            if !deadAfterCatchAll, !rows.isEmpty, !space.isUseful(rows, row, columns: [subject]) {
                error(.unreachableArm, "unreachable match arm", tree.patternSpans[Int(arm.pattern)], "the arms above already match every value here",
                      severity: .warning)
            }
            if case .any = row[0] { deadAfterCatchAll = true }
            rows.append(row)
        }
        if hasCatchAll { return }
        var missing: [PatternSpace.Constructor] = []
        let isOptional: Bool = { if case .optional = types.resolvedNode(subject) { return true } else { return false } }()
        if isOptional, space.isUseful(rows, [.constructor(.none, [])], columns: [subject]) { missing.append(.none) }
        for variant in types.sums[Int(sum)].variants where space.isUseful(rows, [space.whole(.record(variant))], columns: [subject]) {
            missing.append(.record(variant))
        }
        if !missing.isEmpty { reportMissingVariants(missing, of: sum, scrutinee: scrutinee, match: expr, arms: arms, rows: rows) }
    }

    /// E0312: a `match` on a sum type without `_` that misses variants. The placeholder fix adds
    /// one arm per missing variant, binding its fields, with `???` for the author to fill in.
    private func reportMissingVariants(_ missing: [PatternSpace.Constructor], of sum: Int32, scrutinee: ExprID, match expr: ExprID,
                                       arms: ListRef, rows: [[PatternSpace.Pattern]]) {
        let names = missing.map { constructor -> String in
            guard case let .record(variant) = constructor else { return "`none`" }
            let name = types.records[Int(variant)].name
            // Some arms match part of the variant (`Paren { open: true }`): say so.
            let partly = rows.contains { if case .constructor(constructor, _)? = $0.first { return true } else { return false } }
            return partly ? "`\(name)` (every value)" : "`\(name)`"
        }
        let list = names.joined(separator: ", ")
        let armTexts = missing.map { constructor -> String in
            guard case let .record(variant) = constructor else { return "none => ???" }
            return variantArmText(variant)
        }
        var fixes: [Fix] = []
        if let edit = armInsertion(armTexts, match: expr, arms: arms) {
            fixes.append(Fix(message: "add \(missing.count == 1 ? "an arm" : "arms") for \(list)", edits: [edit], applicability: .placeholder))
        }
        error(.nonExhaustiveSumMatch, "match on `\(types.sums[Int(sum)].name)` does not handle \(list)", tree.span(scrutinee),
              "\(list) not handled",
              notes: ["every variant of a sum type needs an arm (or a catch-all `_ => ...`)"],
              help: ["add " + armTexts.map { "`\($0)`" }.joined(separator: ", ")],
              fixes: fixes)
    }

    /// `Rect { w, h } => ???` or `Empty => ???`.
    private func variantArmText(_ variant: Int32) -> String {
        let record = types.records[Int(variant)]
        let fields = record.fields.map { name($0.name) }
        return record.name + (fields.isEmpty ? "" : " { " + fields.joined(separator: ", ") + " }") + " => ???"
    }

    /// Inserts the arms before the `match`'s closing `}`, one per line in the arms' indentation
    /// (or after a `,` on one line when the match is written on one line).
    private func armInsertion(_ arms: [String], match expr: ExprID, arms list: ListRef) -> TextEdit? {
        let span = tree.span(expr)
        let bytes = tree.file.bytes
        guard span.end > span.start, Int(span.end) <= bytes.count, bytes[Int(span.end) - 1] == UInt8(ascii: "}") else { return nil }
        let close = span.end - 1
        let file = tree.file
        let lastArm = tree.arms(list).last
        let lastEnd = lastArm.map { tree.span($0.body).end } ?? (tree.span(expr).start)
        if file.lineIndex(of: close) == file.lineIndex(of: span.start) {
            // One line: `match s { A => 1 }` → `match s { A => 1, B => ??? }`.
            let separator = lastArm == nil ? " " : ", "
            return TextEdit(span: .point(span.file, lastEnd), replacement: separator + arms.joined(separator: ", "))
        }
        // Several lines: reuse the indentation of the first arm (or the match's plus four).
        let indent: String
        if let first = tree.arms(list).first {
            let start = tree.patternSpans[Int(first.pattern)].start
            let lineStart = file.lineStarts[file.lineIndex(of: start)]
            indent = file.text(lineStart, start)
        } else {
            let lineStart = file.lineStarts[file.lineIndex(of: span.start)]
            indent = String(file.text(lineStart, span.start).prefix { $0 == " " || $0 == "\t" }) + "    "
        }
        let needsComma = lastArm != nil && !followedByComma(lastEnd, before: close)
        let text = (needsComma ? "," : "") + arms.map { "\n" + indent + $0 }.joined(separator: ",")
        return TextEdit(span: .point(span.file, lastEnd), replacement: text)
    }

    private func followedByComma(_ offset: UInt32, before end: UInt32) -> Bool {
        let bytes = tree.file.bytes
        var index = Int(offset)
        while index < Int(end) {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case UInt8(ascii: ","): return true
            default: return false
            }
        }
        return false
    }
}
