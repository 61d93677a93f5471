import Synchronization

/// How many verifications this process ran (tests prove cache hits with it, never with timing).
public enum VerificationCounter {
    static let count = Atomic<Int>(0)
    public static var value: Int { count.load(ordering: .relaxed) }
    package static func increment() { count.add(1, ordering: .relaxed) }
}
