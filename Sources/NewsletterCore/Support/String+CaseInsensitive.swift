extension StringProtocol {
    /// Whether the two strings are equal ignoring case (topics, addresses).
    ///
    /// Uses the standard library's case folding rather than Foundation's `caseInsensitiveCompare`,
    /// which loads ICU's collation data.
    package func equalsIgnoringCase(_ other: some StringProtocol) -> Bool {
        lowercased() == other.lowercased()
    }
}
