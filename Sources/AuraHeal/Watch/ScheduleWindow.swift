#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When healing beyond `safe` fixes may run (`aura.schedule.hours`, `aura.schedule.days`).
///
/// Hours are whole local hours, `start-end` with the end excluded, and may wrap midnight:
/// `22-4` is 22:00 up to 04:00. Several ranges are separated by commas (`12-13,22-4`). Days are
/// judged by the moment's own date: with `22-4` and `sat,sun`, Sunday 23:00 is inside, Monday
/// 01:00 is not. No hours and no days (the default) means always inside.
public struct ScheduleWindow: Sendable, Equatable {
    /// One `start-end` range of local hours: start included, end excluded, wrapping midnight
    /// when the end is not after the start.
    public struct Hours: Sendable, Equatable {
        public var start: Int
        public var end: Int

        public init(_ start: Int, _ end: Int) {
            self.start = start
            self.end = end
        }

        public func contains(_ hour: Int) -> Bool {
            start < end ? start <= hour && hour < end : hour >= start || hour < end
        }
    }

    public var hours: [Hours]
    /// Weekdays, 0 = Sunday … 6 = Saturday; empty means every day.
    public var days: Set<Int>
    /// Seconds east of UTC the hours are counted in; nil: the local time zone at each moment.
    public var utcOffset: Int?

    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    public static let hoursAllowed = "hour ranges such as 22-4 or 9-17,20-22 (start-end, whole hours 0-24, the end excluded, may wrap midnight)"
    public static let daysAllowed = "day names such as sat,sun or mon-fri (sun, mon, tue, wed, thu, fri, sat)"

    public init(hours: [Hours] = [], days: Set<Int> = [], utcOffset: Int? = nil) {
        self.hours = hours
        self.days = days
        self.utcOffset = utcOffset
    }

    /// True when neither hours nor days restrict the window.
    public var isAlways: Bool { hours.isEmpty && days.isEmpty }

    /// Parses `aura.schedule.hours`; nil for anything else than comma-separated `start-end`
    /// ranges of hours 0–24 with start ≠ end.
    public static func parseHours(_ text: String) -> [Hours]? {
        var ranges: [Hours] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
            guard bounds.count == 2, let start = Int(bounds[0]), let end = Int(bounds[1]),
                  (0...23).contains(start), (0...24).contains(end), start != end else { return nil }
            ranges.append(Hours(start, end))
        }
        return ranges.isEmpty ? nil : ranges
    }

    /// Parses `aura.schedule.days`: comma-separated day names or ranges (`mon-fri`, `fri-mon`).
    public static func parseDays(_ text: String) -> Set<Int>? {
        var days = Set<Int>()
        for part in text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
            let indices = bounds.map { name in dayNames.firstIndex(of: String(name.prefix(3))).flatMap { fullNameMatches(name, $0) ? $0 : nil } }
            guard (1...2).contains(indices.count), let first = indices[0], let last = indices[indices.count - 1] else { return nil }
            var day = first
            days.insert(day)
            while day != last {
                day = (day + 1) % 7
                days.insert(day)
            }
        }
        return days.isEmpty ? nil : days
    }

    /// `sat`, `saturday` and `satur` name Saturday; `satx` does not.
    private static func fullNameMatches(_ name: String, _ index: Int) -> Bool {
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][index]
        return name.count >= 3 && full.hasPrefix(name)
    }

    /// Whether the moment `time` (seconds since 1970) is inside the window.
    public func contains(_ time: Double) -> Bool {
        let (hour, weekday) = localHourAndWeekday(time)
        let dayOK = days.isEmpty || days.contains(weekday)
        let hourOK = hours.isEmpty || hours.contains { $0.contains(hour) }
        return dayOK && hourOK
    }

    /// The first moment at or after `time` that is inside the window (at a whole local hour
    /// unless `time` itself is inside); nil when no hour of the next eight days is.
    public func nextOpening(after time: Double) -> Double? {
        if contains(time) { return time }
        let offset = Double(offset(at: time))
        var boundary = ((time + offset) / 3600).rounded(.down) * 3600 + 3600 - offset
        for _ in 0..<(8 * 24) {
            if contains(boundary) { return boundary }
            boundary += 3600
        }
        return nil
    }

    /// `22:00` when `opening` is within a day of `now`, else `sat 22:00`.
    public func describe(_ opening: Double, now: Double) -> String {
        let local = Int(opening) + offset(at: opening)
        let minutes = ((local % 86_400) + 86_400) % 86_400 / 60
        let clock = (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        if opening - now < 86_400 { return clock }
        return Self.dayNames[localHourAndWeekday(opening).weekday] + " " + clock
    }

    func localHourAndWeekday(_ time: Double) -> (hour: Int, weekday: Int) {
        let local = Int((time).rounded(.down)) + offset(at: time)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let hour = (local - days * 86_400) / 3600
        // 1970-01-01 was a Thursday (4).
        return (hour, ((days + 4) % 7 + 7) % 7)
    }

    func offset(at time: Double) -> Int {
        if let utcOffset { return utcOffset }
        var stamp = time_t(time)
        var parts = tm()
        localtime_r(&stamp, &parts)
        return Int(parts.tm_gmtoff)
    }
}
