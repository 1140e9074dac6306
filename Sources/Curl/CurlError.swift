import CCurl

/// A libcurl transfer or set-up failure: libcurl's code and one line saying what happened.
package struct CurlError: Error, Sendable, CustomStringConvertible {
    /// libcurl's result code.
    package var code: CURLcode
    /// One line: libcurl's detailed message when it gave one, else its generic text for ``code``.
    package var message: String

    /// An error for `code` with `message`.
    package init(code: CURLcode, message: String) {
        self.code = code
        self.message = message
    }

    /// The ``message``.
    package var description: String { message }
}
