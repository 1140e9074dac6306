import Signing
import Testing

@testable import Publishing

/// Each form is good for one sign-up, whatever a flood does to the book.
@Suite struct FormStampBookTests {
    @Test func aStampIsTakenOnceAndOneFromBeforeTheStartNever() {
        let book = FormStampBook(startedAt: 1_000)
        let stamp = FormStamp.Parsed(time: 1_100, serial: 42)
        #expect(book.take(stamp, now: 1_200))
        #expect(!book.take(stamp, now: 1_300), "a replay")
        #expect(!book.take(FormStamp.Parsed(time: 999, serial: 43), now: 1_300))
    }

    @Test func aFullBookRaisesItsFloorAndNeverTakesAStampTwice() {
        let book = FormStampBook(startedAt: 0, capacity: 10)
        for serial in 0..<10 {
            #expect(book.take(FormStamp.Parsed(time: Int64(100 + serial), serial: UInt64(serial)), now: 200))
        }
        // Full: the older half goes, and every stamp as old as those is refused from now on.
        #expect(book.take(FormStamp.Parsed(time: 150, serial: 99), now: 200))
        #expect(!book.take(FormStamp.Parsed(time: 101, serial: 1), now: 200), "dropped, and below the floor")
        #expect(!book.take(FormStamp.Parsed(time: 109, serial: 9), now: 200), "kept: a replay")
    }

    @Test func refusalsAreWrittenOnceAMinuteOrWhenTheHourTurns() {
        let tally = SignUpTally(now: 3_600)
        #expect(tally.add(.bot, now: 3_601) == nil)
        #expect(tally.add(.bot, now: 3_630) == nil)
        let due = tally.add(.clientLimit, now: 3_661)
        #expect(due?.counts == [.bot: 2, .clientLimit: 1])
        #expect(tally.add(.bot, now: 3_700) == nil)
        #expect(tally.add(.bot, now: 7_201)?.counts == [.bot: 1], "the last hour's, under its hour")
        #expect(tally.drain()?.counts == [.bot: 1])
        #expect(tally.drain() == nil)
    }
}
