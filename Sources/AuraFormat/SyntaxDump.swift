import AuraSyntax

/// A canonical, span-free rendering of a `SyntaxTree`: two trees dump equal exactly when they
/// mean the same program (same declarations in the same order, same expressions, same literal
/// values). `aura fmt` compares the dumps of the input and of its output before writing
/// anything, and the formatter tests compare them over every `.aura` file in the repository.
public enum SyntaxDump {
    /// One line per declaration, expressions as nested S-expressions.
    public static func dump(_ tree: SyntaxTree, interner: Interner) -> String {
        var writer = DumpWriter(tree: tree, interner: interner)
        writer.writeFile()
        return writer.out
    }
}

private struct DumpWriter {
    let tree: SyntaxTree
    let interner: Interner
    var out = ""

    init(tree: SyntaxTree, interner: Interner) {
        self.tree = tree
        self.interner = interner
    }

    func name(_ symbol: Symbol) -> String { symbol < 0 ? "-" : interner.name(symbol) }

    mutating func writeFile() {
        for capability in tree.capabilities { out += "(cap \(capability.name))\n" }
        for use in tree.uses { out += "(use \(use.path) \(name(use.alias)))\n" }
        for record in tree.records {
            out += "(record \(name(record.name))"
            if let table = record.table { out += " (table \(table.name))" }
            fields(record.fields)
            out += ")\n"
        }
        for sum in tree.sums {
            out += "(sum \(name(sum.name))"
            for variant in sum.variants {
                out += " (variant \(name(variant.name))"
                fields(variant.fields)
                out += ")"
            }
            out += ")\n"
        }
        for function in tree.functions {
            out += "(fn \(name(function.name)) effectful=\(function.isEffectful) "
            params(function.params)
            out += " -> "
            type(function.result)
            out += " "
            expr(function.body)
            out += ")\n"
        }
        for constant in tree.constants {
            out += "(const \(name(constant.name)) : "
            type(constant.annotation)
            out += " "
            expr(constant.value)
            out += ")\n"
        }
        for test in tree.tests {
            out += "(test \(quoted(test.title)) "
            expr(test.body)
            out += ")\n"
        }
    }

    func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    mutating func params(_ list: ListRef) {
        out += "["
        for (index, param) in tree.params(list).enumerated() {
            if index > 0 { out += " " }
            out += name(param.name) + ":"
            type(param.type)
        }
        out += "]"
    }

    mutating func fields(_ fields: [RecordDecl.Field]) {
        for field in fields {
            out += " (field \(name(field.name)) "
            type(field.type)
            for attribute in field.attributes { out += " @\(attribute)" }
            out += ")"
        }
    }

    mutating func type(_ id: TypeExprID) {
        guard id >= 0 else { out += "_"; return }
        switch tree.types[Int(id)] {
        case let .named(index): typeName(index)
        case let .list(element): out += "["; type(element); out += "]"
        case let .map(key, value): out += "{"; type(key); out += ":"; type(value); out += "}"
        case let .optional(inner): type(inner); out += "?"
        case let .query(row): out += "(query "; type(row); out += ")"
        case let .function(parameters, result, effectful):
            out += "(fn-type"
            for parameter in tree.typeChildren(parameters) { out += " "; type(parameter) }
            out += effectful ? " ->! " : " -> "
            type(result)
            out += ")"
        }
    }

    mutating func typeName(_ index: Int32) {
        let typeName = tree.typeNames[Int(index)]
        if typeName.module >= 0 { out += name(typeName.module) + "." }
        out += name(typeName.name)
    }

    mutating func list(_ tag: String, _ items: ArraySlice<ExprID>) {
        out += "(" + tag
        for item in items { out += " "; expr(item) }
        out += ")"
    }

    mutating func fieldInits(_ list: ListRef) {
        for field in tree.fieldInits(list) {
            out += " (\(name(field.name)) "
            expr(field.value)
            out += ")"
        }
    }

    mutating func expr(_ id: ExprID) {
        guard id >= 0 else { out += "_"; return }
        switch tree.expr(id) {
        case let .int(value): out += "\(value)"
        case let .float(value): out += "f\(value.bitPattern)"
        case let .string(index): out += quoted(tree.strings[Int(index)])
        case let .bool(value): out += "\(value)"
        case .none: out += "none"
        case let .interpolation(parts): list("interp", tree.children(parts))
        case let .name(symbol): out += name(symbol)
        case .placeholder: out += "(placeholder)"
        case let .member(base, field): out += "(. "; expr(base); out += " \(name(field)))"
        case let .index(base, index): out += "(index "; expr(base); out += " "; expr(index); out += ")"
        case let .call(callee, args, piped):
            out += piped ? "(pipe-call " : "(call "
            expr(callee)
            for arg in tree.children(args) { out += " "; expr(arg) }
            out += ")"
        case let .unary(op, operand): out += "(\(op == .not ? "not" : "neg") "; expr(operand); out += ")"
        case let .binary(op, lhs, rhs): out += "(\(op.spelling) "; expr(lhs); out += " "; expr(rhs); out += ")"
        case let .lambda(parameters, body): out += "(lambda "; params(parameters); out += " "; expr(body); out += ")"
        case let .block(statements): list("block", tree.children(statements))
        case let .ifElse(condition, then, otherwise):
            out += "(if "; expr(condition); out += " "; expr(then); out += " "; expr(otherwise); out += ")"
        case let .match(scrutinee, arms):
            out += "(match "
            expr(scrutinee)
            for arm in tree.arms(arms) { out += " ("; pattern(arm.pattern); out += " => "; expr(arm.body); out += ")" }
            out += ")"
        case let .list(items): list("list", tree.children(items))
        case let .map(items): list("map", tree.children(items))
        case let .record(typeIndex, fields):
            out += "(record "; typeName(typeIndex); fieldInits(fields); out += ")"
        case let .with(base, fields): out += "(with "; expr(base); fieldInits(fields); out += ")"
        case let .binding(index):
            let binding = tree.bindings[Int(index)]
            out += "(\(binding.isVar ? "var" : "let") \(name(binding.name)) : "
            type(binding.annotation)
            out += " "
            expr(binding.value)
            out += ")"
        case let .assign(target, value): out += "(assign \(name(target)) "; expr(value); out += ")"
        case let .forIn(index):
            let loop = tree.loops[Int(index)]
            out += "(for \(name(loop.name)) "; expr(loop.sequence); out += " "; expr(loop.body); out += ")"
        case let .whileLoop(condition, body): out += "(while "; expr(condition); out += " "; expr(body); out += ")"
        case .error: out += "(error)"
        }
    }

    mutating func pattern(_ id: PatternID) {
        guard id >= 0 else { out += "~"; return }
        switch tree.patterns[Int(id)] {
        case .wildcard: out += "_"
        case let .binding(symbol): out += "(bind \(name(symbol)))"
        case let .literal(value): expr(value)
        case .none: out += "none"
        case let .record(typeIndex, fields):
            out += "(record-pattern "
            typeName(typeIndex)
            for field in tree.fieldPatterns(fields) { out += " (\(name(field.name)) "; pattern(field.pattern); out += ")" }
            out += ")"
        case let .variant(typeIndex):
            out += "(variant-pattern "
            typeName(typeIndex)
            out += ")"
        }
    }
}
