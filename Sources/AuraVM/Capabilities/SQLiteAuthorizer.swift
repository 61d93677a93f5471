#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite3

/// The sandbox's guard on SQL: an `sqlite3_set_authorizer` callback on every connection
/// opened under the sandbox. Opening `:memory:` is not enough on its own — from any
/// connection, `ATTACH DATABASE '/tmp/x.db'` reaches (and creates) files anywhere, and
/// `VACUUM INTO '/tmp/new.db'` writes one. The authorizer refuses:
/// - ATTACH of a file outside the scratch directory, or of a name computed at run time
///   (SQLite then passes no file name, so there is nothing to check);
/// - `VACUUM INTO` (SQLite implements it with an internal ATTACH, which the callback sees);
/// - `load_extension()`, also switched off with `sqlite3_db_config`;
/// - pragmas that move temporary files or reach outside the database.
///
/// SQLite's error for a refusal is only "not authorized", so the reason is remembered here
/// and turned into R0018 naming the statement (`SQLiteStatement`).
final class SQLiteAuthorizer {
    /// The real path of the scratch directory; nil: no file may be attached.
    let scratch: String?
    /// Why the latest statement was refused (cleared before each prepare).
    var denial: String?

    init(scratchDirectory: String?) {
        scratch = scratchDirectory.map { SandboxPaths.realPath($0) ?? $0 }
    }

    /// Installs the callback and the hardening switches on `database`. The authorizer must
    /// outlive the connection (the connection owns it).
    func install(on database: OpaquePointer) {
        var ignored: Int32 = 0
        _ = aura_sqlite3_db_config_int(database, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &ignored)
        // Defensive mode: no writable_schema tricks that corrupt the file SQLite writes.
        _ = aura_sqlite3_db_config_int(database, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored)
        _ = aura_sqlite3_db_config_int(database, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored)
        sqlite3_set_authorizer(database, sqliteAuthorize, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The decision for one action (SQLite's action code and its up to four text arguments).
    func decide(_ action: Int32, _ first: String?, _ second: String?) -> Int32 {
        switch action {
        case SQLITE_ATTACH:
            guard let file = first else { return deny("ATTACH of a database name computed at run time") }
            if let reason = attachDenial(file) { return deny(reason) }
        case SQLITE_FUNCTION:
            if second?.lowercased() == "load_extension" { return deny("loading an SQLite extension") }
        case SQLITE_PRAGMA:
            if let name = first?.lowercased(), SQLiteAuthorizer.deniedPragmas.contains(name) {
                return deny("PRAGMA \(name)")
            }
        default:
            break
        }
        return SQLITE_OK
    }

    /// Pragmas that point SQLite at other directories or files.
    static let deniedPragmas: Set<String> = ["temp_store_directory", "data_store_directory"]

    private func deny(_ reason: String) -> Int32 {
        if denial == nil { denial = reason }
        return SQLITE_DENY
    }

    /// Nil when SQLite may open `file`: ":memory:", a private temporary database (""), or a
    /// path whose real location is inside the scratch directory.
    func attachDenial(_ file: String) -> String? {
        guard let path = SQLiteAuthorizer.path(of: file) else {
            return "ATTACH of '\(SQLiteAuthorizer.shown(file))' (a URI option the sandbox cannot check)"
        }
        if path.isEmpty || path == ":memory:" { return nil }
        guard let scratch else { return "ATTACH of '\(SQLiteAuthorizer.shown(file))' (this sandbox allows no database files)" }
        let absolute = path.hasPrefix("/") ? path : SQLiteAuthorizer.currentDirectory() + "/" + path
        let inside: Bool
        if let real = SandboxPaths.realPath(absolute) {
            inside = SandboxPaths.isInside(real, root: scratch)
        } else {
            // A new file: its directory must really be inside the scratch directory.
            let parent = String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.startIndex)])
            inside = SandboxPaths.realPath(parent.isEmpty ? "/" : parent).map { SandboxPaths.isInside($0, root: scratch) } ?? false
        }
        return inside ? nil : "ATTACH of '\(SQLiteAuthorizer.shown(file))', outside the scratch directory"
    }

    /// The file a name passed to ATTACH opens: the name itself, or the path of a `file:` URI
    /// (percent-decoded). Nil for URIs with options that change what is opened (`vfs=`) —
    /// those are refused rather than interpreted.
    static func path(of name: String) -> String? {
        guard name.lowercased().hasPrefix("file:") else { return name }
        var rest = Substring(name.dropFirst(5))
        let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }).map { rest[$0...] } ?? ""
        rest = rest[..<(rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex)]
        let options = query.dropFirst().split(separator: "&").map { $0.lowercased() }
        if options.contains(where: { $0.hasPrefix("vfs=") }) { return nil }
        if options.contains("mode=memory") { return ":memory:" }
        if rest.hasPrefix("//") {
            // file://host/path: SQLite accepts only an empty host or "localhost".
            let afterSlashes = rest.dropFirst(2)
            let slash = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            let host = afterSlashes[..<slash]
            guard host.isEmpty || host.lowercased() == "localhost" else { return nil }
            rest = afterSlashes[slash...]
        }
        return percentDecoded(rest)
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            if value == 0 { return nil }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(cString: buffer)
    }

    /// Whether `sql` is `VACUUM [schema] INTO ...`: its first keyword is VACUUM and the
    /// keyword INTO follows (comments, strings and quoted names skipped). The internal ATTACH
    /// would catch a target outside the scratch directory anyway; this names the statement.
    static func isVacuumInto(_ sql: String) -> Bool {
        let words = keywords(sql, limit: 4)
        return words.first == "VACUUM" && words.dropFirst().contains("INTO")
    }

    /// The first `limit` bare words of `sql`, uppercased, skipping comments and quoted text.
    static func keywords(_ sql: String, limit: Int) -> [String] {
        let bytes = Array(sql.utf8)
        var words: [String] = []
        var k = 0
        while k < bytes.count, words.count < limit {
            let byte = bytes[k]
            if byte == UInt8(ascii: "-"), k + 1 < bytes.count, bytes[k + 1] == UInt8(ascii: "-") {
                while k < bytes.count, bytes[k] != UInt8(ascii: "\n") { k += 1 }
            } else if byte == UInt8(ascii: "/"), k + 1 < bytes.count, bytes[k + 1] == UInt8(ascii: "*") {
                k += 2
                while k + 1 < bytes.count, !(bytes[k] == UInt8(ascii: "*") && bytes[k + 1] == UInt8(ascii: "/")) { k += 1 }
                k += 2
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "[") {
                let close = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : byte
                k += 1
                while k < bytes.count, bytes[k] != close { k += 1 }
                k += 1
                words.append("")
            } else if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") {
                let start = k
                while k < bytes.count, (bytes[k] | 0x20) >= UInt8(ascii: "a") && (bytes[k] | 0x20) <= UInt8(ascii: "z") || bytes[k] == UInt8(ascii: "_")
                    || (bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9")) { k += 1 }
                words.append(String(decoding: bytes[start..<k], as: UTF8.self).uppercased())
            } else {
                k += 1
            }
        }
        return words
    }

    static func shown(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

/// The C callback: forwards to the `SQLiteAuthorizer` passed as user data. A closure with no
/// captures, so it converts to `@convention(c)`.
private let sqliteAuthorize: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
                                             UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = { context, action, first, second, _, _ in
    guard let context else { return SQLITE_DENY }
    let authorizer = Unmanaged<SQLiteAuthorizer>.fromOpaque(context).takeUnretainedValue()
    return authorizer.decide(action, first.map { String(cString: $0) }, second.map { String(cString: $0) })
}
