/// What `newsletter check` found: every problem, the warnings, the drafts and a summary.
package struct CheckReport: Sendable, Equatable {
    /// Every problem found, one line each, in the order found; any problem means exit 65.
    package var problems: [String] = []
    /// Things worth a look that are not problems (an unsigned unsubscribe link, an unknown topic).
    package var warnings: [String] = []
    /// One line per draft item: `draft: FILE: needs …`.
    package var drafts: [String] = []
    /// `3 items, 12 subscribers, 1 draft (…)`.
    package var summary = ""

    /// Whether nothing a send depends on is wrong.
    package var isClean: Bool { problems.isEmpty }
}
