import Foundation
import TestSupport

/// The report fixtures of `Tests/BounceReportsTests/Fixtures`, filled in for messages a test sent.
enum ReportFixture {
    /// The fixture `name` with `{{to}}`, `{{recipient}}`, `{{messageID}}` and `{{token}}` replaced.
    static func make(
        _ name: String,
        to: String,
        recipient: String,
        messageID: String = "<none@example.org>",
        token: String = "",
        uniqueID: String? = nil
    ) throws -> [UInt8] {
        let url = Repository.root.appendingPathComponent("Tests/BounceReportsTests/Fixtures/\(name)")
        var text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        if let uniqueID {
            // Each report a real MTA sends has its own Message-ID. Done before the placeholders are
            // filled, so that the quoted original's Message-ID stays the one given.
            text = text.replacingOccurrences(
                of: "Message-ID: <",
                with: "Message-ID: <\(uniqueID).",
                options: .caseInsensitive
            )
            text = text.replacingOccurrences(of: "Message-Id: <", with: "Message-Id: <\(uniqueID).")
        }
        for (placeholder, value) in [
            ("{{to}}", to), ("{{recipient}}", recipient), ("{{messageID}}", messageID), ("{{token}}", token),
        ] {
            text = text.replacingOccurrences(of: placeholder, with: value)
        }
        return Array(text.utf8)
    }
}
