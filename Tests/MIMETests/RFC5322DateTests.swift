import Foundation
import MIME
import TestSupport
import Testing

@Suite("RFC 5322 dates")
struct RFC5322DateTests {
    private let sample = Date(timeIntervalSince1970: 1_795_325_548.75)

    @Test("formats in English with a numeric zone")
    func formatting() throws {
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(RFC5322Date.string(from: sample, timeZone: utc) == "Sun, 22 Nov 2026 05:32:28 +0000")
        let chicago = try #require(TimeZone(secondsFromGMT: -6 * 3600))
        #expect(RFC5322Date.string(from: sample, timeZone: chicago) == "Sat, 21 Nov 2026 23:32:28 -0600")
        let india = try #require(TimeZone(secondsFromGMT: 5 * 3600 + 1800))
        #expect(RFC5322Date.string(from: sample, timeZone: india) == "Sun, 22 Nov 2026 11:02:28 +0530")
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: -1), timeZone: utc)
                == "Wed, 31 Dec 1969 23:59:59 +0000"
        )
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: 1_709_164_800), timeZone: utc)
                == "Thu, 29 Feb 2024 00:00:00 +0000"
        )
    }

    @Test("agrees with a POSIX-locale DateFormatter on random dates")
    func agreesWithDateFormatter() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var generator = SeededGenerator(seed: 7)
        for zone in [0, 3600, -18000, 19800, 45900] {
            let timeZone = try #require(TimeZone(secondsFromGMT: zone))
            formatter.timeZone = timeZone
            for _ in 0..<300 {
                let date = Date(
                    timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator))
                )
                #expect(RFC5322Date.string(from: date, timeZone: timeZone) == formatter.string(from: date))
            }
        }
    }

    @Test("never traps, even on dates that are not finite")
    func extremeDates() throws {
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(RFC5322Date.string(from: .distantFuture, timeZone: utc).hasSuffix("+0000"))
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: .infinity), timeZone: utc)
                == "Fri, 31 Dec 9999 23:59:59 +0000"
        )
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: -.infinity), timeZone: utc)
                == "Mon, 01 Jan 0001 00:00:00 +0000"
        )
        #expect(
            RFC5322Date.string(from: Date(timeIntervalSince1970: .nan), timeZone: utc)
                == "Thu, 01 Jan 1970 00:00:00 +0000"
        )
    }
}

@Suite struct RFC5322LocalDateTests {
    @Test func theLocalZoneFromTheCLibraryMatchesFoundations() {
        for seconds in stride(from: 1_700_000_000.0, to: 1_800_000_000, by: 7_777_777) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC5322Date.string(from: date) == RFC5322Date.string(from: date, timeZone: .current))
        }
    }
}
