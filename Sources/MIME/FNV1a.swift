/// The 64-bit FNV-1a hash: tiny, fast and stable across runs and platforms.
///
/// Used where an identifier must be the same every time for the same input
/// (Message-IDs after a crash, boundaries). It is not a cryptographic hash.
struct FNV1a: Sendable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of everything combined so far.
    private(set) var value: UInt64 = FNV1a.offsetBasis

    /// Mixes one byte into the hash.
    @inline(__always)
    mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* FNV1a.prime
    }

    /// Mixes a sequence of bytes into the hash.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { combine(byte) }
    }

    /// The hash of `bytes`.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes)
        return hasher.value
    }
}
