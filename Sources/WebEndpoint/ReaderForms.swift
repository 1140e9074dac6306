import MIME
import NewsletterCore
import TextBasics

/// The fields of the forms readers send (the sign-up form, the buttons of their own page), read
/// and checked without I/O: what the endpoint acts on, or the one problem to show. Fuzzed with
/// the bodies they come in (`Fuzz/HTTP`).
package enum ReaderForms {
    /// The longest name kept, in Unicode scalars and in bytes (combining marks make one "character"
    /// of any length).
    package static let maximumNameScalars = 100
    package static let maximumNameBytes = 300

    /// A sign-up form's fields, checked for shape.
    package struct SignUp: Sendable, Equatable {
        /// The address in the list's one spelling (``AddressKey/canonical(_:)``).
        package var email: String
        package var name: String
        /// The values of the ticked `topic` boxes, as sent (the desk keeps the list's own).
        package var topics: [String]
        /// The form's stamp; empty for a form on another site, which has none.
        package var stamp: String
        /// The hidden field only a bot fills.
        package var honeypot: String
    }

    /// What is wrong with a sign-up form, with the fields to show again.
    package enum SignUpProblem: Error, Equatable {
        /// Not a whole address (or one with characters no address has).
        case address(name: String)
        /// A name of more than one line, too long, or with hidden characters.
        case name(email: String)
    }

    /// The sign-up form of `pairs` (the last of a repeated field counts; `topic` repeats).
    package static func signUp(_ pairs: [FormBody.Pair]) -> Result<SignUp, SignUpProblem> {
        func field(_ name: String) -> String { pairs.last { $0.name == name }?.value.trimmingSpaces() ?? "" }
        let email = AddressKey.canonical(field("email"))
        let name = field("name")
        guard !email.isEmpty, email.utf8.count <= 254, StoredText.forbiddenScalar(in: email) == nil,
            (try? Mailbox.validate(address: email, rules: .international)) != nil
        else { return .failure(.address(name: isKeepable(name) ? name : "")) }
        guard isKeepable(name) else { return .failure(.name(email: email)) }
        return .success(
            SignUp(
                email: email,
                name: name,
                topics: pairs.filter { $0.name == "topic" }.map(\.value),
                stamp: field("stamp"),
                honeypot: field("website")
            )
        )
    }

    /// Whether `name` may be kept: one line, at most ``maximumNameScalars`` scalars and
    /// ``maximumNameBytes`` bytes, no control, format (bidirectional overrides) or private-use character.
    package static func isKeepable(_ name: String) -> Bool {
        StoredText.fits(name, scalars: maximumNameScalars, bytes: maximumNameBytes)
            && StoredText.forbiddenScalar(in: name) == nil
    }

    /// What a button of a reader's own page asks for.
    package struct PageAction: Sendable, Equatable {
        /// `topics`, `unsubscribe`, `data`, `delete` or `delete-confirmed`.
        package var action: String
        /// The ticked `topic` boxes, as sent.
        package var topics: [String]
        package var editionChoice: EditionChoice
    }

    /// The actions a reader's page has.
    package static let pageActions: Set<String> = ["topics", "unsubscribe", "data", "delete", "delete-confirmed"]

    /// The page form of `pairs`, or `nil` for an action or a choice of issue the page does not have.
    package static func pageAction(_ pairs: [FormBody.Pair]) -> PageAction? {
        let action = pairs.last { $0.name == "action" }?.value ?? ""
        guard pageActions.contains(action),
            let choice = EditionChoice(field: pairs.last { $0.name == "issue" }?.value ?? "")
        else { return nil }
        return PageAction(
            action: action,
            topics: pairs.filter { $0.name == "topic" }.map(\.value),
            editionChoice: choice
        )
    }
}
