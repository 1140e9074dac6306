import Foundation
import NewsletterCore

extension Item {
    /// Every problem that the items folder would report for an item file with this text; empty when it is fine.
    ///
    /// - Parameters:
    ///   - id: the item's id (its file name without `.md`).
    ///   - displayPath: the file as problems name it.
    package static func problems(inFileText data: Data, id: String, displayPath: String) -> [Diagnostic] {
        switch ItemParser(displayPath: displayPath, id: id).parse(data) {
        case .success: []
        case .failure(let problems): problems.diagnostics
        }
    }
}
