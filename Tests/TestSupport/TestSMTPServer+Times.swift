import Foundation

extension TestSMTPServer {
    /// One accepted message: when its transaction began (the server's MAIL FROM) and to whom.
    package struct Transaction: Sendable {
        /// When MAIL FROM arrived.
        package var began: Date
        /// The recipient, as given in RCPT TO.
        package var recipient: String
    }

    /// Every accepted message's transaction start, in the order they were accepted.
    package func transactions() -> [Transaction] {
        let log = (try? String(contentsOf: spool.appendingPathComponent("received.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let seconds = Double(fields[0]) else { return nil }
            return Transaction(began: Date(timeIntervalSince1970: seconds), recipient: String(fields[1]))
        }
    }
}
