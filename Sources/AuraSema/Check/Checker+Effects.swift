import AuraDiagnostics
import AuraSyntax

extension Checker {
    /// Records that the current context performs an effect; an error in a pure function or constant.
    /// `what` is only built when there is an error to report (every effectful call passes one).
    func performEffect(at span: Span, _ what: @autoclosure () -> String) {
        guard let top = contexts.indices.last else { return }
        contexts[top].performedEffect = true
        switch contexts[top].kind {
        case .effectful, .lambda:
            return
        case let .pureFunction(index):
            let decl = tree.functions[Int(index)]
            let fname = name(decl.name)
            let diagnosticIndex = diagnostics.count
            error(.effectInPureContext, "effectful call in pure function `\(fname)`", span, what(),
                  secondary: [Label(decl.nameSpan, "`\(fname)` is pure: its name does not end in `!`")],
                  notes: ["pure functions cannot perform effects; effects are allowed in `main`, tests and functions named `name!`"],
                  help: ["rename `\(fname)` to `\(fname)!` and update its callers"])
            pendingRenames.append((diagnosticIndex, m, index))
        case let .pureConstant(symbol):
            error(.effectInPureContext, "effectful call in constant `\(name(symbol))`", span, what(),
                  notes: ["top-level constants are computed without effects; only `main` may perform them"],
                  help: ["move this into `main` or into a function named `name!`"])
        }
    }

    /// Adds the rename fix (`f` → `f!` at the definition and every call) to pending E0401s.
    func finishRenameFixes() {
        for (diagnosticIndex, module, index) in pendingRenames {
            let decl = modules[Int(module)].tree.functions[Int(index)]
            let fname = name(decl.name)
            var edits = [TextEdit(span: .point(decl.nameSpan.file, decl.nameSpan.end), replacement: "!")]
            for reference in references[Checker.referenceKey(module, index)] ?? [] {
                edits.append(TextEdit(span: .point(reference.file, reference.end), replacement: "!"))
            }
            var seen = Set<Span>()
            edits = edits.filter { seen.insert($0.span).inserted }
            let callers = edits.count - 1
            diagnostics[diagnosticIndex].fixes.append(Fix(
                message: "rename `\(fname)` to `\(fname)!`" + (callers > 0 ? " and update \(callers) \(callers == 1 ? "call" : "calls")" : ""),
                edits: edits, applicability: .maybe))
        }
        pendingRenames = []
    }

    // MARK: Capabilities

    /// `db.x` needs `+db` in the header of the file that uses it.
    func useCapability(_ capability: String, at span: Span) {
        let (used, declared) = readModule(m) { ($0.pointee.usedCapabilities.contains(capability), $0.pointee.declaredCapabilities[capability] != nil) }
        if !used { modules[Int(m)].usedCapabilities.insert(capability) }
        guard !declared, !reportedCapabilities.contains(capability) else { return }
        reportedCapabilities.insert(capability)
        var insertion: TextEdit
        var rule: String? = nil
        if let misspelled = tree.capabilities.first(where: {
            !BuiltinTable.capabilities.contains($0.name) && Suggestions.closest($0.name, among: BuiltinTable.capabilities) == capability
        }) {
            // `+jsn` with `json.*` used: the use settles what the misspelling meant, so both
            // diagnostics get the same certain fix (adding `+json` beside `+jsn` would leave E0502).
            insertion = TextEdit(span: misspelled.span, replacement: "+\(capability)")
            rule = "capability-in-use"
            if let index = diagnostics.firstIndex(where: { $0.code == .unknownCapability && $0.span == misspelled.span }) {
                diagnostics[index].fixes = [Fix(message: "use `+\(capability)`: the file uses `\(capability).*`", edits: [insertion],
                                                applicability: .safe, rule: rule)]
            }
        } else if let lineEnd = tree.capabilityLineEnd {
            insertion = TextEdit(span: .point(fileID, lineEnd), replacement: " +\(capability)")
        } else {
            insertion = TextEdit(span: .point(fileID, 0), replacement: "+\(capability)\n")
        }
        let capabilitySpan = Span(file: span.file, start: span.start, end: span.start + UInt32(capability.utf8.count))
        error(.missingCapability, "`\(capability).*` needs the `+\(capability)` capability", capabilitySpan, "uses `+\(capability)`",
              notes: ["a file declares what it may do in its header, e.g. `+db +json` on the first line"],
              help: [rule == nil ? "add `+\(capability)` to the top of the file" : "replace the misspelled capability with `+\(capability)`"],
              fixes: [Fix(message: rule == nil ? "add `+\(capability)` to the header" : "replace the misspelled capability with `+\(capability)`",
                          edits: [insertion], applicability: .safe, rule: rule)])
    }

    func inferCapabilityMember(_ expr: ExprID, capability: String, member: Symbol) -> TypeID {
        guard case let .member(base, _) = tree.expr(expr) else { return TypeStore.error }
        useCapability(capability, at: tree.span(base))
        if let entry = builtins.lookup(capability: capability, member: member) {
            modules[Int(m)].resolutions[Int(expr)] = .builtin(entry.id)
            return types.instantiate(entry.overloads[0], level: level)
        }
        let span = memberNameSpan(expr, member)
        let written = name(member)
        let members = builtins.members(of: capability).map(\.name)
        if members.contains(written + "!") {
            error(.missingBang, "`\(capability).\(written)` is effectful and must be called as `\(capability).\(written)!`", span, "missing `!`",
                  fixes: [Fix(message: "add `!`", edits: [TextEdit(span: .point(span.file, span.end), replacement: "!")], applicability: .safe)])
            return TypeStore.error
        }
        let suggestion = Suggestions.closest(written, among: members)
        error(.unknownCapabilityMember, "`\(capability)` has no function `\(written)`", span, "unknown in `\(capability)`",
              notes: ["`\(capability)` provides: " + members.map { "`\($0)`" }.joined(separator: ", ")],
              help: suggestion.map { ["a function with a similar name exists: `\(capability).\($0)`"] } ?? [],
              fixes: suggestion.map { [Fix(message: "replace with `\($0)`", edits: [TextEdit(span: span, replacement: $0)], applicability: .safe)] } ?? [])
        return TypeStore.error
    }

    /// Least privilege: a declared capability that nothing uses is a warning with a safe fix.
    func checkUnusedCapabilities() {
        let module = modules[Int(m)]
        for (capability, span) in module.declaredCapabilities.sorted(by: { $0.value.start < $1.value.start }) where !module.usedCapabilities.contains(capability) {
            error(.unusedCapability, "capability `+\(capability)` is declared but never used", span, "unused capability",
                  notes: ["declare only what the file needs (least privilege)"],
                  fixes: [Fix(message: "remove `+\(capability)`", edits: [capabilityRemoval(span)], applicability: .safe)],
                  severity: .warning)
        }
    }

    /// Removes `+cap`; when it is alone on its line, the whole line goes.
    private func capabilityRemoval(_ span: Span) -> TextEdit {
        let file = tree.file
        let line = file.lineIndex(of: span.start)
        let range = file.lineByteRange(line)
        let lineText = file.text(UInt32(range.lowerBound), UInt32(range.upperBound))
        let trimmed = lineText.split(separator: "#", maxSplits: 1).first.map { $0.filter { $0 != " " && $0 != "\t" } } ?? ""
        if trimmed == file.text(span.start, span.end) {
            let end = line + 1 < file.lineCount ? Int(file.lineStarts[line + 1]) : range.upperBound
            return TextEdit(span: Span(file: span.file, start: UInt32(range.lowerBound), end: UInt32(end)), replacement: "")
        }
        return removal(of: span)
    }
}
