/// A failure of the test set-up itself, with a hint on how to fix the machine.
///
/// Tests fail with it; they never skip.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// A set-up failure saying `description`.
    public init(description: String) {
        self.description = description
    }
}
