import Foundation
import TextBasics

/// The one spelling of an address that the list keeps for what a reader types, so that one
/// mailbox is one reader however it is typed: the local part in Unicode NFC (a decomposed "zoë"
/// and a composed one are the same person; a Kelvin sign is a K), the domain as lower-case
/// A-labels (`bücher.example` is `xn--bcher-kva.example`).
///
/// The sign-up form keeps the address in this spelling, and `serve`'s lookups in the subscriber
/// file compare in it.
package enum AddressKey {
    /// `address` in the list's spelling (its case kept in the local part; see ``key(of:)``).
    package static func canonical(_ address: String) -> String {
        guard address.utf8.contains(where: { $0 >= 0x80 }), let at = address.lastIndex(of: "@") else {
            return address
        }
        let local = String(address[..<at]).precomposedStringWithCanonicalMapping
        let domain = String(address[address.index(after: at)...]).precomposedStringWithCanonicalMapping.lowercased()
        return local + "@" + (Punycode.asciiDomain(domain) ?? domain)
    }

    /// The key two spellings of one mailbox share: ``canonical(_:)`` in lower case.
    package static func key(of address: String) -> String {
        canonical(address).lowercased()
    }

    /// The key the per-address limits count under: ``key(of:)`` with a `+tag` taken off the local
    /// part, so that `ann+1@`, `ann+2@`… are one mailbox's letters, not a thousand.
    package static func limitKey(of address: String) -> String {
        let key = key(of: address)
        guard let at = key.lastIndex(of: "@"), let plus = key[..<at].firstIndex(of: "+"), plus > key.startIndex else {
            return key
        }
        return String(key[..<plus] + key[at...])
    }
}
