extension Configuration {
    /// How readers join the list through `serve` (the `subscribe` key): double opt-in, always.
    package struct Subscribe: Sendable {
        /// The form's public address (`https://news.example.org/subscribe`); `serve` answers at its path.
        package var url: String
        /// The consent text the form shows, recorded word for word with each reader who confirms.
        package var consent: String
        /// Whether the client's address is recorded with the consent.
        package var recordsClientAddress: Bool
        /// The most sign-ups one client may send in an hour: an IPv4 address, or an IPv6 network of
        /// `ipv6Prefix` bits (a home or an office gets a /64, not one address).
        package var perClientPerHour: Int
        /// The most sign-ups one network may send in an hour (an IPv4 /24, an IPv6 /48): a smaller
        /// share than `perHour`, so that one network cannot use up the list's allowance for newcomers.
        package var perNetworkPerHour: Int
        /// How many leading bits of an IPv6 address name one client.
        package var ipv6Prefix: Int
        /// The most confirmation messages the whole list sends in an hour.
        package var perHour: Int
        /// The proxies whose `X-Forwarded-For` names the client (their own addresses, as `serve` sees them).
        package var trustedProxies: [String]

        /// The default of `perClientPerHour`: a family or an office behind one address, not a script.
        package static let defaultPerClientPerHour = 10
        /// The default of `perHour`.
        package static let defaultPerHour = 200
        /// The default of `ipv6Prefix`: one home or office network.
        package static let defaultIPv6Prefix = 64

        /// The default of `perNetworkPerHour`: a tenth of the list's hour, and never below one client's.
        package static func defaultPerNetworkPerHour(perClient: Int, perHour: Int) -> Int {
            max(perClient, perHour / 10)
        }
        /// How long a confirmation link holds.
        package static let linkLifetimeSeconds = 7 * 86_400
        /// How long after one confirmation message an address may get the next.
        package static let perAddressSeconds = 86_400
    }
}
