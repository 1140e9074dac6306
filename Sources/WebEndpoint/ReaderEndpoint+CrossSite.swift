import Foundation
import Hummingbird

extension ReaderEndpoint {
    /// Whether a form's `POST` came from a page of another site: `Sec-Fetch-Site: cross-site`, or an
    /// `Origin` that is neither the list's public one (`publicOrigin`, from `subscribe.url`) nor
    /// the one the request was sent to (its `Host`). A browser sends both on a form's `POST` (a
    /// hidden origin, `null`, leaves it to `Sec-Fetch-Site`); a client without them (a script) is
    /// judged by the form's other checks.
    ///
    /// Refusing these keeps a page elsewhere from making its visitors' browsers sign addresses up,
    /// each from its own address, or press a reader's buttons.
    static func isCrossSite(_ request: Request, publicOrigin: String?) -> Bool {
        if let site = request.headers[HeaderName("Sec-Fetch-Site")!], site.lowercased() == "cross-site" {
            return true
        }
        // `null`: a browser keeping the origin to itself (our pages' `no-referrer` makes Chromium
        // send it on our own forms); `Sec-Fetch-Site` above has already said where the form was.
        guard let origin = request.headers[HeaderName("Origin")!]?.lowercased(), origin != "null" else { return false }
        if let publicOrigin, origin == publicOrigin { return false }
        guard let host = request.head.authority?.lowercased(), let parts = URLComponents(string: origin),
            let scheme = parts.scheme, scheme == "http" || scheme == "https", let originHost = parts.host
        else { return true }
        return originHost + (parts.port.map { ":\($0)" } ?? "") != host
    }

    /// The origin (`https://news.example.org`, lower case, without a default port) of `url`.
    static func origin(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            let host = parts.host?.lowercased()
        else { return nil }
        let isDefault =
            parts.port == nil || (scheme == "https" && parts.port == 443) || (scheme == "http" && parts.port == 80)
        return scheme + "://" + host + (isDefault ? "" : ":\(parts.port!)")
    }

    /// The answer to a cross-site `POST` of a reader's button: nothing done.
    static var crossSiteRefusal: Response {
        plain(.forbidden, "This form must be sent from its own page: open the link from your email and try again.\n")
    }
}
