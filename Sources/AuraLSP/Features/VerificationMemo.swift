import AuraRepair

/// Verifications of whole projects by their exact text, so asking for code actions twice on
/// the same buffers (cursor moves, a client re-asking) runs the tests once. Bounded; compared
/// by content, never by a hash alone (a collision must not label a fix "verified").
struct VerificationMemo {
    static let capacity = 32
    private var entries: [(files: [String: [UInt8]], verification: Verification)] = []

    mutating func verification(of files: [String: [UInt8]], _ verify: ([String: [UInt8]]) -> Verification) -> Verification {
        if let index = entries.firstIndex(where: { $0.files == files }) {
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.verification
        }
        let verification = verify(files)
        entries.append((files, verification))
        if entries.count > Self.capacity { entries.removeFirst() }
        return verification
    }
}
