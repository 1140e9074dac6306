import Foundation
import NewsletterCore

extension ConfigurationValidator {
    /// The checked `archive` section: a folder whose parent exists, and an http(s) address.
    func archive(_ raw: ConfigurationFile.Archive?) throws(NewsletterError) -> Configuration.Archive? {
        guard let raw else { return nil }
        func bad(_ key: String, _ message: String) -> NewsletterError {
            NewsletterError(.badConfiguration, "\(key): \(message)", context: path)
        }
        guard !raw.folder.isEmpty, WebAddress.controlCharacter(in: raw.folder) == nil else {
            throw bad("archive.folder", "must be a folder path on one line, e.g. \"site\"")
        }
        let folder =
            raw.folder.hasPrefix("/")
            ? URL(fileURLWithPath: raw.folder).standardizedFileURL
            : file.deletingLastPathComponent().appendingPathComponent(raw.folder).standardizedFileURL
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw bad("archive.folder", "\(folder.path) is a file; name a folder (it is created if missing)")
        }
        let parent = folder.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw NewsletterError(
                .missingInput,
                "archive.folder: the folder \(parent) does not exist; create it",
                context: path
            )
        }
        if let problem = WebAddress.problem(with: raw.url, schemes: ["http", "https"]) {
            throw bad("archive.url", problem)
        }
        guard !raw.url.contains("?"), !raw.url.contains("#"), !raw.url.contains("{{") else {
            throw bad(
                "archive.url",
                "must be the folder's address, e.g. https://example.org/newsletter/ (no query, no {{…}})"
            )
        }
        let url = raw.url.hasSuffix("/") ? raw.url : raw.url + "/"
        return Configuration.Archive(folder: folder, url: url)
    }

    /// With a secret (`secretEnv` or `secretFile`), the URL gets "/TOKEN" appended: it must be a plain path.
    func checkSignedLinks(_ unsubscribe: Configuration.Unsubscribe) throws(NewsletterError) {
        guard unsubscribe.isSigned else { return }
        guard !unsubscribe.url.contains("{{"), !unsubscribe.url.contains("?"), !unsubscribe.url.contains("#") else {
            throw NewsletterError(
                .badConfiguration,
                "unsubscribe.url: with a secret the link is this URL plus a signed token; "
                    + "write a plain path such as https://news.example.org/unsubscribe (no {{email}}, no query)",
                context: path
            )
        }
    }
}
