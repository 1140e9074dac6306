import Publishing
import Synchronization

extension DeliveryRun {
    /// What the workers of one run share.
    final class SharedState: Sendable {
        let report: Mutex<DeliveryReport>
        /// Deliveries deferred in the current pass, for the next pass to retry.
        let deferred = Mutex(Set<Int64>())
        /// Deliveries taken by a relay that went down before their outcome: for the other relays.
        let returned = Mutex(Set<Int64>())
        /// Each relay's rate limit.
        let limiters: [RateLimiter?]
        /// The relays' names, by index.
        let names: [String]
        /// The relays marked down, by index, with the reply that did it.
        let down = Mutex([Int: SMTPReply]())
        /// The breaker that stops sending to a receiving domain (or at all) that refuses the sender.
        let breaker: Mutex<BlockedBreaker>

        init(relays: [DeliveryRelay], blockedShare: Double, blockedWindow: Int) {
            breaker = Mutex(BlockedBreaker(share: blockedShare, window: blockedWindow))
            limiters = relays.map { RateLimiter(perSecond: $0.ratePerSecond) }
            names = relays.map(\.name)
            var report = DeliveryReport()
            report.relayNames = names
            self.report = Mutex(report)
        }

        func isDown(_ relay: Int) -> Bool { down.withLock { $0[relay] != nil } }

        /// Whether deliveries to `domain` are still tried (the breaker has not tripped for it).
        func isOpen(_ domain: String) -> Bool { breaker.withLock { $0.isOpen(domain) } }

        /// Notes an attempt at `domain`; a trip is logged in the report, and one for the whole send
        /// stops it.
        func note(domain: String, blocked: Bool, reply: String, queue: DeliveryQueue) -> BlockedBreaker.Trip? {
            guard let trip = breaker.withLock({ $0.note(domain: domain, blocked: blocked, reply: reply) }) else {
                return nil
            }
            let line =
                "\(trip.blocked) of the last \(trip.attempts) attempts refused for the sender's side"
                + Self.domainsText(trip.domains) + ": \(trip.reply)"
            report.withLock { report in
                if let domain = trip.domain {
                    report.blockedDomains[domain] = line
                } else if report.abort == nil {
                    report.abort = .blocked(line)
                }
            }
            if trip.domain == nil { queue.stop() }
            return trip
        }

        /// " (strict.example 6, slow.example 2)": the domains of a whole-send trip, at most five by
        /// name; empty for a domain's own trip.
        static func domainsText(_ domains: [BlockedBreaker.DomainCount]) -> String {
            guard !domains.isEmpty else { return "" }
            let named = domains.prefix(5).map { "\($0.domain) \($0.blocked)" }
            let more = domains.count > 5 ? ", \(domains.count - 5) more domains" : ""
            return " (" + named.joined(separator: ", ") + more + ")"
        }

        /// Marks `relay` down; once every relay is, the run aborts with the reason (77 when every
        /// relay refused the credentials, else 69).
        func markDown(_ relay: Int, reply: SMTPReply, queue: DeliveryQueue) {
            let all = down.withLock { down -> [SMTPReply]? in
                guard down[relay] == nil else { return nil }
                down[relay] = reply
                return down.count == names.count ? Array(down.values) : nil
            }
            report.withLock { report in
                report.downRelays[names[relay]] = report.downRelays[names[relay]] ?? reply.detail
                guard let all, report.abort == nil else { return }
                if all.allSatisfy({ $0.outcome == .authenticationFailed }) {
                    report.abort = .authenticationFailed(reply.detail)
                } else {
                    report.abort = .unreachable((all.first { $0.outcome == .unreachable } ?? reply).detail)
                }
            }
            if all != nil { queue.stop() }
        }
    }
}
