/// What the server offers in its EHLO reply (RFC 5321 §4.1.1.1), as far as the mail transaction uses it.
///
/// Built from the lines of the last 250 reply that libcurl saw while it set the session up (after
/// STARTTLS, that is the second EHLO, the one that counts).
struct SMTPExtensions: Equatable {
    /// RFC 2920: commands may be sent in groups without waiting for each reply.
    var pipelining = false
    /// RFC 3030: `BDAT n LAST` instead of DATA, with no dot-stuffing.
    var chunking = false
    /// RFC 1870: the server takes `SIZE=` on MAIL FROM; `sizeLimit` is its limit (nil: none given).
    var size = false
    /// The largest message the server takes, when it names one (`SIZE 10240000`; 0 means no limit).
    var sizeLimit: Int?
    /// RFC 3461: delivery status notification parameters on MAIL FROM and RCPT TO.
    var deliveryStatusNotification = false
    /// RFC 6531: internationalised addresses, with `SMTPUTF8` on MAIL FROM.
    var smtpUTF8 = false
    /// RFC 2034: replies carry enhanced status codes (`5.1.1`).
    var enhancedStatusCodes = false

    /// No extensions: what a server that answered HELO, or nothing usable, offers.
    init() {}

    /// Parses the lines of an EHLO reply, without their codes; the first line (the server's name) is skipped.
    init(ehloLines lines: [String]) {
        for line in lines.dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first?.uppercased() else { continue }
            switch keyword {
            case "PIPELINING": pipelining = true
            case "CHUNKING": chunking = true
            case "SIZE":
                size = true
                if words.count > 1, let limit = Int(words[1]), limit > 0 { sizeLimit = limit }
            case "DSN": deliveryStatusNotification = true
            case "SMTPUTF8": smtpUTF8 = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            default: continue
            }
        }
    }
}
