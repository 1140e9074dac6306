import NewsletterCore

/// Picks and orders what a mailing carries.
///
/// A weekly issue carries exactly the items that no earlier issue carried; an alert carries the
/// items of one topic that no earlier alert carried. Sections follow the config's `topics` order,
/// then the other topics by name; within a section the newest item comes first.
package struct Selection: Sendable {
    /// The configured order of topic headings.
    package var topicOrder: [String]

    /// A selection that orders headings by `topicOrder`.
    package init(topicOrder: [String]) {
        self.topicOrder = topicOrder
    }

    /// The sections of the next issue: every item whose id is not in `carried`.
    package func nextIssue(from items: [Item], carried: Set<String>) -> [TopicSection] {
        sections(items.filter { !carried.contains($0.id) && !$0.isDraft })
    }

    /// The sections of the next alert for `topic`: its items not in `alerted`, or, when `only` is
    /// not empty, just those items.
    ///
    /// Fails with `.usage` when `only` names an item that does not exist or is of another topic.
    package func nextAlert(
        topic: String,
        from items: [Item],
        alerted: Set<String>,
        only: [String] = []
    ) throws(NewsletterError) -> [TopicSection] {
        var chosen = items.filter { $0.topic.equalsIgnoringCase(topic) && !$0.isDraft }
        if !only.isEmpty {
            for id in only {
                guard let item = items.first(where: { $0.id == id }) else {
                    throw NewsletterError(
                        .usage,
                        "no item has the id '\(id)'; ids are the item file names without .md",
                        context: "--item"
                    )
                }
                guard item.topic.equalsIgnoringCase(topic) else {
                    throw NewsletterError(
                        .usage,
                        "the item '\(id)' is in the topic '\(item.topic)', not '\(topic)'",
                        context: "--item"
                    )
                }
            }
            chosen = chosen.filter { only.contains($0.id) }
        }
        return sections(chosen.filter { !alerted.contains($0.id) })
    }

    /// Groups `items` into ordered sections.
    package func sections(_ items: [Item]) -> [TopicSection] {
        var byTopic: [String: [Item]] = [:]
        var spelling: [String: String] = [:]
        for item in items {
            let key = item.topic.lowercased()
            byTopic[key, default: []].append(item)
            spelling[key] = spelling[key] ?? configuredSpelling(of: item.topic) ?? item.topic
        }
        let configured = topicOrder.map { $0.lowercased() }
        let keys = byTopic.keys.sorted { lhs, rhs in
            switch (configured.firstIndex(of: lhs), configured.firstIndex(of: rhs)) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return lhs < rhs
            }
        }
        return keys.map { key in
            let items = byTopic[key]!.sorted { ($0.date, $1.id) > ($1.date, $0.id) }
            return TopicSection(topic: spelling[key]!, items: items)
        }
    }

    private func configuredSpelling(of topic: String) -> String? {
        topicOrder.first { $0.equalsIgnoringCase(topic) }
    }
}
