/// An error a user can act on: what went wrong, where, and what to do.
///
/// Every failure that reaches the command line is one of these. It prints as one line,
/// `where: what`, and its ``Code`` decides the process's exit status (the executable maps
/// codes to sysexits in one place).
package struct NewsletterError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, which decides the exit status.
    package enum Code: Sendable, Equatable {
        /// The command line was used wrongly.
        case usage
        /// An item, the subscriber list or a template is malformed.
        case badData
        /// A file or folder that the configuration names does not exist.
        case missingInput
        /// The SMTP server cannot be reached.
        case unavailable
        /// Something will likely work on a later run: deferred deliveries, a held lock.
        case temporaryFailure
        /// The SMTP server refused our credentials.
        case authenticationFailed
        /// The configuration is wrong.
        case badConfiguration
        /// Reading or writing a local file failed (disk full, permissions).
        case ioFailure
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong and what to do about it.
    package var message: String
    /// Where: a file, `file:line`, a config key or an address. `nil` when nothing more precise applies.
    package var context: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The one line printed for the user.
    package var description: String {
        guard let context, !context.isEmpty else { return message }
        return "\(context): \(message)"
    }
}

/// A problem found in one input file, reported with its place.
///
/// `check` collects every diagnostic of every file before it reports; the other commands stop at the
/// first batch. A diagnostic prints as `file:line: field: message`.
package struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as the user named it (relative to the current folder when possible).
    package var file: String
    /// The 1-based line, when known.
    package var line: Int?
    /// The field, column or key concerned, when there is one.
    package var field: String?
    /// What is wrong and what to do.
    package var message: String

    /// Creates a diagnostic.
    package init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`.
    package var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field { return "\(place): \(field): \(message)" }
        return "\(place): \(message)"
    }
}

extension NewsletterError {
    /// An error for a batch of diagnostics: the first one is the message, and the count of the others follows.
    package init(_ code: Code, diagnostics: [Diagnostic]) {
        let first = diagnostics.first?.description ?? "invalid input"
        let more =
            diagnostics.count > 1
            ? " (and \(diagnostics.count - 1) more problem\(diagnostics.count == 2 ? "" : "s"); run `newsletter "
                + "check` to list them all)"
            : ""
        self.init(code, first + more)
    }
}
