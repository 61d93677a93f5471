import AuraJSON

/// The one replacement that turns `old` into `new`: everything between their common prefix and
/// common suffix. Small edits keep the client's cursor and marks where they were (a whole-buffer
/// replacement would move them), and the boundaries never split a UTF-8 character.
struct TextDifference {
    var start: Int
    var end: Int
    var replacement: [UInt8]

    init?(_ old: [UInt8], _ new: [UInt8]) {
        guard old != new else { return nil }
        var prefix = 0
        let limit = min(old.count, new.count)
        while prefix < limit, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < limit - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        // Back to the first byte of a character on both sides.
        while prefix > 0, old.indices.contains(prefix), old[prefix] & 0xC0 == 0x80 { prefix -= 1 }
        while suffix > 0, old[old.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
        start = prefix
        end = old.count - suffix
        replacement = Array(new[prefix..<(new.count - suffix)])
    }

    func textEdit(in document: TextDocument, encoding: PositionEncoding) -> JSON {
        ["range": document.range(start, end, encoding: encoding), "newText": .string(String(decoding: replacement, as: UTF8.self))]
    }
}
