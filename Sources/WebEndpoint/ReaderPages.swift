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

    static func page(title: String, body: String) -> String {
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
        label { display: block; font-weight: bold; margin: 16px 0 4px; }
        input[type=email], input[type=text] { font: inherit; width: 100%; box-sizing: border-box; padding: 10px;
          border: 2px solid #666; border-radius: 4px; background: #fff; color: #1a1a1a; }
        input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 1px; }
        fieldset { border: 0; padding: 0; margin: 16px 0; }
        legend { font-weight: bold; padding: 0; }
        .choice { display: flex; align-items: center; gap: 10px; min-height: 44px; }
        .choice input { width: 22px; height: 22px; margin: 0; flex: none; }
        .choice label { display: inline; font-weight: normal; margin: 0; }
        .consent { border-left: 4px solid #1a5fb4; padding-left: 12px; }
        .trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        .problem { color: #a51d2d; font-weight: bold; }
        a { color: #1a5fb4; }
        .secondary { background: #fff; color: #1a5fb4; border: 2px solid #1a5fb4; }
        .danger { background: #a51d2d; }
        @media (prefers-color-scheme: dark) {
          body { background: #121212; color: #e8e8e8; } main { background: #1e1e1e; } .note { color: #b0b0b0; }
          button { background: #8ab4f8; color: #000; } a { color: #8ab4f8; }
          input[type=email], input[type=text] { background: #121212; color: #e8e8e8; border-color: #aaa; }
          .secondary { background: #1e1e1e; color: #8ab4f8; border-color: #8ab4f8; } .danger { background: #f28b82; }
          .problem { color: #f28b82; }
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
