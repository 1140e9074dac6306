import Foundation
import Hummingbird

extension ReaderEndpoint {
    /// One file of the archive folder. Only the names the archive writes are served (`N.html`,
    /// `index.html`, `feed.xml`), so no path can reach outside the folder, whatever its encoding.
    func archiveFile(_ name: String, folder: URL) -> Response {
        guard let type = Self.archiveContentType(of: name) else {
            return Self.plain(.notFound, "There is no such page in the archive.\n")
        }
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            return Self.plain(.notFound, "There is no such page in the archive.\n")
        }
        var headers = Self.headers(type: type, cache: "public, max-age=300")
        // An issue page is the mail's HTML: inline styles, images from anywhere, no script, no forms.
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The content type of an archive file name, or `nil` when the archive never writes such a name.
    static func archiveContentType(of name: String) -> String? {
        switch name {
        case "index.html": return "text/html; charset=utf-8"
        case "feed.xml": return "application/atom+xml; charset=utf-8"
        default:
            let number = name.utf8.prefix { (0x30...0x39).contains($0) }
            guard (1...9).contains(number.count), name.utf8.count == number.count + 5, name.hasSuffix(".html"),
                name.utf8.first != 0x30
            else { return nil }
            return "text/html; charset=utf-8"
        }
    }
}
