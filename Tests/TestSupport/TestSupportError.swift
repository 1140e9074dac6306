/// A failure of the test set-up itself, with a hint on how to fix the machine.
///
/// Tests fail with it; they never skip.
package struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    package let description: String

    /// A set-up failure saying `description`.
    package init(description: String) {
        self.description = description
    }
}
