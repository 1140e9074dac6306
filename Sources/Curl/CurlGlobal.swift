import CCurl

/// Process-wide libcurl initialisation, performed exactly once, for every handle of the process
/// (feeds, mailboxes and SMTP connections alike).
///
/// `curl_global_init` is not thread-safe in every libcurl build; a `static let`
/// is initialised lazily and atomically by Swift, so touching
/// ``initialization`` from several threads still calls it only once. It is
/// never undone: `curl_global_cleanup` at exit is not needed.
package enum CurlGlobal {
    /// The result of the one `curl_global_init(CURL_GLOBAL_DEFAULT)` call.
    package static let initialization: CURLcode = ccurl_global_init_default()
}
