/// One message for ``SMTPConnection/send(_:beforeEnd:)``: its envelope, its bytes and a tag for its outcome.
package struct OutgoingMessage: Sendable {
    /// The envelope sender (MAIL FROM), per message.
    package var sender: String
    /// The one envelope recipient (RCPT TO).
    package var recipient: String
    /// The finished message, CRLF line ends, exactly as the recipient receives it.
    package var bytes: [UInt8]
    /// The DSN envelope identifier (`ENVID`, RFC 3461), when there is one.
    package var envelopeID: String?
    /// The caller's name for the message (the delivery's id), handed back with its outcome.
    package var tag: Int64

    /// A message; see the properties.
    package init(sender: String, recipient: String, bytes: [UInt8], envelopeID: String? = nil, tag: Int64) {
        self.sender = sender
        self.recipient = recipient
        self.bytes = bytes
        self.envelopeID = envelopeID
        self.tag = tag
    }
}

/// The outcome of the message handed over with `tag`.
package struct SMTPOutcome: Sendable, Equatable {
    /// The message's ``OutgoingMessage/tag``.
    package var tag: Int64
    /// What became of it.
    package var reply: SMTPReply
}

/// A message whose envelope the server accepted (354) and whose end of data goes out with the next group.
struct PendingMessage {
    /// Its tag.
    var tag: Int64
    /// Its bytes, not yet stuffed.
    var bytes: [UInt8]
    /// Whether its content went out already (``SMTPConnection/sendContentInFlight()``): only the
    /// end of data is left.
    var contentSent = false
}

extension SMTPConnection {
    /// Starts `message` and returns the outcomes of every message finished meanwhile.
    ///
    /// With PIPELINING (RFC 2920) and without CHUNKING, one write carries the previous message's
    /// content and end of data, then this message's MAIL FROM, RCPT TO and DATA; the replies are read
    /// together and this message stays in flight until the next call or ``flush(beforeEnd:)``. So a
    /// message costs about one round trip. With CHUNKING (RFC 3030), MAIL, RCPT and `BDAT n LAST`
    /// with the bytes go in one write (pipelined) or one by one. Without either, one command at a
    /// time. `beforeEnd` runs before any end of data is written. Refusals are followed by RSET (sent
    /// at the head of the next group); a 421 or a dropped connection ends the session, and a message
    /// whose content never went out is tried once more on a fresh one.
    package func send(_ message: OutgoingMessage, beforeEnd: (() -> Void)?) -> [SMTPOutcome] {
        var finished: [SMTPOutcome] = []
        let recipient: (address: EnvelopeAddress, needsSMTPUTF8: Bool)
        let sender: (address: EnvelopeAddress, needsSMTPUTF8: Bool)
        do { recipient = try EnvelopeAddress.prepared(message.recipient) } catch {
            let detail = "recipient address \(error.explanation); nothing sent"
            return [
                SMTPOutcome(tag: message.tag, reply: SMTPReply(outcome: .rejectedRecipient, code: 0, detail: detail))
            ]
        }
        do { sender = try EnvelopeAddress.prepared(message.sender) } catch {
            let detail = "sender address \(error.explanation); nothing sent"
            return [SMTPOutcome(tag: message.tag, reply: SMTPReply(outcome: .rejectedMessage, code: 0, detail: detail))]
        }
        for attempt in 1...2 {
            let session: SMTPSession
            switch openSession() {
            case .opened(let open): session = open
            case .refused(let reply):
                finished.append(SMTPOutcome(tag: message.tag, reply: reply))
                return finished
            }
            let extensions = session.extensions
            if (sender.needsSMTPUTF8 || recipient.needsSMTPUTF8) && !extensions.smtpUTF8 {
                let reply =
                    sender.needsSMTPUTF8
                    ? SMTPReply(
                        outcome: .rejectedMessage,
                        code: 0,
                        detail:
                            "sender address has a non-ASCII local part and the server does not offer SMTPUTF8; "
                            + "nothing sent"
                    )
                    : SMTPReply(
                        outcome: .rejectedRecipient,
                        code: 0,
                        detail:
                            "recipient address has a non-ASCII local part and the server does not offer SMTPUTF8; "
                            + "nothing sent"
                    )
                finished.append(SMTPOutcome(tag: message.tag, reply: reply))
                return finished
            }
            if let limit = extensions.sizeLimit, message.bytes.count > limit {
                let detail =
                    "the message is \(message.bytes.count) bytes, over the server's SIZE limit of \(limit); nothing "
                    + "sent"
                finished.append(
                    SMTPOutcome(tag: message.tag, reply: SMTPReply(outcome: .rejectedMessage, code: 0, detail: detail))
                )
                return finished
            }
            let commands = envelopeCommands(message, sender: sender, recipient: recipient, extensions: extensions)
            let (outcomes, retry) = transact(message, commands: commands, on: session, beforeEnd: beforeEnd)
            finished += outcomes
            if session.isBroken { dropSession() }
            if !extensions.pipelining {
                // Without PIPELINING nothing may follow the 354 but the content: finish the message now.
                finished += flush(beforeEnd: beforeEnd)
            }
            guard retry, attempt == 1 else { break }
        }
        return finished
    }

    /// Sends the content and end of data of the message in flight, if any, and returns its outcome.
    package func flush(beforeEnd: (() -> Void)?) -> [SMTPOutcome] {
        guard let pending = inFlight else { return [] }
        inFlight = nil
        guard let session, !session.isBroken else {
            return [
                SMTPOutcome(
                    tag: pending.tag,
                    reply: SMTPReply(stage: .final, failure: .connectionLost("session closed"))
                )
            ]
        }
        beforeEnd?()
        output.removeAll(keepingCapacity: true)
        Self.appendRest(of: pending, to: &output)
        let reply: SMTPReply
        do {
            try session.write(output)
            reply = SMTPReply(stage: .final, response: try session.readResponse())
        } catch {
            reply = SMTPReply(stage: .final, failure: error)
        }
        if session.isBroken { dropSession() }
        return [SMTPOutcome(tag: pending.tag, reply: reply)]
    }

    /// Writes the content of the message in flight now, without its end of data, which waits for
    /// the next call as before.
    ///
    /// The transfer then overlaps what the caller does meanwhile (the ledger's commit of the
    /// previous outcome, composing the next message), rather than following it; the server cannot
    /// accept the message before its end of data. Nothing to do without a message in flight (without
    /// PIPELINING, or with CHUNKING). A failed write leaves the session broken: the next call
    /// reports the message as not sent.
    package func sendContentInFlight() {
        guard var pending = inFlight, !pending.contentSent, let session, !session.isBroken else { return }
        output.removeAll(keepingCapacity: true)
        DotStuffing.appendContent(pending.bytes, to: &output)
        try? session.write(output)
        pending.contentSent = true
        inFlight = pending
    }

    /// Drops the message in flight without its end of data, and the session with it.
    package func abandon() {
        guard inFlight != nil else { return }
        inFlight = nil
        session?.markBroken()
        dropSession()
    }

    // MARK: - Steps

    /// Appends what is still to go of `pending`: its stuffed content (unless sent already) and its end of data.
    private static func appendRest(of pending: PendingMessage, to output: inout [UInt8]) {
        if !pending.contentSent { DotStuffing.appendContent(pending.bytes, to: &output) }
        DotStuffing.appendEndOfData(after: pending.bytes, to: &output)
    }

    /// The open session, or a new one.
    private func openSession() -> SMTPSession.Opening {
        if let session, !session.isBroken { return .opened(session) }
        dropSession()
        let opened = SMTPSession.open(
            template: handle,
            replies: replies,
            errorBuffer: errorBuffer,
            timeoutSeconds: timeoutSeconds
        )
        if case .opened(let session) = opened {
            connectionsOpened += 1
            self.session = session
            pendingReset = false
        }
        return opened
    }

    /// Closes the session (without QUIT when it is broken).
    private func dropSession() {
        session = nil
    }

    /// MAIL FROM and RCPT TO with the parameters the server's extensions allow.
    private func envelopeCommands(
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

    /// What is expected back, in order, for one write.
    private enum Expected {
        case final(Int64)
        case reset
        case mail
        case recipient
        case data
        case chunk
    }

    /// One mail transaction on `session`; returns the outcomes and whether `message` may be tried
    /// again on a fresh session (nothing of it can have been accepted).
    private func transact(
        _ message: OutgoingMessage,
        commands: (mail: [UInt8], recipient: [UInt8]),
        on session: SMTPSession,
        beforeEnd: (() -> Void)?
    ) -> ([SMTPOutcome], Bool) {
        let extensions = session.extensions
        let reused = session.transactions > 0
        session.transactions += 1
        var finished: [SMTPOutcome] = []
        output.removeAll(keepingCapacity: true)
        var expected: [Expected] = []
        if let pending = inFlight {
            inFlight = nil
            beforeEnd?()
            Self.appendRest(of: pending, to: &output)
            expected.append(.final(pending.tag))
        }
        if pendingReset {
            output += Array("RSET\r\n".utf8)
            expected.append(.reset)
            pendingReset = false
        }
        // The chunk ends with CRLF, as the end of data would make it: both ways deliver the same bytes.
        let endsWithLineEnd =
            message.bytes.count >= 2 && message.bytes[message.bytes.count - 2] == 0x0D
            && message.bytes[message.bytes.count - 1] == 0x0A
        let chunkLength = message.bytes.count + (endsWithLineEnd ? 0 : 2)
        let chunkHeader = Array("BDAT \(chunkLength) LAST\r\n".utf8)
        let chunkTail: [UInt8] = endsWithLineEnd ? [] : [0x0D, 0x0A]
        var responses: [Result<SMTPResponse, SMTPSession.Failure>] = []
        if extensions.pipelining {
            output += commands.mail
            output += commands.recipient
            expected += [.mail, .recipient]
            if extensions.chunking {
                beforeEnd?()
                output += chunkHeader
                output += message.bytes
                output += chunkTail
                expected.append(.chunk)
            } else {
                output += Array("DATA\r\n".utf8)
                expected.append(.data)
            }
            responses = exchange(output, expecting: expected.count, on: session)
        } else {
            // One command at a time (a queued RSET first).
            if !expected.isEmpty {
                responses = exchange(output, expecting: expected.count, on: session)
            }
            expected.append(.mail)
            responses += exchange(commands.mail, expecting: 1, on: session)
            if case .success(let mail) = responses.last, mail.isPositive {
                expected.append(.recipient)
                responses += exchange(commands.recipient, expecting: 1, on: session)
                if case .success(let rcpt) = responses.last, rcpt.isPositive {
                    if extensions.chunking {
                        beforeEnd?()
                        expected.append(.chunk)
                        responses += exchange(chunkHeader + message.bytes + chunkTail, expecting: 1, on: session)
                    } else {
                        expected.append(.data)
                        responses += exchange(Array("DATA\r\n".utf8), expecting: 1, on: session)
                    }
                }
            }
        }
        // Interpret the replies in order.
        var outcome: SMTPReply?
        var anyReplyForMessage = false
        var connectionFailure: SMTPSession.Failure?
        var invitedContent = false
        for (index, stage) in expected.enumerated() {
            let response: SMTPResponse
            switch responses[index] {
            case .failure(let failure):
                connectionFailure = connectionFailure ?? failure
                if case .final(let tag) = stage {
                    finished.append(SMTPOutcome(tag: tag, reply: SMTPReply(stage: .final, failure: failure)))
                }
                continue
            case .success(let value): response = value
            }
            switch stage {
            case .final(let tag):
                finished.append(SMTPOutcome(tag: tag, reply: SMTPReply(stage: .final, response: response)))
            case .reset:
                continue
            case .mail, .recipient, .data, .chunk:
                anyReplyForMessage = true
                guard outcome == nil else {
                    if case .data = stage, response.code == 354 { invitedContent = true }
                    continue
                }
                let replyStage: SMTPReply.Stage =
                    switch stage {
                    case .mail: .mail
                    case .recipient: .recipient
                    case .data: .data
                    default: .final
                    }
                let reply = SMTPReply(stage: replyStage, response: response)
                if case .chunk = stage {
                    // BDAT LAST ends the transaction whatever its reply: no RSET needed.
                    outcome = reply
                } else if !response.isPositive {
                    outcome = reply
                    pendingReset = true
                }
            }
        }
        if outcome == nil, connectionFailure == nil, case .data = expected.last {
            inFlight = PendingMessage(tag: message.tag, bytes: message.bytes)
            return (finished, false)
        }
        if invitedContent, !session.isBroken {
            // A server that invited content after refusing the envelope: end the empty message at once.
            _ = exchange(Array(".\r\n".utf8), expecting: 1, on: session)
        }
        if let outcome {
            finished.append(SMTPOutcome(tag: message.tag, reply: outcome))
            return (finished, false)
        }
        let failure = connectionFailure ?? .connectionLost("no reply")
        let contentSent = extensions.chunking && expected.contains { if case .chunk = $0 { true } else { false } }
        // Nothing of the message can have been accepted when its content never went out, or when a
        // reused session died before the server said anything about it.
        if !contentSent || (reused && !anyReplyForMessage) {
            return (finished, true)
        }
        finished.append(SMTPOutcome(tag: message.tag, reply: SMTPReply(stage: .final, failure: failure)))
        return (finished, false)
    }

    /// Writes `bytes` and reads `count` replies; after a failure, the rest fail the same way.
    private func exchange(
        _ bytes: [UInt8],
        expecting count: Int,
        on session: SMTPSession
    )
        -> [Result<SMTPResponse, SMTPSession.Failure>]
    {
        var results: [Result<SMTPResponse, SMTPSession.Failure>] = []
        guard !session.isBroken else {
            return Array(repeating: .failure(.connectionLost("session closed")), count: count)
        }
        do {
            try session.write(bytes)
        } catch {
            return Array(repeating: .failure(error), count: count)
        }
        for _ in 0..<count {
            do {
                let response = try session.readResponse()
                results.append(.success(response))
                if response.code == 421 {
                    let closing = SMTPSession.Failure.connectionLost("the server closed the session: 421")
                    results += Array(repeating: .failure(closing), count: count - results.count)
                    break
                }
            } catch {
                results += Array(repeating: .failure(error), count: count - results.count)
                break
            }
        }
        return results
    }

    /// `text` as RFC 3461 xtext: `+`, `=`, controls, space and non-ASCII as `+HH`.
    static func xtext(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if (33...126).contains(byte) && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "=") {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "+"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
