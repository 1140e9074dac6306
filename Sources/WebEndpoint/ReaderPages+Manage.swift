import NewsletterCore

/// A reader's own page, and the pages of erasing their data.
extension ReaderPages {
    /// Topics, unsubscribe, "send me my data" and "delete my data"; `notice` says what the last button did.
    package static func manage(
        listName: String,
        maskedAddress: String,
        topics: [String],
        chosen: [String],
        editionChoice: EditionChoice,
        isSubscribed: Bool,
        notice: String?
    ) -> String {
        let list = escape(listName)
        let noticePart = notice.map { "<p role=\"status\"><strong>\(escape($0))</strong></p>" } ?? ""
        let boxes = topics.enumerated().map { index, topic -> String in
            let checked = chosen.contains(topic) ? " checked" : ""
            return """
                <div class="choice"><input type="checkbox" id="topic\(index)" name="topic"
                value="\(escape(topic))"\(checked)>\
                <label for="topic\(index)">\(escape(topic))</label></div>
                """
        }.joined(separator: "\n")
        let whole = editionChoice == .whole ? " checked" : ""
        let theirTopics = editionChoice == .topics ? " checked" : ""
        let topicsPart =
            topics.isEmpty || !isSubscribed
            ? ""
            : """
            <form method="post">
            <fieldset>
            <legend>Your topics</legend>
            <p class="note">Tick the topics you follow: you get their alerts. Tick none for every topic.</p>
            \(boxes)
            </fieldset>
            <fieldset>
            <legend>Your weekly issue</legend>
            <div class="choice"><input type="radio" id="issue-whole" name="issue" value="whole"\(
                whole)><label for="issue-whole">The whole issue, every topic</label></div>
            <div class="choice"><input type="radio" id="issue-topics" name="issue" value="topics"\(
                theirTopics)><label for="issue-topics">Only my topics (no email in a
            week with nothing in them)</label></div>
            </fieldset>
            <button type="submit" name="action" value="topics">Save my choices</button>
            </form>
            """
        let state =
            isSubscribed
            ? "<p>\(escape(maskedAddress)) receives \(list).</p>"
            : "<p>\(escape(maskedAddress)) is unsubscribed from \(list).</p>"
        let leave =
            isSubscribed
            ? """
            <h2>Leave</h2>
            <form method="post"><button type="submit" class="secondary" name="action"
            value="unsubscribe">Unsubscribe</button></form>
            """
            : ""
        return page(
            title: "Your subscription to \(list)",
            body: """
                <h1>Your subscription</h1>
                \(noticePart)
                \(state)
                \(topicsPart)
                \(leave)
                <h2>Your data</h2>
                <p>We can email you everything we hold about you, to this address only.</p>
                <form method="post"><button type="submit" class="secondary" name="action" value="data">Send
                me my data</button></form>
                <p>Or delete it: your address and name are erased and you get nothing more.</p>
                <form method="post"><button type="submit" class="danger" name="action" value="delete">Delete
                my data</button></form>
                """
        )
    }

    /// The confirming button before erasure.
    package static func confirmErasure(listName: String, maskedAddress: String) -> String {
        page(
            title: "Delete your data?",
            body: """
                <h1>Delete your data?</h1>
                <p>\(escape(maskedAddress)) and your name will be erased from \(escape(listName)), and you will get \
                nothing more. This cannot be undone; you can subscribe again later.</p>
                <form method="post"><button type="submit" class="danger" name="action"
                value="delete-confirmed">Delete my data</button></form>
                <p class="note">Changed your mind? Close this page: nothing happens unless you press the button.</p>
                """
        )
    }

    /// After erasure.
    package static func erased(listName: String) -> String {
        page(
            title: "Your data is deleted",
            body: """
                <h1>Your data is deleted</h1>
                <p>Your address and name are gone from \(escape(listName)). You will get nothing more from us.</p>
                """
        )
    }
}
