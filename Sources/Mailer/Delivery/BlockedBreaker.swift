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
        var reply: String
    }

    private var recent: [String: [Bool]] = [:]
    private var overall: [Bool] = []
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
        func push(_ value: Bool, _ list: inout [Bool]) {
            list.append(value)
            if list.count > window { list.removeFirst(list.count - window) }
        }
        push(blocked, &recent[domain, default: []])
        push(blocked, &overall)
        guard blocked else { return nil }
        func trips(_ list: [Bool]) -> Int? {
            let count = list.filter { $0 }.count
            return list.count >= minimumAttempts && Double(count) >= share * Double(list.count) ? count : nil
        }
        if trippedAll == nil, let count = trips(overall), Set(recent.keys).count > 1 {
            trippedAll = Trip(domain: nil, blocked: count, attempts: overall.count, reply: reply)
            return trippedAll
        }
        if tripped[domain] == nil, let count = trips(recent[domain] ?? []) {
            let trip = Trip(domain: domain, blocked: count, attempts: recent[domain]?.count ?? 0, reply: reply)
            tripped[domain] = trip
            return trip
        }
        return nil
    }
}
