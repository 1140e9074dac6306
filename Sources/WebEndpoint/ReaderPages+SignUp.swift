/// The sign-up form and the pages of its confirmation link.
extension ReaderPages {
    /// The form: address, optional name, the topics as checkboxes and the consent text. `stamp` is
    /// the signed time it was shown; `problem` a mistake in the last answer, said above the fields.
    package static func signUpForm(
        listName: String,
        topics: [String],
        consent: String,
        stamp: String,
        problem: String? = nil,
        email: String = "",
        name: String = ""
    ) -> String {
        let list = escape(listName)
        let boxes = topics.enumerated().map { index, topic -> String in
            """
            <div class="choice"><input type="checkbox" id="topic\(index)" name="topic" value="\(escape(topic))">\
            <label for="topic\(index)">\(escape(topic))</label></div>
            """
        }.joined(separator: "\n")
        let topicsPart =
            topics.isEmpty
            ? ""
            : """
            <fieldset>
            <legend>Alerts by topic (optional)</legend>
            <p class="note">Every issue covers every topic. Tick topics to also get their alerts; tick none for all.</p>
            \(boxes)
            </fieldset>
            """
        let problemPart = problem.map { "<p class=\"problem\" role=\"alert\">\(escape($0))</p>" } ?? ""
        return page(
            title: "Subscribe to \(list)",
            body: """
                <h1>Subscribe to \(list)</h1>
                \(problemPart)
                <form method="post">
                <label for="email">Email address</label>
                <input type="email" id="email" name="email" required autocomplete="email" maxlength="254"
                value="\(escape(email))">
                <label for="name">Name (optional)</label>
                <input type="text" id="name" name="name" autocomplete="name" maxlength="200" value="\(escape(name))">
                \(topicsPart)
                <div class="trap" aria-hidden="true"><label for="website">Leave this empty</label>\
                <input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
                <input type="hidden" name="stamp" value="\(escape(stamp))">
                <p class="consent">\(escape(consent))</p>
                <button type="submit">Subscribe</button>
                </form>
                <p class="note">We will email you a link to confirm. Nothing is sent to you until you press
                the button it leads to.</p>
                """
        )
    }

    /// The answer to every sign-up, whatever the address's state: it reveals nothing.
    package static func checkInbox(listName: String) -> String {
        page(
            title: "Check your inbox",
            body: """
                <h1>Check your inbox</h1>
                <p>If the address can receive \(escape(listName)), a message with a link to confirm is on its way. \
                Press the button it leads to within 7 days.</p>
                <p class="note">Nothing arrived after a few minutes? Look in the spam folder. \
                At most one message a day goes to an address.</p>
                """
        )
    }

    /// A confirmation link's page: one button; nothing changes until it is pressed (mail scanners open links).
    package static func confirmSignUp(listName: String, maskedAddress: String) -> String {
        let list = escape(listName)
        return page(
            title: "Confirm your subscription to \(list)",
            body: """
                <h1>Confirm your subscription</h1>
                <p>Press the button to start receiving \(list) at \(escape(maskedAddress)).</p>
                <form method="post">
                <button type="submit">Confirm my subscription</button>
                </form>
                <p class="note">Did not ask for this? Close this page: nothing happens unless you press the button.</p>
                """
        )
    }

    /// After the button: welcome, and the link to the reader's own page.
    package static func confirmed(listName: String, manageLink: String) -> String {
        let list = escape(listName)
        return page(
            title: "Subscribed to \(list)",
            body: """
                <h1>You are subscribed</h1>
                <p>Thank you. \(list) will come to you from the next issue.</p>
                <p><a href="\(escape(manageLink))">Choose your topics or manage your subscription</a>. \
                Every message has this link at the bottom.</p>
                """
        )
    }

    /// A confirmation link that no longer works: expired, used, replaced or unsubscribed since.
    package static func staleConfirmation(listName: String, formLink: String, expired: Bool) -> String {
        let why =
            expired
            ? "Confirmation links hold for 7 days."
            : "It was used already, a newer one replaced it, or the address unsubscribed since it was sent."
        return page(
            title: "This link no longer works",
            body: """
                <h1>This link no longer works</h1>
                <p>\(why) \
                To receive \(escape(listName)), <a href="\(escape(formLink))">subscribe again</a>.</p>
                """
        )
    }
}
