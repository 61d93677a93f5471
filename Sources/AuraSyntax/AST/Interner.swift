/// An interned identifier. Comparing and hashing symbols is comparing integers.
public typealias Symbol = Int32

/// Maps identifier bytes to dense `Symbol`s with an open-addressing table over FNV-1a hashes,
/// so the parser interns names without creating a `String` for every occurrence.
public final class Interner {
    private var slots: [Int32]          // symbol + 1, 0 = empty
    private var hashes: [UInt32] = []
    private var storage: [UInt8] = []
    private var offsets: [Int32] = [0]
    public private(set) var names: [String] = []

    public init() {
        slots = [Int32](repeating: 0, count: 1024)
    }

    public var count: Int { names.count }

    public func name(_ symbol: Symbol) -> String { names[Int(symbol)] }

    /// Interns `bytes[start..<end]`.
    public func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Symbol {
        let hash = Interner.hash(bytes, start, end)
        let (found, slot) = probe(bytes, start, end, hash)
        if let found { return found }
        let symbol = Symbol(names.count)
        storage.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        offsets.append(Int32(storage.count))
        hashes.append(hash)
        names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        slots[slot] = symbol + 1
        if names.count * 2 > slots.count { grow() }
        return symbol
    }

    /// Interns a Swift string (builtins, tests).
    public func intern(_ text: String) -> Symbol {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { intern($0, 0, $0.count) }
    }

    /// Interns every name of `other` in `other`'s symbol order and returns, per symbol of
    /// `other`, this interner's symbol for the same name. A file parsed with its own interner
    /// interned its names in the order they first occur in it, so adopting its interner when
    /// the file would have been parsed numbers the symbols exactly as parsing it here would.
    public func adopt(_ other: Interner) -> [Symbol] {
        precondition(other !== self, "an interner cannot adopt itself")
        return other.storage.withUnsafeBufferPointer { bytes in
            (0..<other.names.count).map { intern(bytes, Int(other.offsets[$0]), Int(other.offsets[$0 + 1])) }
        }
    }

    /// The symbol for `text` if it was ever interned.
    public func lookup(_ text: String) -> Symbol? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { probe($0, 0, $0.count, Interner.hash($0, 0, $0.count)).0 }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for index in start..<end { hash = (hash ^ UInt32(bytes[index])) &* 16_777_619 }
        return hash
    }

    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ hash: UInt32) -> (Symbol?, Int) {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        let length = end - start
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot) }
            let symbol = Int(entry - 1)
            if hashes[symbol] == hash {
                let from = Int(offsets[symbol]), to = Int(offsets[symbol + 1])
                if to - from == length {
                    var same = true
                    for k in 0..<length where storage[from + k] != bytes[start + k] { same = false; break }
                    if same { return (Symbol(symbol), slot) }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    private func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(hash) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(index + 1)
        }
        slots = bigger
    }
}
