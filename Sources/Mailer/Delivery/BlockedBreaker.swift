import Publishing

/// The circuit breaker of one send: when the receiving side refuses the *sender* (DMARC, spam,
/// a blocklist: `blocked` refusals) for many readers in a row, the send stops before it burns
/// through the list, and the deliveries not yet tried stay pending for the next `send`.
///
/// It watches the recent attempts at each receiving domain and across all of them. A domain trips
/// when at least ``share`` of its last ``window`` attempts (and at least ``minimumAttempts``) were
/// blocked: its remaining deliveries are skipped. Everything trips when the same holds for the last
/// ``window`` attempts overall.
struct BlockedBreaker: Sendable {
    /// The share of blocked refusals among the recent attempts that trips the breaker.
    var share: Double
    /// How many recent attempts are watched, per domain and overall (`bounces.blockedWindow`).
    var window: Int
    /// The fewest attempts at a domain (or overall) before it can trip: 8, or the window if smaller.
    var minimumAttempts: Int { min(8, window) }

    /// What tripped it: the receiving domain (`nil` for the whole send) and a refusal's reply.
    struct Trip: Sendable, Equatable {
        var domain: String?
        var blocked: Int
        var attempts: Int
        /// The reply most of the blocked attempts got (the newest of them on a tie).
        var reply: String
        /// For the whole send: the domains that refused among the recent attempts, with how many
        /// each, most first.
        var domains: [DomainCount] = []
    }

    /// A receiving domain and how many of the recent attempts it refused.
    struct DomainCount: Sendable, Equatable {
        var domain: String
        var blocked: Int
    }

    /// One attempt, as the whole send's window keeps it.
    private struct Attempt {
        var domain: String
        var blocked: Bool
        var reply: String
    }

    private var recent: [String: [Bool]] = [:]
    private var overall: [Attempt] = []
    private(set) var tripped: [String: Trip] = [:]
    private(set) var trippedAll: Trip?

    init(share: Double, window: Int = 20) {
        self.share = share
        self.window = window
    }

    /// Whether deliveries to `domain` are still tried.
    func isOpen(_ domain: String) -> Bool { trippedAll == nil && tripped[domain] == nil }

    /// Notes an attempt at `domain` (blocked or not); returns a new trip, if this attempt caused one.
    mutating func note(domain: String, blocked: Bool, reply: String) -> Trip? {
        guard share < 1 else { return nil }  // `bounces.blockedShare` 1: off
        func push<T>(_ value: T, _ list: inout [T]) {
            list.append(value)
            if list.count > window { list.removeFirst(list.count - window) }
        }
        push(blocked, &recent[domain, default: []])
        push(Attempt(domain: domain, blocked: blocked, reply: reply), &overall)
        guard blocked else { return nil }
        func trips(_ list: [Bool]) -> Int? {
            let count = list.filter { $0 }.count
            return list.count >= minimumAttempts && Double(count) >= share * Double(list.count) ? count : nil
        }
        if trippedAll == nil, let count = trips(overall.map(\.blocked)), Set(recent.keys).count > 1 {
            trippedAll = wholeSendTrip(blocked: count)
            return trippedAll
        }
        if tripped[domain] == nil, let count = trips(recent[domain] ?? []) {
            let trip = Trip(domain: domain, blocked: count, attempts: recent[domain]?.count ?? 0, reply: reply)
            tripped[domain] = trip
            return trip
        }
        return nil
    }

    /// The whole send's trip: which domains refused among the recent attempts, and the reply most
    /// of them got, so that the line names who refused and why.
    private func wholeSendTrip(blocked: Int) -> Trip {
        let refusals = overall.filter(\.blocked)
        var byDomain: [String: Int] = [:]
        var byReply: [String: Int] = [:]
        for refusal in refusals {
            byDomain[refusal.domain, default: 0] += 1
            byReply[refusal.reply, default: 0] += 1
        }
        let domains = byDomain.map { DomainCount(domain: $0.key, blocked: $0.value) }
            .sorted { ($0.blocked, $1.domain) > ($1.blocked, $0.domain) }
        let most = byReply.values.max() ?? 0
        let reply = refusals.last { byReply[$0.reply] == most }?.reply ?? ""
        return Trip(domain: nil, blocked: blocked, attempts: overall.count, reply: reply, domains: domains)
    }
}
