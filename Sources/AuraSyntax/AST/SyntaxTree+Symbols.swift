extension SyntaxTree {
    /// Renumbers every symbol the tree holds through `table` (old symbol → new), for a tree
    /// parsed with its own interner and then adopted into another (`Interner.adopt`).
    ///
    /// Every `Symbol` in the AST's types is listed here; `SymbolRemapTests` checks a parallel
    /// parse against a sequential one over a corpus that uses each of them, so a field added
    /// to a node without a line here fails that test.
    public mutating func remapSymbols(_ table: [Symbol]) {
        @inline(__always) func map(_ symbol: Symbol) -> Symbol { symbol < 0 ? symbol : table[Int(symbol)] }
        for index in exprs.indices {
            switch exprs[index] {
            case let .name(symbol): exprs[index] = .name(map(symbol))
            case let .member(base, symbol): exprs[index] = .member(base, map(symbol))
            case let .assign(symbol, value): exprs[index] = .assign(map(symbol), value)
            default: break
            }
        }
        for index in patterns.indices {
            if case let .binding(symbol) = patterns[index] { patterns[index] = .binding(map(symbol)) }
        }
        for index in bindings.indices { bindings[index].name = map(bindings[index].name) }
        for index in loops.indices { loops[index].name = map(loops[index].name) }
        for index in params.indices { params[index].name = map(params[index].name) }
        for index in fieldInits.indices { fieldInits[index].name = map(fieldInits[index].name) }
        for index in fieldPatterns.indices { fieldPatterns[index].name = map(fieldPatterns[index].name) }
        for index in typeNames.indices {
            typeNames[index].module = map(typeNames[index].module)
            typeNames[index].name = map(typeNames[index].name)
        }
        for index in uses.indices { uses[index].alias = map(uses[index].alias) }
        for index in functions.indices { functions[index].name = map(functions[index].name) }
        for index in constants.indices { constants[index].name = map(constants[index].name) }
        func remap(_ fields: inout [RecordDecl.Field]) {
            for index in fields.indices { fields[index].name = map(fields[index].name) }
        }
        for index in records.indices {
            records[index].name = map(records[index].name)
            remap(&records[index].fields)
        }
        for index in sums.indices {
            sums[index].name = map(sums[index].name)
            for variant in sums[index].variants.indices {
                sums[index].variants[variant].name = map(sums[index].variants[variant].name)
                remap(&sums[index].variants[variant].fields)
            }
        }
    }
}
