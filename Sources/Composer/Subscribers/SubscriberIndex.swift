import Foundation
import NewsletterCore
import Signing
import Synchronization

/// The subscriber file as `serve` looks readers up in it: read once, indexed, and read again only
/// when the file changes (its inode, size or time of change), so that a sign-up or a page view
/// costs the same at a million rows as at a hundred.
///
/// The index holds no address: for each valid row, a 32-bit hash of its address key and of its
/// unsubscribe token (``ReaderToken``), each beside the byte offset of the row, in two sorted
/// arrays of 8-byte entries (16 MB at a million rows). A lookup finds the candidates by binary
/// search and reads their rows from the file (``SubscriberFile/row(at:)``), so a hash collision
/// costs one more row read, never a wrong answer. A file of 4 GiB or more is scanned row by row.
package final class SubscriberIndex: Sendable {
    /// The file indexed.
    package let file: SubscriberFile
    private let keys: SigningKeys
    private let state = Mutex<Snapshot?>(nil)

    /// What one reading of the file gave.
    private struct Snapshot {
        var identity: [Int]
        var byAddress: [UInt64]
        var byToken: [UInt64]
        /// Whether the file is too large for 32-bit offsets.
        var isTooLarge: Bool
    }

    /// The index of `file`, whose reader tokens are made with `keys` (the list's).
    package init(file: SubscriberFile, keys: SigningKeys) {
        self.file = file
        self.keys = keys
    }

    /// The valid row of `email` (compared by ``AddressKey/key(of:)``: case, NFC and A-labels aside), or `nil`.
    package func row(forAddress email: String) -> Reader? {
        let key = AddressKey.key(of: email)
        return rows(hash: Self.hash(key), in: \.byAddress) { AddressKey.key(of: $0.email) == key }
    }

    /// The valid row whose unsubscribe token is `token`, or `nil`.
    package func row(forReaderToken token: String) -> Reader? {
        rows(hash: Self.hash(token), in: \.byToken) { ReaderToken.make(for: $0.key, keys: keys) == token }
    }

    /// Reads the file into the index now, if it changed since (`serve` calls it when it starts).
    package func refresh() {
        _ = snapshot()
    }

    private func rows(hash: UInt32, in array: KeyPath<Snapshot, [UInt64]>, matching: (Reader) -> Bool) -> Reader? {
        guard let snapshot = snapshot() else { return nil }
        if snapshot.isTooLarge { return try? file.first(where: matching) }
        let entries = snapshot[keyPath: array]
        var index = Self.firstIndex(of: hash, in: entries)
        while index < entries.count, UInt32(entries[index] >> 32) == hash {
            let offset = Int(entries[index] & 0xFFFF_FFFF)
            if let row = try? file.row(at: offset), matching(row) { return row }
            index += 1
        }
        return nil
    }

    /// The index of the file as it is now: the one held, or a new one when the file changed.
    /// Readers wait while it is made (one pass over the file, a second at a million rows).
    private func snapshot() -> Snapshot? {
        state.withLock { held in
            guard let identity = Self.identity(of: file.file) else {
                held = nil
                return nil
            }
            if let held, held.identity == identity { return held }
            held = Self.index(file, keys: keys, identity: identity)
            return held
        }
    }

    private static func index(_ file: SubscriberFile, keys: SigningKeys, identity: [Int]) -> Snapshot {
        var byAddress: [UInt64] = []
        var byToken: [UInt64] = []
        var isTooLarge = identity[1] >= 1 << 32
        if !isTooLarge {
            do {
                try file.readWithOffsets { reader, offset in
                    byAddress.append(UInt64(hash(AddressKey.key(of: reader.email))) << 32 | UInt64(offset))
                    byToken.append(UInt64(hash(ReaderToken.make(for: reader.key, keys: keys))) << 32 | UInt64(offset))
                }
            } catch {
                // A file that cannot be read whole (a row too long to be one) lists nobody until it
                // changes: kept, so that each lookup does not read it again.
                return Snapshot(identity: identity, byAddress: [], byToken: [], isTooLarge: false)
            }
            byAddress.sort()
            byToken.sort()
        } else {
            isTooLarge = true
        }
        return Snapshot(identity: identity, byAddress: byAddress, byToken: byToken, isTooLarge: isTooLarge)
    }

    /// The file's device, inode, size and time of last change: equal when the file did not change.
    private static func identity(of url: URL) -> [Int]? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return [
            Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec),
            Int(info.st_mtim.tv_nsec), Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec),
        ]
    }

    /// FNV-1a of `text`'s UTF-8: the same in every process, so the index is reproducible.
    private static func hash(_ text: String) -> UInt32 {
        var value: UInt32 = 2_166_136_261
        for byte in text.utf8 { value = (value ^ UInt32(byte)) &* 16_777_619 }
        return value
    }

    /// The first position in the sorted `entries` whose hash is not below `hash`.
    private static func firstIndex(of hash: UInt32, in entries: [UInt64]) -> Int {
        var low = 0
        var high = entries.count
        let target = UInt64(hash) << 32
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
