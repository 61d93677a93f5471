/// Budgets for one run. Each one ends the run with a clear runtime error, never a hang or
/// a crash — the healer's verification runs untrusted candidates under these.
public struct Limits: Sendable {
    /// Instructions executed (R0009).
    public var maxInstructions: Int
    /// Wall-clock seconds (R0010).
    public var timeLimit: Double
    /// Nested calls (R0008).
    public var maxCallDepth: Int
    /// Resident memory of the process in bytes (R0011); also bounds single huge allocations.
    public var maxMemoryBytes: Int

    public init(maxInstructions: Int = Int.max, timeLimit: Double = .infinity, maxCallDepth: Int = 100_000, maxMemoryBytes: Int = 4 << 30) {
        self.maxInstructions = maxInstructions
        self.timeLimit = timeLimit
        self.maxCallDepth = maxCallDepth
        self.maxMemoryBytes = maxMemoryBytes
    }

    /// What `aura run` uses unless told otherwise: no instruction or time limit.
    public static let standard = Limits()

    /// Verification and `aura test`: generous but bounded.
    public static let verification = Limits(maxInstructions: 200_000_000, timeLimit: 10, maxCallDepth: 10_000, maxMemoryBytes: 1 << 30)
}
