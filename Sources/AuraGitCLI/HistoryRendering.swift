import AuraDiagnostics
import AuraGit
import AuraHistory
import AuraHeal
// Only FoundationEssentials is used here. git-aura still links all of Foundation (GRDB needs it);
// the `aura` binary must not (LinkedLibrariesTests checks what each binary links).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders history entries as a table for people or JSON for programs.
struct HistoryRendering {
    let store: SnapshotStore
    let style: TextStyle
    let now: Int64 = Int64(Date().timeIntervalSince1970)

    /// One entry in `--json` output.
    struct EntryJSON: Codable {
        let id: String
        let kind: String
        let commit: String
        let tree: String
        let parent: String?
        let base: String?
        let reason: String
        let time: Int64
        let undone: Bool
        let changedPaths: [String]
        let trailers: [String: String]
    }

    func json(_ entry: HistoryEntry, undone: Bool) throws -> EntryJSON {
        var trailers: [String: String] = [:]
        for trailer in entry.trailers { trailers[trailer.key] = trailer.value }
        return EntryJSON(
            id: entry.id, kind: entry.kind.rawValue, commit: entry.commit.hex, tree: entry.tree.hex,
            parent: entry.parent?.hex, base: entry.base?.hex, reason: entry.reason, time: entry.time, undone: undone,
            changedPaths: try store.changedPaths(of: entry), trailers: trailers)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A table: id, age, kind, reason, summary; undone entries (redo-able) marked and dimmed.
    func table(_ rows: [(entry: HistoryEntry, undone: Bool)]) throws -> String {
        if rows.isEmpty { return "no AURA history yet (git aura snapshot create)\n" }
        var cells: [[String]] = [["ID", "AGE", "KIND", "REASON", "SUMMARY"]]
        for (entry, undone) in rows {
            cells.append([
                entry.id, Self.age(seconds: now - entry.time), undone ? "\(entry.kind.rawValue) (undone)" : entry.kind.rawValue,
                Self.truncate(entry.reason, 40), Self.summary(try store.changedPaths(of: entry)),
            ])
        }
        let widths = (0..<5).map { column in cells.map { $0[column].count }.max() ?? 0 }
        var output = ""
        for (index, row) in cells.enumerated() {
            let line = row.enumerated().map { column, cell in
                column == 4 ? cell : Self.pad(cell, widths[column])
            }.joined(separator: "  ")
            if index == 0 {
                output += style.bold(line) + "\n"
            } else if rows[index - 1].undone {
                output += style.dim(line) + "\n"
            } else {
                let idCell = Self.pad(row[0], widths[0])
                output += style.color(idCell, .yellow) + String(line.dropFirst(idCell.count)) + "\n"
            }
        }
        return output
    }

    /// "just now", "3 min ago", "2 h ago", "5 days ago".
    static func age(seconds: Int64) -> String {
        switch max(seconds, 0) {
        case ..<60: return "just now"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3600) h ago"
        case ..<(86_400 * 2): return "1 day ago"
        default: return "\(seconds / 86_400) days ago"
        }
    }

    /// "no changes", "src/a.aura", "src/a.aura, b.aura (+3 more)".
    static func summary(_ paths: [String]) -> String {
        switch paths.count {
        case 0: return "no changes"
        case 1, 2: return paths.joined(separator: ", ")
        default: return paths.prefix(2).joined(separator: ", ") + " (+\(paths.count - 2) more)"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func truncate(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
