/// At most `perFile` diagnostics per file. Pathological input (a million unclosed `(`) would
/// otherwise produce a million diagnostics, hundreds of megabytes of rendered output, and a
/// heal prompt nobody can read; the first hundred say everything the rest would.
public enum DiagnosticLimit {
    /// Diagnostics kept for one file.
    public static let perFile = 100

    /// The note added to the last kept diagnostic of a file that had `hidden` more.
    public static func note(hidden: Int) -> String {
        "… \(hidden) more \(hidden == 1 ? "diagnostic" : "diagnostics") in this file not shown (at most \(perFile) per file)"
    }

    /// Keeps the first `perFile` diagnostics of each file, in the given order; the last one
    /// kept for a file that had more (counting `alreadyHidden[file]`, those never built) gets
    /// a "… N more" note. Linear in the number of diagnostics.
    public static func capped(_ diagnostics: [Diagnostic], alreadyHidden: [FileID: Int] = [:]) -> [Diagnostic] {
        var kept: [Diagnostic] = []
        kept.reserveCapacity(min(diagnostics.count, perFile))
        var perFileCount: [FileID: Int] = [:]
        var hidden = alreadyHidden
        var lastKept: [FileID: Int] = [:]
        for diagnostic in diagnostics {
            let file = diagnostic.span.file
            let count = perFileCount[file, default: 0]
            if count < perFile {
                perFileCount[file] = count + 1
                lastKept[file] = kept.count
                kept.append(diagnostic)
            } else {
                hidden[file, default: 0] += 1
            }
        }
        for (file, count) in hidden where count > 0 {
            if let index = lastKept[file] { kept[index].notes.append(note(hidden: count)) }
        }
        return kept
    }
}
