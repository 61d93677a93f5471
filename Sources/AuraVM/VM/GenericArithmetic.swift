/// Arithmetic on operands whose type the checker left polymorphic (rare: generic functions).
enum GenericArithmetic {
    static func apply(_ op: Opcode, _ lhs: Value, _ rhs: Value) throws -> Value {
        switch (lhs, rhs) {
        case let (.int(x), .int(y)):
            let result: (Int64, Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .sub: result = x.subtractingReportingOverflow(y)
            case .mul: result = x.multipliedReportingOverflow(by: y)
            case .div:
                if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(x) / 0") }
                result = x.dividedReportingOverflow(by: y)
            default:
                if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(x) % 0") }
                result = x.remainderReportingOverflow(dividingBy: y)
            }
            if result.1 { throw RuntimeError(.integerOverflow, "integer overflow: \(x) and \(y) do not fit in 64 bits") }
            return .int(result.0)
        case let (.float(x), .float(y)):
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            case .div:
                if y == 0 { throw RuntimeError(.divisionByZero, "division by zero") }
                return .float(x / y)
            default:
                if y == 0 { throw RuntimeError(.divisionByZero, "division by zero") }
                return .float(x.truncatingRemainder(dividingBy: y))
            }
        case let (.string(x), .string(y)) where op == .add: return .string(x + y)
        case let (.list(x), .list(y)) where op == .add: return .list(x + y)
        default:
            throw RuntimeError(.wrongDynKind, "cannot apply arithmetic to \(lhs.kindName) and \(rhs.kindName)")
        }
    }
}

/// Field and index access on values whose shape is only known at run time (`dyn`).
enum DynamicAccess {
    static func field(_ value: Value, _ name: String) throws -> Value {
        switch value {
        case let .map(map):
            if let found = map[.string(name)] { return found }
            throw RuntimeError(.missingKey, "missing key \"\(name)\" in \(value.debugDisplay.prefix(80))",
                               help: ["check the data's shape, or use `get(m, \"\(name)\")` for an optional"])
        case let .record(record):
            if let position = record.layout.index(of: name) { return record.fields[position] }
            if record.layout.isVariant && name == "tag" { return .string(record.layout.name) }
            throw RuntimeError(.missingKey, "`\(record.layout.name)` has no field `\(name)`")
        default:
            throw RuntimeError(.wrongDynKind, "cannot read field `\(name)` of a \(value.kindName)")
        }
    }

    /// Switches on the collection alone: a `(value, index)` tuple pattern copies both values
    /// (a retain of the map or list on every `m[k]`).
    @inline(__always)
    static func index(_ value: Value, _ index: Value) throws -> Value {
        switch value {
        case let .map(map):
            if let found = map[index] { return found }
            throw RuntimeError(.missingKey, "missing key \(index.debugDisplay) in map",
                               help: ["use `get(m, key)` for an optional, or check with `has(m, key)`"])
        case let .list(items):
            guard case let .int(i) = index else { break }
            guard i >= 0, i < items.count else {
                throw RuntimeError(.indexOutOfRange, "index \(i) is out of range for a list of \(items.count) \(items.count == 1 ? "item" : "items")",
                                   help: ["use `get(xs, i)` for an optional instead"])
            }
            return items[Int(i)]
        case let .string(text):
            guard case let .int(i) = index else { break }
            // Walks to the scalar instead of copying every scalar of the string into a new array
            // on each `s[i]`.
            let scalars = text.unicodeScalars
            guard i >= 0, let position = scalars.index(scalars.startIndex, offsetBy: Int(i), limitedBy: scalars.endIndex),
                  position != scalars.endIndex else {
                throw RuntimeError(.indexOutOfRange, "index \(i) is out of range for a string of \(scalars.count) characters")
            }
            return .string(String(scalars[position]))
        default:
            break
        }
        throw RuntimeError(.wrongDynKind, "cannot index a \(value.kindName) with a \(index.kindName)")
    }
}
