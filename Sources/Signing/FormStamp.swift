/// The signed time stamp a sign-up form carries: a form sent back sooner than a person can fill it
/// in, or a day later, or with a stamp nobody signed, was not filled in by a person reading this form.
///
/// Eight bytes of seconds since 1970 (big-endian) and the first 12 bytes of their HMAC-SHA256 for
/// ``SigningKeys/Purpose/form``, in base64url: 27 characters.
package enum FormStamp {
    /// The fewest seconds between showing the form and its answer.
    package static let fewestSeconds: Int64 = 2
    /// The most seconds a form stays good.
    package static let mostSeconds: Int64 = 86_400

    /// The stamp of a form shown at `time`.
    package static func make(at time: Int64, keys: SigningKeys) -> String {
        let body = (0..<8).map { UInt8(truncatingIfNeeded: time >> (56 - 8 * $0)) }
        return Base64URL.encode(body + keys.signature(of: body, for: .form).prefix(12))
    }

    /// Whether `stamp` is genuine and was made between ``mostSeconds`` and ``fewestSeconds`` before `now`.
    package static func isTimely(_ stamp: some StringProtocol, now: Int64, keys: SigningKeys) -> Bool {
        guard stamp.utf8.count <= 40, let bytes = Base64URL.decode(stamp), bytes.count == 20,
            keys.isValid(bytes[8..<20], of: bytes[0..<8], for: .form)
        else { return false }
        let time = bytes[0..<8].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return now - time >= fewestSeconds && now - time <= mostSeconds
    }
}
