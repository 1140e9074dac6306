/// The signed stamp a sign-up form carries: a form sent back sooner than a person can fill it in,
/// or a day later, or with a stamp nobody signed, was not filled in by a person reading this form.
/// Each stamp also names itself (a random number), so that the desk can take each one once.
///
/// Eight bytes of seconds since 1970 and eight random bytes (big-endian), then the first 12 bytes
/// of their HMAC-SHA256 for ``SigningKeys/Purpose/form``, in base64url: 38 characters.
package enum FormStamp {
    /// The fewest seconds between showing the form and its answer.
    package static let fewestSeconds: Int64 = 2
    /// The most seconds a form stays good.
    package static let mostSeconds: Int64 = 86_400

    /// A genuine stamp: when its form was shown, and the number that names it.
    package struct Parsed: Sendable, Equatable {
        package var time: Int64
        package var serial: UInt64

        package init(time: Int64, serial: UInt64) {
            self.time = time
            self.serial = serial
        }
    }

    /// The stamp of a form shown at `time`.
    package static func make(at time: Int64, keys: SigningKeys) -> String {
        var generator = SystemRandomNumberGenerator()
        let serial = generator.next() as UInt64
        let body = bigEndian(UInt64(bitPattern: time)) + bigEndian(serial)
        return Base64URL.encode(body + keys.signature(of: body, for: .form).prefix(12))
    }

    /// The genuine stamp `stamp` made between ``mostSeconds`` and ``fewestSeconds`` before `now`; `nil` otherwise.
    package static func timely(_ stamp: some StringProtocol, now: Int64, keys: SigningKeys) -> Parsed? {
        guard stamp.utf8.count <= 40, let bytes = Base64URL.decode(stamp), bytes.count == 28,
            keys.isValid(bytes[16..<28], of: bytes[0..<16], for: .form)
        else { return nil }
        let time = Int64(bitPattern: number(bytes[0..<8]))
        guard now - time >= fewestSeconds && now - time <= mostSeconds else { return nil }
        return Parsed(time: time, serial: number(bytes[8..<16]))
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
