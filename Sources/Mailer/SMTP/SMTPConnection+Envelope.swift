import TextBasics

extension SMTPConnection {
    /// MAIL FROM and RCPT TO with the parameters the server's extensions allow.
    func envelopeCommands(
        _ message: OutgoingMessage,
        sender: (address: EnvelopeAddress, needsSMTPUTF8: Bool),
        recipient: (address: EnvelopeAddress, needsSMTPUTF8: Bool),
        extensions: SMTPExtensions
    ) -> (mail: [UInt8], recipient: [UInt8]) {
        var mail = "MAIL FROM:" + sender.address.bracketed
        if extensions.size { mail += " SIZE=\(message.bytes.count)" }
        if extensions.deliveryStatusNotification {
            mail += " RET=HDRS"
            if let id = message.envelopeID, !id.isEmpty { mail += " ENVID=" + Self.xtext(String(id.prefix(100))) }
        }
        if sender.needsSMTPUTF8 || recipient.needsSMTPUTF8 { mail += " SMTPUTF8" }
        var rcpt = "RCPT TO:" + recipient.address.bracketed
        if extensions.deliveryStatusNotification {
            rcpt += " NOTIFY=FAILURE"
            if !recipient.needsSMTPUTF8 {
                rcpt += " ORCPT=rfc822;" + Self.xtext(String(recipient.address.bracketed.dropFirst().dropLast()))
            }
        }
        return (Array((mail + "\r\n").utf8), Array((rcpt + "\r\n").utf8))
    }

    /// `text` as RFC 3461 xtext: `+`, `=`, controls, space and non-ASCII as `+HH`.
    static func xtext(_ text: String) -> String {
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if (33...126).contains(byte) && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "=") {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "+"))
                Hex.appendUpper(byte, to: &bytes)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
