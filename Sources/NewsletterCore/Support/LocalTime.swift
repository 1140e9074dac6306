#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local date from the C library.
///
/// Foundation's `Calendar` and `TimeZone.current` load ICU's calendar and zone data, which costs
/// several megabytes of memory; `localtime_r` reads the same TZ setting for nothing.
enum LocalTime {
    /// The broken-down local time of `date`.
    private static func components(of date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return parts
    }

    /// The local calendar day of `date`.
    static func day(of date: Date) -> Day {
        let parts = components(of: date)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}
