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

/// Formats dates for the `Date:` header (RFC 5322 §3.3).
package enum RFC5322Date {
    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let earliestSecond: Double = -62_135_596_800  // 0001-01-01T00:00:00Z
    private static let latestSecond: Double = 253_402_300_799  // 9999-12-31T23:59:59Z
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `date` as `Sun, 22 Nov 2026 05:32:28 +0000` in `timeZone`.
    ///
    /// English day and month names and a numeric zone, independent of the
    /// locale; fractions of a second are dropped, and dates outside the years
    /// 1–9999 are clamped to that range. Computed arithmetically in
    /// the proleptic Gregorian calendar, with the zone's offset at that instant.
    package static func string(from date: Date, timeZone: TimeZone) -> String {
        string(from: date, offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// `date` in the machine's local time zone, as the C library sees it.
    ///
    /// Asks `localtime_r` for the zone's offset rather than `TimeZone.current`, which loads the
    /// time-zone and calendar data of ICU: several megabytes a bulk send does not need.
    package static func string(from date: Date) -> String {
        string(from: date, offsetSeconds: localOffsetSeconds(at: date))
    }

    /// Seconds east of UTC of the local zone at `date`, from `localtime_r` (which reads TZ).
    private static func localOffsetSeconds(at date: Date) -> Int {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Int(parts.tm_gmtoff)
    }

    /// `date` shifted by `offsetSeconds` east of UTC.
    static func string(from date: Date, offsetSeconds: Int) -> String {
        let interval = date.timeIntervalSince1970
        // Clamp to years 1…9999 so that no date (not even NaN or infinity) can trap.
        let clamped = interval.isNaN ? 0 : min(max(interval.rounded(.down), earliestSecond), latestSecond)
        let seconds = Int64(clamped) + Int64(offsetSeconds)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        let weekday = Int(floorDivision(days, 7).remainder)

        var text = dayNames[weekday] + ", "
        text += twoDigits(Int64(day)) + " " + monthNames[month - 1] + " " + fourDigits(year) + " "
        text +=
            twoDigits(secondOfDay / 3600) + ":" + twoDigits(secondOfDay / 60 % 60) + ":" + twoDigits(secondOfDay % 60)
        let absoluteOffset = abs(offsetSeconds) / 60
        text +=
            (offsetSeconds < 0 ? " -" : " +") + twoDigits(Int64(absoluteOffset / 60))
            + twoDigits(Int64(absoluteOffset % 60))
        return text
    }

    /// Quotient and non-negative remainder of `value / divisor`.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = (value % divisor + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    /// The Gregorian year, month (1–12) and day for a day count since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// `value` padded with leading zeros to four digits (years are 1…9999 here).
    private static func fourDigits(_ value: Int64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `value` with a leading zero below 10.
    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
