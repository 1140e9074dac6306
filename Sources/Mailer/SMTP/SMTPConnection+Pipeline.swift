extension SMTPConnection {
    /// Starts `message` and returns the outcomes of every message finished meanwhile.
    ///
    /// With PIPELINING (RFC 2920), one write carries the previous message's end of data (and its
    /// content, unless it went already), then this message's MAIL FROM, RCPT TO and DATA, or with
    /// CHUNKING (RFC 3030) `BDAT n` and the whole content; the replies are read together and this
    /// message stays in flight, its end of data ("." or `BDAT 0 LAST`) waiting for the next call or
    /// ``flush(beforeEnd:)``. So a message costs about one round trip, and the server takes in its
    /// content while the ledger commits the previous outcome. Without PIPELINING, one command at a
    /// time. `beforeEnd` is asked before any end of data is written: when it says no (the ledger
    /// could not record the outcome before), the message in flight is abandoned (the session is
    /// dropped without its end of data, so the server discards it), and `message` is not started.
    /// Refusals are followed by RSET (sent
    /// at the head of the next group); a 421 or a dropped connection ends the session, and the
    /// message, of which nothing can have been accepted, is tried once more on a fresh one.
    package func send(_ message: OutgoingMessage, beforeEnd: (() -> Bool)?) -> [SMTPOutcome] {
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
                // The relay's limit, not the reader's fault: this copy fails, the reader stays on the list.
                let whose = sender.needsSMTPUTF8 ? "sender" : "recipient"
                let reply = SMTPReply(
                    outcome: .rejectedMessage,
                    code: 0,
                    detail: "\(whose) address has a non-ASCII local part and the server does not offer SMTPUTF8 "
                        + "(RFC 6531); nothing sent"
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
            if endRefused {
                endRefused = false
                return finished
            }
            if !extensions.pipelining {
                // Without PIPELINING nothing may follow the 354 but the content: finish the message now.
                finished += flush(beforeEnd: beforeEnd)
            }
            guard retry, attempt == 1 else { break }
        }
        return finished
    }

    /// Sends the content and end of data of the message in flight, if any, and returns its outcome.
    package func flush(beforeEnd: (() -> Bool)?) -> [SMTPOutcome] {
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
        if let beforeEnd, !beforeEnd() {
            session.markBroken()
            dropSession()
            return [SMTPOutcome(tag: pending.tag, reply: Self.abandonedReply)]
        }
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

    /// The outcome of a message abandoned before its end of data: the server discards it.
    static let abandonedReply = SMTPReply(
        stage: .final,
        failure: .connectionLost("abandoned before its end of data: the ledger could not record the message before")
    )

    /// Appends what is still to go of `pending`: its stuffed content (unless sent already) and its end of data.
    static func appendRest(of pending: PendingMessage, to output: inout [UInt8]) {
        if pending.chunked {
            output += Array("BDAT 0 LAST\r\n".utf8)
            return
        }
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
    func dropSession() {
        session = nil
    }
}
