/// The built-in letter templates, used when the templates folder has no `letter-*.mustache` of its
/// own. `init` writes copies to edit.
package enum ReaderLetterTemplates {
    /// Each template by name (`letter-confirmation.txt`), as its file is named without `.mustache`.
    package static let all: [String: String] = [
        "letter-confirmation.txt": """
        {{% CONTENT_TYPE: TEXT}}
        Hello{{#name}} {{name}}{{/name}},

        Someone, we hope you, asked to receive {{listName}} at this address.

        To confirm, open this link and press the button on the page within 7 days:
        {{link}}

        You agreed to: "{{consent}}"

        Did not ask for this? Ignore this message: nothing is sent to you unless you confirm.

        """,
        "letter-confirmation.html": """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Confirm your subscription</title></head>
        <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
        <p>Hello{{#name}} {{name}}{{/name}},</p>
        <p>Someone, we hope you, asked to receive {{listName}} at this address.</p>
        <p><a href="{{link}}" style="color: #1a5fb4; font-weight: bold;">Confirm my subscription</a> (within 7 days)</p>
        <p>You agreed to: &ldquo;{{consent}}&rdquo;</p>
        <p style="color: #555;">Did not ask for this? Ignore this message: nothing is sent to you unless you
        confirm.</p>
        </body></html>

        """,
        "letter-already.txt": """
        {{% CONTENT_TYPE: TEXT}}
        Hello{{#name}} {{name}}{{/name}},

        Someone, we hope you, asked to subscribe this address to {{listName}}. It is subscribed already:
        nothing has changed.

        To choose your topics, unsubscribe or see your data:
        {{link}}

        """,
        "letter-already.html": """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>You are already subscribed</title></head>
        <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
        <p>Hello{{#name}} {{name}}{{/name}},</p>
        <p>Someone, we hope you, asked to subscribe this address to {{listName}}. It is subscribed already:
        nothing has changed.</p>
        <p><a href="{{link}}" style="color: #1a5fb4;">Choose your topics, unsubscribe or see your data</a></p>
        </body></html>

        """,
        "letter-data.txt": """
        {{% CONTENT_TYPE: TEXT}}
        Hello{{#name}} {{name}}{{/name}},

        You asked for everything {{listName}} holds about you. Here it is:

        {{data}}

        To change or delete it: {{link}}

        """,
        "letter-data.html": """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Your data</title></head>
        <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
        <p>Hello{{#name}} {{name}}{{/name}},</p>
        <p>You asked for everything {{listName}} holds about you. Here it is:</p>
        <pre style="white-space: pre-wrap; font-size: 14px;">{{data}}</pre>
        <p><a href="{{link}}" style="color: #1a5fb4;">Change or delete it</a></p>
        </body></html>

        """,
    ]
}
