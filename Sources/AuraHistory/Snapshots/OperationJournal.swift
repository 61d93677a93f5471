#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit

/// One compare-and-swap of an aura ref that an operation makes.
struct RefMove: Equatable {
    let name: String
    let old: ObjectID?
    let new: ObjectID?
    /// The reflog message (not journaled: a recovery only ever moves refs back).
    var message: String = "aura: recover"
}

/// The intent of one working-tree transition (heal, undo, redo, restore), written to
/// `<git dir>/aura/journal` before any ref moves and removed when the files are written.
///
/// The refs move first, then the files. A process killed anywhere in between leaves the
/// journal behind, and the next AURA command of any kind reads it under the update lock and
/// rolls the operation forward (refs moved: finish writing the files) or back (refs not or
/// only partly moved: nothing was written yet, put the refs back). Everything a transition
/// displaces is in `from`, a commit reachable from an aura ref during the whole operation.
struct OperationJournal: Equatable {
    var operation: String
    var entry: String
    /// The tree the paths hold before the transition.
    var from: ObjectID
    /// The tree the paths are moved to.
    var to: ObjectID
    /// Trees whose content may also be overwritten: they are commits too (the user's edits
    /// saved by a forced undo, states written by its earlier steps).
    var accepted: [ObjectID]
    var moves: [RefMove]

    static func path(_ repository: Repository) -> String { repository.gitDirectory + "aura/journal" }

    var text: String {
        var lines = ["operation \(operation)", "entry \(entry)", "from \(from.hex)", "to \(to.hex)"]
        for tree in accepted { lines.append("accepted \(tree.hex)") }
        for move in moves { lines.append("ref \(move.name) \(move.old?.hex ?? "-") \(move.new?.hex ?? "-")") }
        return lines.joined(separator: "\n") + "\n"
    }

    init(operation: String, entry: String, from: ObjectID, to: ObjectID, accepted: [ObjectID], moves: [RefMove]) {
        self.operation = operation
        self.entry = entry
        self.from = from
        self.to = to
        self.accepted = accepted
        self.moves = moves
    }

    /// Parses a journal; nil for a damaged one (a crash while writing it: nothing had moved yet).
    init?(text: String) {
        var fields: [String: String] = [:]
        var moves: [RefMove] = []
        var accepted: [ObjectID] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { return nil }
            if parts[0] == "ref" {
                guard parts.count == 4 else { return nil }
                moves.append(RefMove(name: parts[1], old: ObjectID(hex: parts[2]), new: ObjectID(hex: parts[3])))
            } else if parts[0] == "accepted" {
                guard let tree = ObjectID(hex: parts[1]) else { return nil }
                accepted.append(tree)
            } else {
                fields[parts[0]] = parts[1]
            }
        }
        guard let operation = fields["operation"], let entry = fields["entry"],
            let from = fields["from"].flatMap({ ObjectID(hex: $0) }), let to = fields["to"].flatMap({ ObjectID(hex: $0) })
        else { return nil }
        self.init(operation: operation, entry: entry, from: from, to: to,
                  accepted: accepted, moves: moves)
    }

    /// Writes the journal durably (temporary file, fsync, rename).
    func write(_ repository: Repository) throws {
        let path = Self.path(repository)
        try Directories.make(repository.gitDirectory + "aura")
        let temporary = path + ".new"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Directories.Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Directories.Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The pending journal, if a previous operation did not finish.
    static func read(_ repository: Repository) -> (journal: OperationJournal?, exists: Bool) {
        let path = Self.path(repository)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return (nil, false) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return (OperationJournal(text: String(decoding: bytes, as: UTF8.self)), true)
    }

    static func remove(_ repository: Repository) {
        unlink(path(repository))
    }
}
