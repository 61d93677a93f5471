import CGit2

/// A git object id (SHA-1), kept as its 40-character lowercase hex form.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The full hex id.
    public let hex: String

    /// Parses a full 40-character hex id; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ ObjectID.isHexDigit($0) }) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

    /// The all-zero id git uses for "no object".
    static let zero = ObjectID(hex: String(repeating: "0", count: 40))!

    /// The first 7 hex digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    var oid: git_oid {
        var result = git_oid()
        _ = git_oid_fromstr(&result, hex)
        return result
    }

    /// The id git would give a blob with these bytes (`git hash-object --stdin`), computed in memory.
    public static func hashing(_ bytes: [UInt8]) -> ObjectID {
        LibGit2.ensureInitialized()
        var out = git_oid()
        bytes.withUnsafeBytes { raw in
            _ = git_odb_hash(&out, raw.baseAddress, raw.count, GIT_OBJECT_BLOB)
        }
        return ObjectID(out)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
    }
}
