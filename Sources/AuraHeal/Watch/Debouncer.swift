/// Collects changed paths and says when they have been quiet for `delay` seconds: a burst of
/// writes (an editor's save: truncate, write, rename) becomes one heal.
public struct Debouncer: Sendable {
    public let delay: Double
    private var lastEvent: [String: Double] = [:]

    public init(delay: Double) { self.delay = delay }

    /// Paths waiting to settle.
    public var pending: Set<String> { Set(lastEvent.keys) }

    public var isEmpty: Bool { lastEvent.isEmpty }

    public mutating func note(_ path: String, at time: Double) { lastEvent[path] = time }

    /// The paths whose last event is at least `delay` old at `now`.
    public func quiet(at now: Double) -> Set<String> {
        Set(lastEvent.filter { now - $0.value >= delay }.keys)
    }

    /// Seconds until the next pending path is quiet (0 when one already is); nil when none waits.
    public func nextDue(at now: Double) -> Double? {
        lastEvent.values.map { max(0, $0 + delay - now) }.min()
    }

    public mutating func remove(_ paths: Set<String>) {
        for path in paths { lastEvent[path] = nil }
    }
}
