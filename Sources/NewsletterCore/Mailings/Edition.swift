/// What one reader's copy of a mailing carries: the whole issue, or only some of its topic sections.
///
/// A reader who chose only their topics (``EditionChoice/topics``) gets the edition of their
/// topics' sections (``Reader/edition(among:)``); everyone else, and every alert, gets the whole.
/// The ledger numbers each distinct edition of a mailing once, and each delivery names its number.
package enum Edition: Hashable, Sendable {
    /// Every section: the default, and every alert.
    case whole
    /// Only the topic sections numbered so (0-based, in the mailing's order), with the line that
    /// says so.
    case sections(Set<Int>)
}
