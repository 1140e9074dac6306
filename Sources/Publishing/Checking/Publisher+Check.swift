import Composer
import Foundation
import Ledger
import NewsletterCore
import Settings

extension Publisher {
    /// Validates everything a send depends on (config, templates, every item and every row of
    /// the subscriber file, and what `bounces` needs) and reports every problem, not just the first.
    ///
    /// Renders the next issue once when the templates and items are fine, so that a template that
    /// fails only on real data shows up here, and warns when its HTML is past Gmail's clipping
    /// limit. Throws only when the list cannot be read at all.
    /// With sign-ups, each reader's page must be reachable from every issue: a warning when neither
    /// body template has `{{manageURL}}` (the templates of an older `init` lack it).
    func missingManageLinkWarning() -> String? {
        let bodies = [TemplateSet.textBody, TemplateSet.htmlBody].map { name in
            (try? String(
                contentsOf: configuration.templatesFolder.appendingPathComponent(name + ".mustache"),
                encoding: .utf8
            )) ?? ""
        }
        guard !bodies.contains(where: { $0.contains("manageURL") }) else { return nil }
        return "warning: \(configuration.templatesFolder.path): the templates have no {{manageURL}}: readers who "
            + "signed up cannot reach their own page (topics, data) from an issue; add the link as the project's "
            + "Templates/issue.*.mustache do"
    }

    package func check(date: Day = .today()) throws(NewsletterError) -> CheckReport {
        var report = CheckReport()
        var templatesFine = true
        do { _ = try renderer() } catch {
            report.problems.append(error.description)
            templatesFine = false
        }
        let library = try itemLibrary()
        report.problems += library.diagnostics.map(\.description)
        if configuration.subscribe != nil {
            do { _ = try ReaderLetterFactory(configuration: configuration) } catch {
                report.problems.append(error.description)
            }
            if templatesFine, let warning = missingManageLinkWarning() { report.warnings.append(warning) }
        }

        // Each address's 64-bit hash rather than the address: a million readers cost 16 MB, not 80.
        // Two different addresses of a million share a hash in about one list of 30 million.
        var seen = Set<Int>()
        var firstReader: Reader?
        var subscribers = 0
        var duplicates = 0
        var readersOfTheirTopics = 0
        let itemTopics = Set((library.items.map(\.topic) + configuration.topics).map { $0.lowercased() })
        var unknownTopics: [String: Int] = [:]
        let rowProblems: [Diagnostic]
        do {
            rowProblems = try subscriberFile.read { reader in
                subscribers += 1
                if firstReader == nil { firstReader = reader }
                if reader.readsOnlyTheirTopics { readersOfTheirTopics += 1 }
                if !seen.insert(reader.key.hashValue).inserted { duplicates += 1 }
                for topic in reader.topics where !itemTopics.contains(topic.lowercased()) {
                    unknownTopics[topic, default: 0] += 1
                }
            }
        } catch let error as NewsletterError {
            throw error
        } catch {
            throw NewsletterError(.ioFailure, "cannot read it: \(error)", context: subscriberFile.displayPath)
        }
        report.problems += rowProblems.map(\.description)
        report.problems += Self.secretFileProblems(configuration)
        report.problems += Self.bounceProblems(configuration)

        var clipping: String?
        if templatesFine && library.diagnostics.isEmpty,
            case .ready(let bulletin) = try nextIssue(ledger: try readOnlyLedger(), date: date)
        {
            let renderer = try renderer()
            let rendered = renderer.render(bulletin)
            if let firstReader {
                clipping = clippingWarning(for: bulletin, rendered: rendered, reader: firstReader)
            }
            if readersOfTheirTopics > 0, !renderer.templates.tellsReadersOfTheirTopics {
                report.warnings.append(
                    "warning: \(configuration.templatesFolder.path): \(readersOfTheirTopics) reader(s) get only their "
                        + "topics, but the templates have no {{#personal}} block, so their copy does not say so or "
                        + "link to their page; add it as the project's Templates/issue.*.mustache do"
                )
            }
        }

        if let warning = Self.unsignedLinkWarning(configuration) { report.warnings.append(warning) }
        report.warnings += Self.exposedFileWarnings(configuration)
        if let warning = Self.unprovenBounceWarning(configuration) { report.warnings.append(warning) }
        if let clipping { report.warnings.append(clipping) }
        for (topic, count) in unknownTopics.sorted(by: { $0.key < $1.key }) {
            report.warnings.append(
                "warning: \(subscriberFile.displayPath): \(count) reader(s) follow the topic '\(topic)', "
                    + "which no item or configured topic has; check the spelling"
            )
        }
        report.drafts = library.drafts.map { draft in
            "draft: \(draft.file): needs \(draft.item.draftNeeds.joined(separator: "; "))"
        }
        let files = library.items.count + Set(library.diagnostics.map(\.file)).count
        var summary = "\(files) items, \(subscribers) subscribers"
        if !library.drafts.isEmpty {
            let plural = library.drafts.count == 1 ? "" : "s"
            summary += ", \(library.drafts.count) draft\(plural) (kept out of every issue and alert)"
        }
        if duplicates > 0 {
            summary += " (\(duplicates) duplicate address\(duplicates == 1 ? "" : "es"), sent once)"
        }
        if let dkim = configuration.dkimSummary { summary += ", " + dkim }
        report.summary = summary
        return report
    }

    /// The warning for an unsubscribe link that carries the address (`{{email}}`, no secret): anyone
    /// can unsubscribe anyone with it, and addresses end up in web-server logs.
    static func unsignedLinkWarning(_ configuration: Configuration) -> String? {
        guard !configuration.unsubscribe.isSigned,
            configuration.unsubscribe.url.contains("{{email}}")
        else { return nil }
        return "warning: \(configuration.file.lastPathComponent): unsubscribe.url carries the address ({{email}}), so "
            + "anyone can forge it; set unsubscribe.secretEnv or secretFile for signed links (see README, "
            + "\"Unsubscribe links\")"
    }

    /// The files holding readers' data or keys that others may read: the state database and its
    /// companions (created 0600 since; an older one keeps its mode), and the DKIM keys.
    static func exposedFileWarnings(_ configuration: Configuration) -> [String] {
        var warnings = PrivateFile.readableByOthers(stateFile: configuration.stateFile).map { file in
            "warning: \(file.path) may be read by others (mode \(file.mode)) and holds every reader's address "
                + "and token: run `chmod 600 \(file.path)`"
        }
        for file in configuration.dkimKeyFiles {
            var status = stat()
            guard stat(file.path, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            warnings.append(
                "warning: \(file.path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))) and "
                    + "anyone with it can sign mail as the list: run `chmod 600 \(file.path)`"
            )
        }
        if let mode = mode(of: configuration.subscribersFile), mode & 0o007 != 0 {
            let path = configuration.subscribersFile.path
            warnings.append(
                "warning: \(path) may be read by others (mode \(String(mode, radix: 8))) and holds every reader's "
                    + "address: run `chmod 600 \(path)`"
            )
        }
        warnings += writableByOthersWarnings(configuration)
        return warnings
    }

    /// The files and folders that make the issue (the config, the templates, the items) that anyone
    /// on the machine may change: they could put their words, or their links, in every reader's copy.
    static func writableByOthersWarnings(_ configuration: Configuration) -> [String] {
        var paths = [configuration.file, configuration.templatesFolder, configuration.itemsFolder]
        for folder in [configuration.templatesFolder, configuration.itemsFolder] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            paths += names.sorted().map { folder.appendingPathComponent($0) }
        }
        let exposed = paths.compactMap { url in mode(of: url).flatMap { $0 & 0o002 != 0 ? url.path : nil } }
        guard let first = exposed.first else { return [] }
        let more = exposed.count > 1 ? " and \(exposed.count - 1) more" : ""
        return [
            "warning: \(first)\(more) may be changed by anyone on this machine (writable by others), and what "
                + "they hold goes to every reader: run `chmod -R o-w` on them"
        ]
    }

    /// The permission bits of the file at `url`, or `nil` when it cannot be read.
    private static func mode(of url: URL) -> mode_t? {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    /// What a list that reads reports but can prove nothing about them takes: without a VERP address
    /// and without a secret, any report naming an address the list mailed.
    static func unprovenBounceWarning(_ configuration: Configuration) -> String? {
        guard let bounces = configuration.bounces, bounces.address == nil, !configuration.unsubscribe.isSigned else {
            return nil
        }
        return "warning: bounces: without bounces.address (VERP) and without a secret, a report counts when it "
            + "names any address the list has mailed, so anyone who can send mail to the bounce mailbox can "
            + "suppress any reader; set bounces.address, or unsubscribe.secretEnv or secretFile (a report must then "
            + "quote the Message-ID of the copy it answers)"
    }

    /// A secret file that cannot sign (unreadable, readable by others, too short): unlike a variable,
    /// which the cron job or service exports, the file is here to check.
    static func secretFileProblems(_ configuration: Configuration) -> [String] {
        guard case .file = configuration.unsubscribe.secret else { return [] }
        do { _ = try configuration.signingKeys() } catch { return [error.description] }
        return []
    }

    /// Problems with what `newsletter bounces` needs at run time: the VERP secret and the mailbox password.
    static func bounceProblems(_ configuration: Configuration) -> [String] {
        guard let bounces = configuration.bounces else { return [] }
        var problems: [String] = []
        do { _ = try configuration.bounceSigningKeys() } catch { problems.append(error.description) }
        if let mailbox = bounces.reportInbox {
            let value = ProcessInfo.processInfo.environment[mailbox.passwordEnvironmentVariable] ?? ""
            if value.isEmpty {
                problems.append(
                    "\(configuration.file.path): bounces.mailbox.passwordEnv: the environment variable "
                        + "\(mailbox.passwordEnvironmentVariable) is not set; export it with the mailbox password"
                )
            }
        }
        return problems
    }

    /// The warning for an issue whose HTML part, as `copy` would receive it, is past Gmail's
    /// clipping limit, or `nil`.
    ///
    /// Measured without the unsubscribe secret, which `check` does not need: an unsigned link is
    /// shorter than a signed one by its token, a few dozen bytes against a limit of 102 KB. A
    /// header that cannot be formed is reported elsewhere; here it only means no measurement.
    func clippingWarning(for bulletin: Bulletin, rendered: RenderedBulletin, reader: Reader) -> String? {
        var unsigned = configuration
        unsigned.unsubscribe.secret = nil
        guard
            let factory = try? MessageFactory(
                configuration: unsigned,
                kind: bulletin.kind,
                number: bulletin.number,
                rendered: rendered
            )
        else { return nil }
        // The whole issue is the largest copy, except that a reader of only their topics also gets
        // the line that says so: the largest of theirs has every section but the smallest.
        var size = factory.sentSize(ofHTML: rendered.html, for: reader)
        if let smallest = rendered.sections.indices.min(by: {
            rendered.sections[$0].itemCount < rendered.sections[$1].itemCount
        }), rendered.sections.count > 1 {
            let largestPersonal = Edition.sections(Set(rendered.sections.indices).subtracting([smallest]))
            size = max(size, factory.sentSize(ofHTML: rendered.html, for: reader, edition: largestPersonal))
        }
        guard size > MessageFactory.gmailClippingBytes else { return nil }
        let kilobytes = (size + 1023) / 1024
        return "warning: issue \(bulletin.number) (\(bulletin.items.count) items): its HTML part is \(kilobytes) KB "
            + "as sent, and Gmail shows only the first 102 KB, hiding the rest and the unsubscribe link behind "
            + "\"View entire message\"; keep some items for the next issue or shorten their summaries"
    }
}
