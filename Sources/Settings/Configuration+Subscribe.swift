extension Configuration {
    /// How readers join the list through `serve` (the `subscribe` key): double opt-in, always.
    package struct Subscribe: Sendable {
        /// The form's public address (`https://news.example.org/subscribe`); `serve` answers at its path.
        package var url: String
        /// The consent text the form shows, recorded word for word with each reader who confirms.
        package var consent: String
        /// Whether the client's address is recorded with the consent.
        package var recordsClientAddress: Bool
        /// The most sign-ups one client address may send in an hour.
        package var perClientPerHour: Int
        /// The most confirmation messages the whole list sends in an hour.
        package var perHour: Int
        /// The proxies whose `X-Forwarded-For` names the client (their own addresses, as `serve` sees them).
        package var trustedProxies: [String]

        /// The default of `perClientPerHour`: a family or an office behind one address, not a script.
        package static let defaultPerClientPerHour = 10
        /// The default of `perHour`.
        package static let defaultPerHour = 200
        /// How long a confirmation link holds.
        package static let linkLifetimeSeconds = 7 * 86_400
        /// How long after one confirmation message an address may get the next.
        package static let perAddressSeconds = 86_400
    }
}
