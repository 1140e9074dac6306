import Foundation
import Synchronization

/// Sign-ups per client and per network in the current hour, for `subscribe.perClientPerHour` and
/// `perNetworkPerHour`: a fixed window, reset on the hour, bounded in size (a flood of clients
/// makes it forget the clients' counts, not the networks'; it never grows without end).
///
/// A client is an IPv4 address, or an IPv6 network of `ipv6Prefix` bits (one home's /64 holds
/// more addresses than anyone could count); a network is an IPv4 /24 or an IPv6 /48 (or the
/// client's prefix, when shorter). IPv4 addresses mapped into IPv6 (`::ffff:192.0.2.1`) count as
/// IPv4.
package final class ClientCounter: Sendable {
    private struct Window {
        var hour: Int64 = 0
        var counts: [String: Int] = [:]
    }

    private let window = Mutex(Window())
    /// The most clients and networks counted in one hour.
    static let capacity = 100_000

    package init() {}

    /// The keys `address` is counted under: its client's and its network's.
    package static func keys(of address: String, ipv6Prefix: Int) -> (client: String, network: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return ipv4Keys(withUnsafeBytes(of: &v4) { Array($0) })
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return ("?" + address, "?" + address) }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return ipv4Keys(Array(bytes[12..<16]))
        }
        return (network(bytes, bits: ipv6Prefix), network(bytes, bits: min(48, ipv6Prefix)))
    }

    /// Counts a sign-up from `address` at `now` (seconds since 1970); whether its client is within
    /// `clientLimit` and its network within `networkLimit`.
    package func admit(
        _ address: String,
        now: Int64,
        ipv6Prefix: Int,
        clientLimit: Int,
        networkLimit: Int
    ) -> Bool {
        let keys = Self.keys(of: address, ipv6Prefix: ipv6Prefix)
        return window.withLock { window in
            if now / 3600 != window.hour {
                window.hour = now / 3600
                window.counts.removeAll(keepingCapacity: true)
            } else if window.counts.count > Self.capacity {
                // Full: the clients' counts go, the networks' stay, so that a /48's thousands of
                // /64s cannot empty their own network's count by filling the window.
                window.counts = window.counts.filter { $0.key.hasPrefix("n ") }
                if window.counts.count > Self.capacity { window.counts.removeAll(keepingCapacity: true) }
            }
            let client = "c " + keys.client
            let network = "n " + keys.network
            window.counts[client, default: 0] += 1
            window.counts[network, default: 0] += 1
            return window.counts[client]! <= clientLimit && window.counts[network]! <= networkLimit
        }
    }

    private static func ipv4Keys(_ bytes: [UInt8]) -> (client: String, network: String) {
        let text = bytes.map(String.init).joined(separator: ".")
        return (text, bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24")
    }

    /// The first `bits` bits of an IPv6 address, as hexadecimal with the prefix length.
    private static func network(_ bytes: [UInt8], bits: Int) -> String {
        var masked = bytes
        for index in masked.indices {
            let kept = max(0, min(8, bits - index * 8))
            masked[index] &= kept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - kept))
        }
        return masked.map { String(format: "%02x", $0) }.joined() + "/\(bits)"
    }
}
