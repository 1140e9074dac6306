/// A reader's address partly hidden, for the unsubscribe page: enough for the reader to recognise
/// it, too little for someone else holding the link to learn it.
package enum AddressMask {
    /// `ada.lovelace@example.org` becomes `a•••@e•••.org`.
    package static func mask(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return hidden(address) }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        let lastDot = domain.lastIndex(of: ".")
        let host = lastDot.map { domain[..<$0] } ?? domain
        let suffix = lastDot.map { String(domain[$0...]) } ?? ""
        return hidden(local) + "@" + hidden(host) + suffix
    }

    private static func hidden(_ text: some StringProtocol) -> String {
        (text.first.map(String.init) ?? "") + "•••"
    }
}
