#!/usr/bin/env python3
"""Generates a synthetic AURA project for front-end benchmarks: N lines across files of ~1,000
lines, mixing records, typed and inferred functions, pipes with placeholders, matches, loops,
string interpolation and tests — the shapes real AURA code has."""
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

def main():
    target, lines = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    os.makedirs(target, exist_ok=True)
    per_file = 1_000
    for i in range(max(1, lines // per_file)):
        with open(os.path.join(target, f"m{i:04d}.aura"), "w") as f:
            f.write(module(i, per_file))

if __name__ == "__main__":
    main()
