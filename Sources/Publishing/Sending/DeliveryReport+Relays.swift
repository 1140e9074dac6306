extension DeliveryReport {
    /// `smtp://a:25 120, smtp://b:25 80 (down: 421 …)` for a pool of more than one relay, else nil.
    package var relaySummary: String? {
        guard relayNames.count > 1 else { return nil }
        return relayNames.map { name in
            "\(name) \(sentByRelay[name] ?? 0)" + (downRelays[name].map { " (down: \($0))" } ?? "")
        }.joined(separator: ", ")
    }
}
