#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times shown to users: `2026-05-01 11:42 UTC`, or with seconds `2026-05-01 11:42:07 UTC`.
public enum UTCTime {
    public static func text(_ seconds: Double, withSeconds: Bool = false) -> String {
        var stamp = time_t(seconds)
        var parts = tm()
        gmtime_r(&stamp, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let minute = "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) \(pad(parts.tm_hour)):\(pad(parts.tm_min))"
        return minute + (withSeconds ? ":\(pad(parts.tm_sec))" : "") + " UTC"
    }
}
