#!/usr/bin/env python3
"""Generates a synthetic AURA project for front-end benchmarks: N lines across files of ~1,000
lines, mixing records, typed and inferred functions, pipes with placeholders, matches, loops,
string interpolation and tests — the shapes real AURA code has. With --lua, the same shapes
line for line in Lua (for `luac -p` side by side)."""
import os, sys

def module(index: int, lines: int) -> str:
    out = [f"# generated module {index}", "+json", "", f"@Item{index} {{ id:i @pk  name:s  price:f  tags:[s]  note:s? }}", ""]
    n = 0
    while len(out) < lines - 12:
        out += [
            f"price_{n}(item: Item{index}, qty: i): f = item.price * to_f(qty)",
            f"label_{n}(item: Item{index}) = \"${{item.name}} (#${{item.id}})\"",
            f"cheap_{n}(items: [Item{index}], limit: f) = items",
            f"    | filter(_.price < limit)",
            f"    | map(_.name)",
            f"total_{n}(xs: [i]): i = fold(xs, 0, (acc, x) => acc + x)",
            f"grade_{n}(score: i): s = match score {{",
            f"    100 => \"perfect\",",
            f"    0 => \"zero\",",
            f"    _ => if score > 50 {{ \"pass\" }} else {{ \"fail\" }}",
            f"}}",
            f"count_{n}(xs: [i]) = {{",
            f"    var total = 0",
            f"    for x in xs {{",
            f"        if x % 2 == 0 {{ total = total + x }}",
            f"    }}",
            f"    total",
            f"}}",
            f"encode_{n}(item: Item{index}) = json.stringify(item)",
            f"",
        ]
        n += 1
    out += [f"test \"module {index} works\" {{", f"    assert_eq(total_0([1, 2, 3]), 6)", "}", ""]
    return "\n".join(out)

def lua_module(index: int, lines: int) -> str:
    """The AURA module's shapes, one Lua line per AURA line (globals: a chunk allows 200 locals)."""
    out = [f"-- generated module {index}", "local json = require('cjson')", "", f"Item{index} = {{}}", ""]
    n = 0
    while len(out) < lines - 12:
        out += [
            f"function price_{n}(item, qty) return item.price * qty end",
            f"function label_{n}(item) return item.name .. \" (#\" .. item.id .. \")\" end",
            f"function cheap_{n}(items, limit)",
            f"    return map(filter(items, function(i) return i.price < limit end),",
            f"        function(i) return i.name end) end",
            f"function total_{n}(xs) return fold(xs, 0, function(acc, x) return acc + x end) end",
            f"function grade_{n}(score)",
            f"    if score == 100 then return \"perfect\"",
            f"    elseif score == 0 then return \"zero\"",
            f"    else if score > 50 then return \"pass\" else return \"fail\" end end",
            f"end",
            f"function count_{n}(xs)",
            f"    local total = 0",
            f"    for _, x in ipairs(xs) do",
            f"        if x % 2 == 0 then total = total + x end",
            f"    end",
            f"    return total",
            f"end",
            f"function encode_{n}(item) return json.encode(item) end",
            f"",
        ]
        n += 1
    out += [f"function test_module_{index}()", f"    assert(total_0({{1, 2, 3}}) == 6)", "end", ""]
    return "\n".join(out)

def main():
    args = [a for a in sys.argv[1:] if a != "--lua"]
    lua = "--lua" in sys.argv[1:]
    target, lines = args[0], int(args[1]) if len(args) > 1 else 100_000
    os.makedirs(target, exist_ok=True)
    per_file = 1_000
    for i in range(max(1, lines // per_file)):
        name, text = (f"m{i:04d}.lua", lua_module(i, per_file)) if lua else (f"m{i:04d}.aura", module(i, per_file))
        with open(os.path.join(target, name), "w") as f:
            f.write(text)

if __name__ == "__main__":
    main()
