import AuraDiagnostics
import AuraSema
import AuraSyntax

/// One fuzz input through the whole front end — lexer, parser, checker — and the renderers,
/// checking the invariants a crash-free run must still keep. Shared by the libFuzzer target
/// (`aura-fuzz`, scripts/fuzz.sh) and the bounded mutation test in the XCTest suite.
public enum FrontEndFuzz {
    /// The file name inputs are checked under.
    public static let path = "fuzz.aura"

    /// Runs `bytes` through the front end. Returns the broken invariants (empty when all
    /// hold); a crash or a hang shows up as itself.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        let program = Compiler.check(paths: [path], loader: MemoryLoader(bytes: [path: bytes]))
        let syntax = program.diagnostics.filter { $0.code.rawValue.hasPrefix("E01") }
        if syntax.count > DiagnosticLimit.perFile {
            problems.append("\(syntax.count) syntax diagnostics, more than \(DiagnosticLimit.perFile)")
        }
        for diagnostic in program.diagnostics {
            let file = program.sources[diagnostic.span.file]
            let size = UInt32(file.bytes.count)
            for label in [diagnostic.primary] + diagnostic.secondary where label.span.start > label.span.end || label.span.end > size {
                problems.append("\(diagnostic.code) span \(label.span.start)..<\(label.span.end) outside a \(size)-byte file")
            }
            for fix in diagnostic.fixes where diagnostic.span.file == 0 && fix.edits.allSatisfy({ $0.span.file == 0 }) {
                if TextEdit.apply(fix.edits, to: file.bytes) == nil { problems.append("\(diagnostic.code) fix edits overlap") }
            }
        }
        // Rendering must stay bounded: a few KB per diagnostic whatever the input.
        let shown = DiagnosticLimit.capped(program.diagnostics)
        let pretty = PrettyRenderer().render(shown, in: program.sources)
        if pretty.utf8.count > shown.count * 20_000 + 1_000 {
            problems.append("rendered \(pretty.utf8.count) bytes for \(shown.count) diagnostics")
        }
        _ = JSONRenderer().render(shown, in: program.sources)
        return problems
    }
}

/// A deterministic mutator for source files: byte flips, deletions, duplications and
/// insertions of AURA tokens, so mutants stay close enough to programs to reach the checker.
public struct SourceMutator {
    /// SplitMix64: the same seed gives the same mutants on every platform.
    public struct Generator: RandomNumberGenerator {
        public var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Tokens worth splicing in: delimiters, interpolation, operators, keywords, effects.
    public static let dictionary: [[UInt8]] = [
        "(", ")", "{", "}", "[", "]", "\"", "${", "}\"", "\\", "|", "=>", "=", "==", "!", "!=", "_", "\n", "\n    ", ";", ",",
        ":", "?", "??", "..", ".", "@", "@pk", "+db", "+json", "+http", "use ", "match ", "if ", "else ", "for ", " in ",
        "while ", "var ", "test ", "with ", "none", "true", "not ", "and ", "or ", "x", "main", "print!", "db.query!", "json.parse",
        "0x", "1e999", "9223372036854775808", "1_000", "3.", "#", "\t", "\r\n", "i", "s", "[i]", "{s:i}", "dyn", "->", "->!",
        "\u{FEFF}", "é", "\u{0}", "\u{FF}",
    ].map { Array($0.utf8) }

    public var generator: Generator
    public init(seed: UInt64) { generator = Generator(seed: seed) }

    /// One to eight random edits of `input`.
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where at < bytes.count: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: SourceMutator.dictionary.randomElement(using: &generator)!, at: at)
            case 2 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &generator)
            case 3 where at < bytes.count:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
                bytes.removeSubrange(at..<end)
            case 4 where at < bytes.count:
                // Duplicate a slice: grows nesting and repeats declarations.
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: at)
            default:
                bytes.insert(contentsOf: repeatElement(SourceMutator.dictionary.randomElement(using: &generator)!, count: Int.random(in: 2...300, using: &generator)).joined(), at: at)
            }
        }
        return bytes
    }
}
