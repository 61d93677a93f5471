/// Language 1.1 sorting: `sort_desc` and `sort_with`. Both are stable, like `sort_by`.
enum SortBuiltins {
    static let table: [String: BuiltinImplementation] = [
        "sort_desc": sortDesc,
        "sort_with": sortWith,
    ]

    /// `([o]) -> [o]`, largest first; equal elements keep their order.
    static func sortDesc(_ args: inout Arguments, _: BuiltinContext) throws -> Value {
        try args.expect("sort_desc", 1...1)
        let items = try args.takeList(0, "sort_desc")
        var order = Array(items.indices)
        try order.sort { a, b in
            let c = try Value.order(items[a], items[b], "sort_desc")
            return c != 0 ? c > 0 : a < b
        }
        return .list(order.map { items[$0] })
    }

    /// `([a], (a, a) -> b) -> [a]`: `before(x, y)` is true when `x` comes first. A merge sort,
    /// so it is stable and calls `before` O(n log n) times whatever the function does (an
    /// inconsistent `before` gives some order, never a crash).
    static func sortWith(_ args: inout Arguments, _ context: BuiltinContext) throws -> Value {
        try args.expect("sort_with", 2...2)
        let before = args[1]
        var items = try args.takeList(0, "sort_with")
        guard items.count > 1 else { return .list(items) }
        var buffer = items
        var width = 1
        while width < items.count {
            var start = 0
            while start < items.count {
                let middle = min(start + width, items.count), end = min(start + 2 * width, items.count)
                var left = start, right = middle, out = start
                while left < middle && right < end {
                    // Take from the right only when it strictly comes first: stability.
                    if try context.caller.call2(before, items[right], items[left]).isTrue() {
                        buffer[out] = items[right]; right += 1
                    } else {
                        buffer[out] = items[left]; left += 1
                    }
                    out += 1
                }
                while left < middle { buffer[out] = items[left]; left += 1; out += 1 }
                while right < end { buffer[out] = items[right]; right += 1; out += 1 }
                start = end
            }
            swap(&items, &buffer)
            width *= 2
        }
        return .list(items)
    }
}
