/// What is expected back, in order, for one write of a mail transaction.
enum ExpectedReply {
    /// The final reply to the end of data of the message in flight, with its tag.
    case final(Int64)
    /// The reply to a queued RSET.
    case reset
    /// The reply to MAIL FROM.
    case mail
    /// The reply to RCPT TO.
    case recipient
    /// The reply to DATA (354 invites the content).
    case data
    /// The reply to `BDAT n` with the whole content, not yet LAST (250: the chunk is taken).
    case chunk
}

/// What the replies to one write group of a mail transaction said.
struct GroupReplies {
    /// The outcomes of the message in flight before the group (its end of data led the group).
    var finished: [SMTPOutcome] = []
    /// This message's outcome when it has one already: the first refusal of its envelope or content.
    var outcome: SMTPReply?
    /// The first connection failure, if any.
    var connectionFailure: SMTPSession.Failure?
    /// Whether the server invited the content (354) after refusing the envelope.
    var invitedContent = false
    /// Whether a refusal left the transaction open: the next group starts with RSET.
    var needsReset = false

    /// Reads `responses` against `expected`, in order.
    init(_ expected: [ExpectedReply], _ responses: [Result<SMTPResponse, SMTPSession.Failure>]) {
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
                read(response, to: stage)
            }
        }
    }

    /// Takes in the reply to one of this message's commands: the first refusal is its outcome.
    private mutating func read(_ response: SMTPResponse, to stage: ExpectedReply) {
        guard outcome == nil else {
            if case .data = stage, response.code == 354 { invitedContent = true }
            return
        }
        let replyStage: SMTPReply.Stage =
            switch stage {
            case .mail: .mail
            case .recipient: .recipient
            default: .data
            }
        if !response.isPositive {
            // The RSET rides in the next group: no round trip of its own with PIPELINING.
            outcome = SMTPReply(stage: replyStage, response: response)
            needsReset = true
        }
    }
}

extension SMTPConnection {
    /// One mail transaction on `session`; returns the outcomes and whether `message` may be tried
    /// again on a fresh session (nothing of it can have been accepted).
    func transact(
        _ message: OutgoingMessage,
        commands: (mail: [UInt8], recipient: [UInt8]),
        on session: SMTPSession,
        beforeEnd: (() -> Bool)?
    ) -> ([SMTPOutcome], Bool) {
        let (expected, responses) = writeGroup(message, commands: commands, on: session, beforeEnd: beforeEnd)
        let replies = GroupReplies(expected, responses)
        if replies.needsReset { pendingReset = true }
        var finished = replies.finished
        if replies.outcome == nil, replies.connectionFailure == nil, let last = expected.last {
            switch last {
            case .data:
                inFlight = PendingMessage(tag: message.tag, bytes: message.bytes)
                return (finished, false)
            case .chunk:
                inFlight = PendingMessage(tag: message.tag, bytes: message.bytes, contentSent: true, chunked: true)
                return (finished, false)
            default:
                break
            }
        }
        if replies.invitedContent, !session.isBroken {
            // A server that invited content after refusing the envelope: end the empty message at once.
            _ = exchange(Array(".\r\n".utf8), expecting: 1, on: session)
        }
        if let outcome = replies.outcome {
            finished.append(SMTPOutcome(tag: message.tag, reply: outcome))
            return (finished, false)
        }
        // The connection failed. Nothing of the message can have been accepted: its end of data
        // (".", `BDAT 0 LAST`) only ever goes out with the next group. It may go to a fresh session.
        return (finished, true)
    }

    /// Writes one group: the end of the message in flight, a queued RSET, then this message's MAIL
    /// FROM, RCPT TO and DATA (or `BDAT n` with its whole content: with CHUNKING the content goes at
    /// once, and only the zero-length `BDAT 0 LAST` that ends it waits for the next group, as "."
    /// does). Pipelined, in one write, when the server offers PIPELINING; otherwise one command at a
    /// time, stopping at the first refusal. Returns what was expected back and the responses, one each.
    private func writeGroup(
        _ message: OutgoingMessage,
        commands: (mail: [UInt8], recipient: [UInt8]),
        on session: SMTPSession,
        beforeEnd: (() -> Bool)?
    ) -> ([ExpectedReply], [Result<SMTPResponse, SMTPSession.Failure>]) {
        let extensions = session.extensions
        output.removeAll(keepingCapacity: true)
        var expected: [ExpectedReply] = []
        if let pending = inFlight {
            inFlight = nil
            if let beforeEnd, !beforeEnd() {
                // Its end of data must not go: the session ends without it, and nothing else is sent.
                endRefused = true
                session.markBroken()
                return ([.final(pending.tag)], [.failure(.connectionLost("abandoned before its end of data"))])
            }
            Self.appendRest(of: pending, to: &output)
            expected.append(.final(pending.tag))
        }
        if pendingReset {
            output += Array("RSET\r\n".utf8)
            expected.append(.reset)
            pendingReset = false
        }
        let chunk = Self.chunk(of: message.bytes)
        var responses: [Result<SMTPResponse, SMTPSession.Failure>] = []
        if extensions.pipelining {
            output += commands.mail
            output += commands.recipient
            expected += [.mail, .recipient]
            if extensions.chunking {
                output += chunk.header
                output += message.bytes
                output += chunk.tail
                expected.append(.chunk)
            } else {
                output += Array("DATA\r\n".utf8)
                expected.append(.data)
            }
            responses = exchange(output, expecting: expected.count, on: session)
            return (expected, responses)
        }
        // One command at a time (a queued RSET first).
        if !expected.isEmpty {
            responses = exchange(output, expecting: expected.count, on: session)
        }
        expected.append(.mail)
        responses += exchange(commands.mail, expecting: 1, on: session)
        guard case .success(let mail) = responses.last, mail.isPositive else { return (expected, responses) }
        expected.append(.recipient)
        responses += exchange(commands.recipient, expecting: 1, on: session)
        guard case .success(let rcpt) = responses.last, rcpt.isPositive else { return (expected, responses) }
        if extensions.chunking {
            expected.append(.chunk)
            responses += exchange(chunk.header + message.bytes + chunk.tail, expecting: 1, on: session)
        } else {
            expected.append(.data)
            responses += exchange(Array("DATA\r\n".utf8), expecting: 1, on: session)
        }
        return (expected, responses)
    }

    /// The `BDAT n` line for `bytes` (the whole content in one chunk, not yet LAST), and what follows
    /// them: the chunk ends with CRLF, as the end of data would make it, so both ways deliver the
    /// same bytes.
    private static func chunk(of bytes: [UInt8]) -> (header: [UInt8], tail: [UInt8]) {
        let endsWithLineEnd = bytes.count >= 2 && bytes[bytes.count - 2] == 0x0D && bytes[bytes.count - 1] == 0x0A
        let length = bytes.count + (endsWithLineEnd ? 0 : 2)
        return (Array("BDAT \(length)\r\n".utf8), endsWithLineEnd ? [] : [0x0D, 0x0A])
    }

    /// Writes `bytes` and reads `count` replies; after a failure, the rest fail the same way.
    func exchange(
        _ bytes: [UInt8],
        expecting count: Int,
        on session: SMTPSession
    ) -> [Result<SMTPResponse, SMTPSession.Failure>] {
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
}
