import Signing
import Synchronization

/// The sign-up form stamps already used (``FormStamp``): each form is good for one sign-up, so a
/// stamp taken from the form once cannot be replayed by a script for the day it stays timely.
///
/// Kept in memory, bounded: at most ``defaultCapacity`` stamps. When a flood fills it, the older half is
/// dropped and every stamp made before the newest one dropped is refused from then on (`floor`),
/// so a stamp is never taken twice, whatever the flood; only forms left open for long during one
/// are refused. A restart forgets the book (a form shown before it still works once more after it).
final class FormStampBook: Sendable {
    /// The most stamps remembered, by default.
    static let defaultCapacity = 100_000

    private let capacity: Int

    private struct Book {
        /// Each used stamp's serial, with the time its form was shown.
        var used: [UInt64: Int64] = [:]
        /// Stamps made before this time are refused.
        var floor: Int64
    }

    private let book: Mutex<Book>

    /// A book of at most `capacity` stamps that refuses stamps made before `startedAt` (seconds since 1970).
    init(startedAt: Int64, capacity: Int = defaultCapacity) {
        self.capacity = capacity
        book = Mutex(Book(floor: startedAt))
    }

    /// Takes `stamp` at `now`: `true` the first time, `false` when it was used or is older than the floor.
    func take(_ stamp: FormStamp.Parsed, now: Int64) -> Bool {
        book.withLock { book in
            guard stamp.time >= book.floor, book.used[stamp.serial] == nil else { return false }
            if book.used.count >= capacity {
                book.used = book.used.filter { now - $0.value <= FormStamp.mostSeconds }
            }
            if book.used.count >= capacity {
                let times = book.used.values.sorted()
                book.floor = max(book.floor, times[times.count / 2] + 1)
                book.used = book.used.filter { $0.value >= book.floor }
                guard stamp.time >= book.floor else { return false }
            }
            book.used[stamp.serial] = stamp.time
            return true
        }
    }
}
