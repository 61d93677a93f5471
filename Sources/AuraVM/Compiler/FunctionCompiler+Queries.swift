import AuraSema
import AuraSyntax

extension FunctionCompiler {
    /// `q | where(pred)` on a query: the builtin gets the condition's SQL form (a constant) and
    /// the values of its parameters, evaluated here, in place of the lambda, which never runs.
    /// `q | order_by(_.field)` gets the column's name.
    func compileQueryStage(_ stage: QueryStage, callee: ExprID, args: [ExprID], into target: Int32) {
        guard case let .builtin(id) = module.resolutions[Int(callee)], let query = args.first else { return }
        switch stage {
        case let .filter(predicate, parameters):
            let start = allocate(2 + parameters.count)
            compile(query, into: start)
            emit(.loadConst, start + 1, constant(.object(PredicateTemplate(predicate))))
            for (offset, parameter) in parameters.enumerated() { compile(parameter, into: start + 2 + Int32(offset)) }
            emit(.callBuiltin, target, id, start, Int32(2 + parameters.count))
        case let .order(column, _):
            let start = allocate(2)
            compile(query, into: start)
            emit(.loadConst, start + 1, constant(.string(column)))
            emit(.callBuiltin, target, id, start, 2)
        }
    }
}

extension ProgramCompiler {
    /// The columns of a table record, for its layout.
    func tableSchema(_ record: RecordType) -> TableSchema? {
        guard let table = record.table else { return nil }
        var columns: [TableSchema.Column] = []
        for field in record.fields {
            var type = checked.types.resolved(field.type)
            if case let .optional(inner) = checked.types.node(type) { type = checked.types.resolved(inner) }
            let kind: TableSchema.Kind
            switch checked.types.node(type) {
            case .int: kind = .int
            case .float: kind = .float
            case .bool: kind = .bool
            default: kind = .string
            }
            columns.append(TableSchema.Column(name: checked.interner.name(field.name), kind: kind, isOptional: field.isOptional))
        }
        return TableSchema(name: table.name, recordName: record.name, columns: columns, primaryKey: table.primaryKey)
    }
}
