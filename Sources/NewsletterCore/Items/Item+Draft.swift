extension Item {
    /// What a draft still needs before an editor removes `draft: true`, one phrase each.
    ///
    /// Empty for an item that is not a draft.
    package var draftNeeds: [String] {
        guard isDraft else { return [] }
        var needs: [String] = []
        for (index, link) in links.enumerated() where link.url.isEmpty {
            needs.append("links[\(index)].url for “\(link.label): \(link.title)”")
        }
        for (index, reference) in seeAlso.enumerated() where reference.url.isEmpty {
            needs.append("see_also[\(index)].url for “\(reference.title)”")
        }
        needs.append("a review, then remove the line `draft: true`")
        return needs
    }
}
