import TextBasics

/// The few HTML pages a reader sees: small, accessible, no script, no outside resources.
package enum ReaderPages {
    /// The page behind an unsubscribe link: who, and one button that posts back.
    package static func confirm(listName: String, maskedAddress: String, isSuppressed: Bool) -> String {
        let name = escape(listName)
        guard !isSuppressed else {
            return page(
                title: "Unsubscribed from \(name)",
                body: """
                    <h1>You are unsubscribed</h1>
                    <p>\(escape(maskedAddress)) no longer receives \(name).</p>
                    """
            )
        }
        return page(
            title: "Unsubscribe from \(name)",
            body: """
                <h1>Unsubscribe from \(name)?</h1>
                <p>The address \(escape(maskedAddress)) will get no more issues or alerts of \(name).</p>
                <form method="post">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit" name="\(OneClickRequest.pageField)" value="page">Unsubscribe</button>
                </form>
                <p class="note">If you did not mean to come here, close this page: \
                nothing changes until you press the button.</p>
                """
        )
    }

    /// The page after the button.
    package static func done(listName: String) -> String {
        let name = escape(listName)
        return page(
            title: "Unsubscribed from \(name)",
            body: """
                <h1>You are unsubscribed</h1>
                <p>You will get no more issues or alerts of \(name). Thank you for reading.</p>
                """
        )
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(title)</title>
        <style>
        body { margin: 0; padding: 32px 20px; background: #f1f1f1; color: #1a1a1a;
          font: 17px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 520px; margin: 0 auto; background: #fff; padding: 24px; border-radius: 6px; }
        h1 { font-size: 24px; line-height: 1.25; margin: 0 0 16px; }
        button { font: inherit; font-weight: bold; color: #fff; background: #1a5fb4; border: 0;
          border-radius: 4px; padding: 12px 24px; min-height: 48px; cursor: pointer; }
        button:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
        .note { color: #555; font-size: 15px; }
        @media (prefers-color-scheme: dark) {
          body { background: #121212; color: #e8e8e8; } main { background: #1e1e1e; } .note { color: #b0b0b0; }
          button { background: #8ab4f8; color: #000; }
        }
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// `text` safe inside HTML text and attributes.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
