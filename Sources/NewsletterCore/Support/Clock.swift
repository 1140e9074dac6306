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

/// The project's one clock: now in seconds since 1970, as the state database writes a time
/// (ISO 8601 UTC, `2026-11-22T05:32:28Z`), and today's local date.
///
/// Formatted by hand from the C library's `gmtime_r` and `localtime_r`: Foundation's date
/// formatting and `Calendar` load ICU, megabytes that a bulk send does not need, and the send
/// stamps every outcome. `serve` takes a clock moved by whole seconds for tests of expiry
/// (its hidden `--clock-offset`), unit tests one that stands still; everything else uses ``system``.
package struct Clock: Sendable {
    /// Seconds added to the system's time.
    package var offsetSeconds: Int64
    /// A time that never moves, for a test; `nil` for the system's time.
    private var fixedSeconds: Int64?

    /// The system's time.
    package static let system = Clock(offsetSeconds: 0)

    /// A clock `offsetSeconds` ahead of the system's.
    package init(offsetSeconds: Int64) {
        self.offsetSeconds = offsetSeconds
    }

    /// A clock that stands still at `secondsSince1970` (a test's).
    package init(fixedAt secondsSince1970: Int64) {
        offsetSeconds = 0
        fixedSeconds = secondsSince1970
    }

    /// Now, in seconds since 1970.
    package var now: Int64 { fixedSeconds ?? Int64(time(nil)) + offsetSeconds }

    /// Now as the state database writes a time, moved by `offsetSeconds`.
    package func timestamp(offsetSeconds: Int64 = 0) -> String {
        Self.timestamp(secondsSince1970: now + offsetSeconds)
    }

    /// The time `days` days before now, as the state database writes a time.
    package func timestamp(daysAgo days: Int) -> String {
        timestamp(offsetSeconds: -Int64(days) * 86_400)
    }

    /// `secondsSince1970` as the state database writes a time: ISO 8601 UTC, 20 bytes.
    package static func timestamp(secondsSince1970: Int64) -> String {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes = Array("0000-00-00T00:00:00Z".utf8)
        func put(_ value: Int32, at end: Int, width: Int = 2) {
            var rest = max(0, Int(value))
            for index in stride(from: end, to: end - width, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(parts.tm_year + 1900, at: 3, width: 4)
        put(parts.tm_mon + 1, at: 6)
        put(parts.tm_mday, at: 9)
        put(parts.tm_hour, at: 12)
        put(parts.tm_min, at: 15)
        put(parts.tm_sec, at: 18)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The local calendar day of `date`, in the time zone the C library reads from TZ.
    package static func day(of date: Date) -> Day {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}
