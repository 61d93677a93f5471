import AuraDiagnostics

extension VirtualMachine {
    /// The dispatch loop: runs the top frame until a frame entered from native code returns.
    func execute() throws -> Value {
        // Locals, not property reads: inside the loop every `self.x[...]` of an array property
        // cost a retain/release pair, because builtin calls are opaque to the optimizer.
        let codes = self.codes, constantTables = self.constantTables, registerCounts = self.registerCounts
        let registers = self.registers, frames = self.frames, inlineBuiltins = self.inlineBuiltins
        var frameIndex = frameCount - 1
        var function = frames[frameIndex].function
        var code = codes[Int(function)]
        var pc = Int(frames[frameIndex].pc)
        var base = Int(frames[frameIndex].base)
        var regs = registers + base
        var fuel = self.fuel
        let memory = self.memory
        // `git aura run` only: keep the arguments of calls it could re-run after a hot swap.
        let recovery = self.recovery
        let effectful = recovery?.effectful, captured = recovery?.captured
        do {
            try ensureRegisters(base + Int(registerCounts[Int(function)]) + 1)
            while true {
                let ins = code[pc]
                pc &+= 1
                fuel &-= 1
                if fuel < 0 {
                    self.fuel = 0
                    frames[frameIndex].pc = Int32(pc)
                    try refuel()
                    fuel = self.fuel
                }
                switch ins.op {
                case .move:
                    (regs + Int(ins.a)).assign(regs[Int(ins.b)])
                case .take:
                    // A move, not a copy and a clear: no retain and release of the collection.
                    if ins.a != ins.b {
                        let value = (regs + Int(ins.b)).move()
                        (regs + Int(ins.b)).initialize(to: .unit)
                        (regs + Int(ins.a)).assign(value)
                    }
                case .loadConst:
                    (regs + Int(ins.a)).assign(constantTables[Int(function)][Int(ins.b)])
                case .loadInt:
                    (regs + Int(ins.a)).assign(.int(Int64(ins.b)))
                case .loadUnit: (regs + Int(ins.a)).assign(.unit)
                case .loadNone: (regs + Int(ins.a)).assign(.none)
                case .loadTrue: (regs + Int(ins.a)).assign(.bool(true))
                case .loadFalse: (regs + Int(ins.a)).assign(.bool(false))
                case .loadGlobal:
                    if let value = globals[Int(ins.b)] {
                        (regs + Int(ins.a)).assign(value)
                    } else {
                        frames[frameIndex].pc = Int32(pc)
                        self.fuel = fuel
                        let value = try global(ins.b)
                        fuel = self.fuel
                        (regs + Int(ins.a)).assign(value)
                    }
                case .loadCapture:
                    (regs + Int(ins.a)).assign(frames[frameIndex].closure!.captures[Int(ins.b)])
                case .makeCell:
                    (regs + Int(ins.a)).assign(.object(CellObject(regs[Int(ins.a)])))
                case .loadCell:
                    guard case let .object(object) = regs[Int(ins.b)], let cell = object as? CellObject else { throw internalError("cell") }
                    (regs + Int(ins.a)).assign(cell.value)
                case .takeCell:
                    guard case let .object(object) = regs[Int(ins.b)], let cell = object as? CellObject else { throw internalError("cell") }
                    (regs + Int(ins.a)).assign(cell.value)
                    cell.value = .unit
                case .storeCell:
                    guard case let .object(object) = regs[Int(ins.a)], let cell = object as? CellObject else { throw internalError("cell") }
                    cell.value = regs[Int(ins.b)]

                case .addInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("+") }
                    let (r, overflow) = x.addingReportingOverflow(y)
                    if overflow { throw overflowError(x, "+", y) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .subInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("-") }
                    let (r, overflow) = x.subtractingReportingOverflow(y)
                    if overflow { throw overflowError(x, "-", y) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .mulInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("*") }
                    let (r, overflow) = x.multipliedReportingOverflow(by: y)
                    if overflow { throw overflowError(x, "*", y) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .divInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("/") }
                    if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(x) / 0") }
                    let (r, overflow) = x.dividedReportingOverflow(by: y)
                    if overflow { throw overflowError(x, "/", y) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .remInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("%") }
                    if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(x) % 0") }
                    let (r, overflow) = x.remainderReportingOverflow(dividingBy: y)
                    if overflow { throw overflowError(x, "%", y) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .negInt:
                    guard case let .int(x) = regs[Int(ins.b)] else { throw internalError("-") }
                    if x == .min { throw RuntimeError(.integerOverflow, "integer overflow: -(\(x))") }
                    (regs + Int(ins.a)).assign(.int(-x))
                case .addIntConst:
                    guard case let .int(x) = regs[Int(ins.b)] else { throw internalError("+") }
                    let (r, overflow) = x.addingReportingOverflow(Int64(ins.c))
                    if overflow { throw overflowError(x, "+", Int64(ins.c)) }
                    (regs + Int(ins.a)).assign(.int(r))

                case .subIntConst:
                    guard case let .int(x) = regs[Int(ins.b)] else { throw internalError("-") }
                    let (r, overflow) = x.subtractingReportingOverflow(Int64(ins.c))
                    if overflow { throw overflowError(x, "-", Int64(ins.c)) }
                    (regs + Int(ins.a)).assign(.int(r))

                case .mulIntConst:
                    guard case let .int(x) = regs[Int(ins.b)] else { throw internalError("*") }
                    let (r, overflow) = x.multipliedReportingOverflow(by: Int64(ins.c))
                    if overflow { throw overflowError(x, "*", Int64(ins.c)) }
                    (regs + Int(ins.a)).assign(.int(r))
                case .remIntConst:
                    guard case let .int(x) = regs[Int(ins.b)] else { throw internalError("%") }
                    let (r, overflow) = x.remainderReportingOverflow(dividingBy: Int64(ins.c))
                    if overflow { throw overflowError(x, "%", Int64(ins.c)) }
                    (regs + Int(ins.a)).assign(.int(r))

                case .addFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("+") }
                    (regs + Int(ins.a)).assign(.float(x + y))
                case .subFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("-") }
                    (regs + Int(ins.a)).assign(.float(x - y))
                case .mulFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("*") }
                    (regs + Int(ins.a)).assign(.float(x * y))
                case .divFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("/") }
                    if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(Value.formatFloat(x)) / 0.0") }
                    (regs + Int(ins.a)).assign(.float(x / y))
                case .remFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("%") }
                    if y == 0 { throw RuntimeError(.divisionByZero, "division by zero: \(Value.formatFloat(x)) % 0.0") }
                    (regs + Int(ins.a)).assign(.float(x.truncatingRemainder(dividingBy: y)))
                case .negFloat:
                    guard case let .float(x) = regs[Int(ins.b)] else { throw internalError("-") }
                    (regs + Int(ins.a)).assign(.float(-x))

                case .concatString:
                    // Read the right side first: `s = s + s` must see the old value.
                    guard case let .string(right) = regs[Int(ins.c)] else { throw internalError("+") }
                    guard case var .string(left) = regs[Int(ins.b)] else { throw internalError("+") }
                    // Charged before the append: `s = s + s` in a loop must stop at the budget.
                    try memory.charge(ins.a == ins.b ? right.utf8.count : left.utf8.count &+ right.utf8.count)
                    if ins.a == ins.b {
                        // Appending to the target: drop the register's reference first so the
                        // string's buffer is uniquely owned and grows in place (amortised O(1)).
                        (regs + Int(ins.b)).assign(.unit)
                    }
                    left += right
                    (regs + Int(ins.a)).assign(.string(left))
                case .concatList:
                    guard case let .list(right) = regs[Int(ins.c)] else { throw internalError("+") }
                    guard case var .list(left) = regs[Int(ins.b)] else { throw internalError("+") }
                    let needed = left.count &+ right.count
                    // In place only within capacity; growing reallocates (about doubling).
                    try memory.charge(MemoryBudget.listBytes(ins.a == ins.b && needed <= left.capacity ? right.count : Swift.max(needed, left.capacity &* 2)))
                    if ins.a == ins.b { (regs + Int(ins.b)).assign(.unit) }
                    left += right
                    (regs + Int(ins.a)).assign(.list(left))
                case .interpolate:
                    // Charged before building: `s = "${s}${s}"` doubles like `s + s`.
                    var size = 0
                    for k in 0..<Int(ins.c) { if case let .string(s) = regs[Int(ins.b) + k] { size &+= s.utf8.count } }
                    try memory.charge(size)
                    var text = ""
                    for k in 0..<Int(ins.c) {
                        let part = regs[Int(ins.b) + k]
                        if case let .string(s) = part { text += s } else { text += part.display }
                    }
                    (regs + Int(ins.a)).assign(.string(text))

                case .add, .sub, .mul, .div, .rem:
                    (regs + Int(ins.a)).assign(try GenericArithmetic.apply(ins.op, regs[Int(ins.b)], regs[Int(ins.c)]))
                case .neg:
                    switch regs[Int(ins.b)] {
                    case let .int(x):
                        if x == .min { throw RuntimeError(.integerOverflow, "integer overflow: -(\(x))") }
                        (regs + Int(ins.a)).assign(.int(-x))
                    case let .float(x): (regs + Int(ins.a)).assign(.float(-x))
                    default: throw internalError("-")
                    }

                case .equal:
                    (regs + Int(ins.a)).assign(.bool(regs[Int(ins.b)] == regs[Int(ins.c)]))
                case .notEqual:
                    (regs + Int(ins.a)).assign(.bool(regs[Int(ins.b)] != regs[Int(ins.c)]))
                case .ltInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("<") }
                    (regs + Int(ins.a)).assign(.bool(x < y))
                case .leInt:
                    guard case let .int(x) = regs[Int(ins.b)], case let .int(y) = regs[Int(ins.c)] else { throw internalError("<=") }
                    (regs + Int(ins.a)).assign(.bool(x <= y))
                case .ltFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("<") }
                    (regs + Int(ins.a)).assign(.bool(x < y))
                case .leFloat:
                    guard case let .float(x) = regs[Int(ins.b)], case let .float(y) = regs[Int(ins.c)] else { throw internalError("<=") }
                    (regs + Int(ins.a)).assign(.bool(x <= y))
                case .lt:
                    guard let order = Value.compare(regs[Int(ins.b)], regs[Int(ins.c)]) else { throw internalError("<") }
                    (regs + Int(ins.a)).assign(.bool(order < 0))
                case .le:
                    guard let order = Value.compare(regs[Int(ins.b)], regs[Int(ins.c)]) else { throw internalError("<=") }
                    (regs + Int(ins.a)).assign(.bool(order <= 0))
                case .not:
                    guard case let .bool(x) = regs[Int(ins.b)] else { throw internalError("not") }
                    (regs + Int(ins.a)).assign(.bool(!x))

                case .jump:
                    pc = Int(ins.a)
                case .jumpIfFalse:
                    if case .bool(false) = regs[Int(ins.a)] { pc = Int(ins.b) }
                case .jumpIfTrue:
                    if case .bool(true) = regs[Int(ins.a)] { pc = Int(ins.b) }
                case .jumpIfNone:
                    if case .none = regs[Int(ins.a)] { pc = Int(ins.b) }
                case .jumpIfNotNone:
                    if case .none = regs[Int(ins.a)] {} else { pc = Int(ins.b) }
                case .jumpIfNotVariant:
                    if case let .record(record) = regs[Int(ins.a)], record.layout === program.layouts[Int(ins.b)] {} else { pc = Int(ins.c) }
                case .jumpIfNotLtInt:
                    guard case let .int(x) = regs[Int(ins.a)], case let .int(y) = regs[Int(ins.b)] else { throw internalError("<") }
                    if !(x < y) { pc = Int(ins.c) }
                case .jumpIfNotLeInt:
                    guard case let .int(x) = regs[Int(ins.a)], case let .int(y) = regs[Int(ins.b)] else { throw internalError("<=") }
                    if !(x <= y) { pc = Int(ins.c) }
                case .jumpIfNotEqualInt:
                    guard case let .int(x) = regs[Int(ins.a)], case let .int(y) = regs[Int(ins.b)] else { throw internalError("==") }
                    if x != y { pc = Int(ins.c) }

                case .jumpIfNotLtIntConst:
                    guard case let .int(x) = regs[Int(ins.a)] else { throw internalError("<") }
                    if !(x < Int64(ins.b)) { pc = Int(ins.c) }
                case .jumpIfNotLeIntConst:
                    guard case let .int(x) = regs[Int(ins.a)] else { throw internalError("<=") }
                    if !(x <= Int64(ins.b)) { pc = Int(ins.c) }
                case .jumpIfNotGtIntConst:
                    guard case let .int(x) = regs[Int(ins.a)] else { throw internalError(">") }
                    if !(x > Int64(ins.b)) { pc = Int(ins.c) }
                case .jumpIfNotGeIntConst:
                    guard case let .int(x) = regs[Int(ins.a)] else { throw internalError(">=") }
                    if !(x >= Int64(ins.b)) { pc = Int(ins.c) }
                case .jumpIfNotEqualIntConst:
                    guard case let .int(x) = regs[Int(ins.a)] else { throw internalError("==") }
                    if x != Int64(ins.b) { pc = Int(ins.c) }

                case .call, .callValue:
                    var callee = ins.b
                    // Unretained, as in `Frame`: the callee register holds the closure for the call.
                    unowned(unsafe) var closure: Closure? = nil
                    if ins.op == .callValue {
                        switch regs[Int(ins.b)] {
                        case let .closure(value):
                            callee = value.function
                            closure = value.captures.isEmpty ? nil : value
                        case let .builtin(id):
                            frames[frameIndex].pc = Int32(pc)
                            self.fuel = fuel
                            let args = Array(UnsafeBufferPointer(start: regs + Int(ins.c), count: Int(ins.d)))
                            let result = try callBuiltin(id, args)
                            fuel = self.fuel
                            (regs + Int(ins.a)).assign(result)
                            continue
                        default:
                            throw internalError("call")
                        }
                    }
                    frames[frameIndex].pc = Int32(pc)
                    guard frameCount < frameCapacity else { throw stackOverflowError() }
                    let newBase = base + Int(ins.c)
                    try ensureRegisters(newBase + Int(registerCounts[Int(callee)]) + 1)
                    // Plain stores: `Frame` is trivial, and in this function the optimizer left
                    // `initialize(to:)` and `move()` of it as calls (4% of `fib`).
                    frames[frameCount] = Frame(function: callee, pc: 0, base: Int32(newBase),
                                               returnRegister: Int32(base) + ins.a, closure: closure, returnsToNative: false)
                    frameCount += 1
                    frameIndex = frameCount - 1
                    if let effectful, !effectful[Int(callee)], effectful[Int(function)] {
                        recovery.unsafelyUnwrapped.noteCall(caller: function, callee: callee, frame: frameIndex, base: registers + newBase,
                                                            count: Int(arities[Int(callee)]))
                    }
                    function = callee
                    code = codes[Int(callee)]
                    pc = 0
                    base = newBase
                    regs = registers + base
                case .callBuiltin:
                    let first = Int(ins.c)
                    switch inlineBuiltins[Int(ins.b)] {
                    case .mapGet where ins.d == 2 && regs[first].kind == .map:
                        let found = (regs + first).mapPayload.pointee.value(at: regs + first + 1) ?? .none
                        (regs + first).assign(.unit)
                        (regs + first + 1).assign(.unit)
                        (regs + Int(ins.a)).assign(found)
                        continue
                    case .mapSet where ins.d == 3 && regs[first].kind == .map:
                        // As `set`: the map was moved into its argument register, so it is
                        // updated in place there when nothing else refers to it, then moved on.
                        let map = (regs + first).mapPayload
                        CollectionCopies.makeUnique(&map.pointee)
                        map.pointee.store((regs + first + 2).move(), at: regs + first + 1)
                        (regs + first + 2).initialize(to: .unit)
                        (regs + first + 1).assign(.unit)
                        let updated = (regs + first).move()
                        (regs + first).initialize(to: .unit)
                        (regs + Int(ins.a)).assign(updated)
                        continue
                    case .listPush where ins.d == 2 && regs[first].kind == .list:
                        // As `push`: the list was moved into its argument register, so it grows
                        // in place there when nothing else refers to it.
                        let list = (regs + first).listPayload
                        try memory.charge(MemoryBudget.listBytes(list.pointee.count < list.pointee.capacity ? 1 : Swift.max(16, list.pointee.capacity * 2)))
                        CollectionCopies.makeUnique(&list.pointee)
                        list.pointee.append((regs + first + 1).move())
                        (regs + first + 1).initialize(to: .unit)
                        let updated = (regs + first).move()
                        (regs + first).initialize(to: .unit)
                        (regs + Int(ins.a)).assign(updated)
                        continue
                    case .len where ins.d == 1:
                        // As `len`: Unicode scalars of a string, entries of a list or map.
                        let count: Int
                        switch regs[first].kind {
                        case .string: count = (regs + first).stringPayload.pointee.unicodeScalars.count
                        case .list: count = (regs + first).listPayload.pointee.count
                        case .map: count = (regs + first).mapPayload.pointee.count
                        default: count = -1
                        }
                        guard count >= 0 else { break }
                        (regs + first).assign(.unit)
                        (regs + Int(ins.a)).assign(.int(Int64(count)))
                        continue
                    default:
                        break
                    }
                    frames[frameIndex].pc = Int32(pc)
                    self.fuel = fuel
                    guard let implementation = builtins[Int(ins.b)] else {
                        throw RuntimeError(.sandboxDenied, "`\(program.builtinNames[Int(ins.b)])` is not available in this runtime")
                    }
                    // A view of the argument registers: `take` moves a collection out of its
                    // register, so the builtin holds the only reference and updates in place.
                    var arguments = Arguments(registers: regs + Int(ins.c), count: Int(ins.d))
                    let result: Value
                    do {
                        result = try implementation(&arguments, BuiltinContext(caller: self, effects: effects, memory: memory, deadline: deadline))
                    } catch {
                        for k in 0..<Int(ins.d) { (regs + Int(ins.c) + k).assign(.unit) }
                        throw error
                    }
                    // What the builtin did not take must not stay alive in a dead register.
                    for k in 0..<Int(ins.d) { (regs + Int(ins.c) + k).assign(.unit) }
                    fuel = self.fuel
                    (regs + Int(ins.a)).assign(result)
                case .ret:
                    // Moved out: the finished frame's register must not keep the value alive,
                    // so a returned list or map is uniquely referenced and the caller updates it
                    // in place (a `fold` accumulator, `m = bump(m)`).
                    let result = (regs + Int(ins.a)).move()
                    (regs + Int(ins.a)).initialize(to: .unit)
                    frameCount -= 1
                    if let captured, captured[frameCount] { recovery.unsafelyUnwrapped.release(frame: frameCount) }
                    let finished = frames[frameCount]
                    if finished.returnsToNative {
                        self.fuel = fuel
                        return result
                    }
                    (registers + Int(finished.returnRegister)).assign(result)
                    frameIndex = frameCount - 1
                    function = frames[frameIndex].function
                    code = codes[Int(function)]
                    pc = Int(frames[frameIndex].pc)
                    base = Int(frames[frameIndex].base)
                    regs = registers + base

                case .makeList:
                    (regs + Int(ins.a)).assign(.list(Array(UnsafeBufferPointer(start: regs + Int(ins.b), count: Int(ins.c)))))
                case .makeMap:
                    var map = MapValue()
                    for k in 0..<Int(ins.c) { map[regs[Int(ins.b) + 2 * k]] = regs[Int(ins.b) + 2 * k + 1] }
                    (regs + Int(ins.a)).assign(.map(map))
                case .makeRecord:
                    let layout = program.layouts[Int(ins.b)]
                    let fields = Array(UnsafeBufferPointer(start: regs + Int(ins.c), count: layout.fieldNames.count))
                    (regs + Int(ins.a)).assign(.record(RecordValue(layout: layout, fields: fields)))
                case .makeClosure:
                    let captures = Array(UnsafeBufferPointer(start: regs + Int(ins.c), count: Int(ins.d)))
                    (regs + Int(ins.a)).assign(.closure(Closure(function: ins.b, captures: captures)))
                case .withFields:
                    guard case let .record(record) = regs[Int(ins.b)], case let .list(positions) = constantTables[Int(function)][Int(ins.d)] else {
                        throw internalError("with")
                    }
                    var fields = record.fields
                    for (k, position) in positions.enumerated() {
                        if case let .int(p) = position { fields[Int(p)] = regs[Int(ins.c) + k] }
                    }
                    (regs + Int(ins.a)).assign(.record(RecordValue(layout: record.layout, fields: fields)))

                case .takeField:
                    guard regs[Int(ins.b)].kind == .record else { throw internalError("with") }
                    let value = (regs + Int(ins.b)).uniqueRecord().take(Int(ins.c))
                    (regs + Int(ins.a)).assign(value)
                case .setField:
                    guard regs[Int(ins.a)].kind == .record else { throw internalError("with") }
                    let value = (regs + Int(ins.c)).move()
                    (regs + Int(ins.c)).initialize(to: .unit)
                    (regs + Int(ins.a)).uniqueRecord().put(Int(ins.b), value)

                case .getField:
                    let record = regs + Int(ins.b)
                    guard record.pointee.kind == .record else {
                        throw RuntimeError(.wrongDynKind, "expected a record, found \(record.pointee.kindName)")
                    }
                    let field = record.recordPayload._withUnsafeGuaranteedRef { $0.fields[Int(ins.c)] }
                    (regs + Int(ins.a)).assign(field)
                case .getDynField:
                    guard case let .string(name) = constantTables[Int(function)][Int(ins.c)] else { throw internalError("field") }
                    (regs + Int(ins.a)).assign(try DynamicAccess.field(regs[Int(ins.b)], name))
                case .index:
                    // Maps and in-range list positions read in place; the rest (and every
                    // error) goes through `DynamicAccess`.
                    let collection = regs + Int(ins.b)
                    switch collection.pointee.kind {
                    case .map:
                        if let found = collection.mapPayload.pointee.value(at: regs + Int(ins.c)) {
                            (regs + Int(ins.a)).assign(found)
                            continue
                        }
                    case .list:
                        if case let .int(i) = regs[Int(ins.c)], i >= 0, i < collection.listPayload.pointee.count {
                            let item = collection.listPayload.pointee[Int(i)]
                            (regs + Int(ins.a)).assign(item)
                            continue
                        }
                    default:
                        break
                    }
                    (regs + Int(ins.a)).assign(try DynamicAccess.index(regs[Int(ins.b)], regs[Int(ins.c)]))

                case .iterPrepare:
                    let sequence = regs[Int(ins.b)]
                    switch sequence {
                    case .list: regs[Int(ins.a)] = sequence
                    case let .map(map): regs[Int(ins.a)] = .list(map.keys)
                    default: throw RuntimeError(.wrongDynKind, "cannot iterate over a \(sequence.kindName)")
                    }
                    (regs + Int(ins.a) + 1).assign(.int(0))
                case .iterNext:
                    if try !nextItem(regs + Int(ins.a), into: regs + Int(ins.b)) { pc = Int(ins.c) }
                case .iterLoop:
                    if try nextItem(regs + Int(ins.a), into: regs + Int(ins.b)) { pc = Int(ins.c) }
                case .forLoopInt:
                    guard case let .int(x) = regs[Int(ins.a)], case let .int(limit) = regs[Int(ins.b)] else { throw internalError("for") }
                    let next = x &+ 1
                    (regs + Int(ins.a)).assign(.int(next))
                    if next < limit { pc = Int(ins.c) }

                case .sumStep:
                    switch (regs[Int(ins.a)], regs[Int(ins.b)]) {
                    case let (.int(total), .int(item)):
                        let (next, overflowed) = total.addingReportingOverflow(item)
                        if overflowed { throw MathBuiltins.overflow("sum does not fit in 64 bits") }
                        (regs + Int(ins.a)).assign(.int(next))
                    case let (.float(total), .float(item)): regs[Int(ins.a)] = .float(total + item)
                    case let (.none, .int(item)): regs[Int(ins.a)] = .int(item)
                    case let (.none, .float(item)): regs[Int(ins.a)] = .float(0.0 + item)
                    case let (_, item): throw RuntimeError.wrongKind("sum", item)
                    }
                case .sumFinish:
                    if case .none = regs[Int(ins.a)] { regs[Int(ins.a)] = .int(0) }
                case .appendTo:
                    // As `push` on a uniquely held list: moved out, appended, put back.
                    var moved = (regs + Int(ins.a)).move()
                    (regs + Int(ins.a)).initialize(to: .unit)
                    guard case var .list(items) = moved else { throw internalError("append") }
                    moved = .unit
                    try memory.charge(MemoryBudget.listBytes(items.count < items.capacity ? 1 : Swift.max(16, items.capacity * 2)))
                    items.append(regs[Int(ins.b)])
                    (regs + Int(ins.a)).assign(.list(items))

                case .matchFailed:
                    throw RuntimeError(.noMatchArm, "no match arm matches the value \(regs[Int(ins.a)].debugDisplay)",
                                       help: ["add an arm for this value, or a catch-all `_ => ...`"])
                }
            }
        } catch var error as RuntimeError {
            self.fuel = fuel
            if error.span == nil {
                frames[frameIndex].pc = Int32(pc)
                error.span = spanProgram.functions[Int(function)].spans[max(0, pc - 1)]
                error.trace = stackTrace()
                // Resumes with the frame of the replayed call on top (see `recover`).
                if recovery != nil, recover(from: error) { return try execute() }
            }
            throw error
        }
    }

    /// `fn_name at file:line:col`, innermost first.
    func stackTrace() -> [StackFrameInfo] {
        var trace: [StackFrameInfo] = []
        var index = frameCount - 1
        while index >= 0 {
            let frame = frames[index]
            let proto = spanProgram.functions[Int(frame.function)]
            let pc = max(0, Int(frame.pc) - 1)
            if pc < proto.spans.count { trace.append(StackFrameInfo(function: proto.name, span: proto.spans[pc])) }
            index -= 1
        }
        return trace
    }

    /// One step of `for x in xs`: `sequence` holds the list and the register after it the next
    /// position; the item is copied into `item` and the position advanced. False at the end.
    @inline(__always)
    func nextItem(_ sequence: UnsafeMutablePointer<Value>, into item: UnsafeMutablePointer<Value>) throws -> Bool {
        guard sequence.pointee.kind == .list, case let .int(position) = (sequence + 1).pointee else { throw internalError("for") }
        guard Int(position) < sequence.listPayload.pointee.count else { return false }
        item.assign(sequence.listPayload.pointee[Int(position)])
        (sequence + 1).assign(.int(position + 1))
        return true
    }

    func internalError(_ what: String) -> RuntimeError {
        RuntimeError(.wrongDynKind, "internal error: unexpected operand kind for `\(what)`",
                     help: ["this is a bug in AURA; please report it with the program that triggers it"])
    }

    func overflowError(_ x: Int64, _ op: String, _ y: Int64) -> RuntimeError {
        RuntimeError(.integerOverflow, "integer overflow: \(x) \(op) \(y) does not fit in 64 bits",
                     help: ["use floats (`to_f`) for values beyond ±9.2e18"])
    }
}
