import Foundation

/// A program in no particular layout: `aura fmt --stdin` gives its canonical form, and the
/// editors' indenters must reproduce that form's indentation from the bare lines.
enum IndentSample {
    static let source = """
        +db
        @Shape = Circle { r:f } | Rect { w:f h:f } | Empty
        area(s: Shape): f = match s {
        Circle { r } => 3.14159 * r * r,
        Rect { w, h } => w * h,
        Empty => 0.0
        }
        # Sums the areas.
        total(shapes:[Shape]): f = shapes | map(area) | sum
        main = {
        var n = 0
        shapes = [Circle { r: 1.0 }, Rect { w: 2.0, h: 3.0 }, Empty]
        shapes | filter(s => area(s) > 1.0) | each(s => {
        n = n + 1
        print!("shape ${n}: ${area(s)}")
        })
        if n > 1 { print!("many") } else if n == 1 { print!("one") } else {
        print!("none")
        print!("at all")
        }
        while n < 10 { n = n * 3 }
        config = {"name": "a very long string to force breaking the map literal", "other": "another long string value"}
        print!(config)
        }
        report(shapes:[Shape]) = {
        names = shapes | filter(s => area(s) > 1.0) | map(s => to_s(area(s))) | map(text => "<" + text + ">") | sort
        names | map(text => text + "!") | filter(text => len(text) > 3) | each(text => {
        shown = "shape: " + text
        print!(shown)
        })
        }

        """

    /// The canonical form, from the `aura` under test.
    static func formatted() throws -> String {
        let result = try ExternalTool.aura().run(["fmt", "--stdin"], input: source)
        guard result.status == 0 else {
            throw ExternalTool.Failure(description: "aura fmt --stdin failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// `text` with every line's indentation removed.
    static func flattened(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.drop { $0 == " " }) }
            .joined(separator: "\n")
    }
}
