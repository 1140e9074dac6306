import NewsletterCore
import TextBasics

extension Bulletin {
    /// The bulletin with the renderer's private markers (U+E000–U+E0FF) taken out of every text an
    /// item or a topic gives: the renderer places its own markers around the values, and a value
    /// that carried one (a feed's title, an imported item) would cut a reader's copy at the wrong
    /// place or be read as their address. `check` and the item parser refuse them already; this is
    /// the last line.
    func withoutRendererMarkers() -> Bulletin {
        var bulletin = self
        bulletin.topic = topic.map(StoredText.withoutRendererMarkers)
        bulletin.sections = sections.map { section in
            var section = section
            section.topic = StoredText.withoutRendererMarkers(section.topic)
            section.items = section.items.map { $0.withoutRendererMarkers() }
            return section
        }
        return bulletin
    }
}

extension Item {
    /// The item with the renderer's private markers taken out of every field.
    func withoutRendererMarkers() -> Item {
        let clean = StoredText.withoutRendererMarkers
        var item = self
        item.id = clean(id)
        item.topic = clean(topic)
        item.title = clean(title)
        item.source = source.map(clean)
        item.summary = clean(summary)
        item.links = links.map { Item.Link(label: clean($0.label), title: clean($0.title), url: clean($0.url)) }
        item.seeAlso = seeAlso.map { Item.Reference(title: clean($0.title), url: clean($0.url)) }
        return item
    }
}
