import Mailer
import TestSupport
import Testing

/// TLS and authentication against the real test server.
@Suite struct SMTPSecurityTests {
    @Test func startTLSWithTheTestCertificateAsCAFileDelivers() throws {
        let certificate = try TestCertificate()
        let server = try TestSMTPServer(.init(certificate: certificate, requireTLS: true))
        let connection = try SMTPConnection(settings: server.settings(.starttls, caFile: certificate.certificatePath))
        let message = TestMessage.make(to: "reader@example.org")

        let reply = connection.send(from: "bulletin@example.org", to: "reader@example.org", message: message)

        #expect(reply.outcome == .accepted)
        #expect(try server.messages() == [.init(recipient: "reader@example.org", bytes: message)])
    }

    @Test func startTLSWithAnUntrustedCertificateIsUnreachable() throws {
        let certificate = try TestCertificate()
        let server = try TestSMTPServer(.init(certificate: certificate))
        let connection = try SMTPConnection(settings: server.settings(.starttls))

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .unreachable)
        #expect(try server.messages().isEmpty)
    }

    @Test func startTLSAgainstAServerWithoutItIsUnreachableAndSendsNothing() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings(.starttls))

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .unreachable)
        #expect(try server.messages().isEmpty)
        // The 250 libcurl reports is the EHLO reply, no refusal: the detail says what happened instead.
        #expect(!reply.detail.hasPrefix("250"), "\(reply.detail)")
        #expect(reply.detail.contains("does not offer STARTTLS"), "\(reply.detail)")
        #expect(reply.detail.contains("nothing was sent in clear"), "\(reply.detail)")
    }

    @Test func implicitTLSDelivers() throws {
        let certificate = try TestCertificate()
        let server = try TestSMTPServer(.init(certificate: certificate, implicitTLS: true))
        let connection = try SMTPConnection(settings: server.settings(.implicit, caFile: certificate.certificatePath))
        let message = TestMessage.make(to: "reader@example.org")

        let replies = (1...2).map { _ in
            connection.send(from: "bulletin@example.org", to: "reader@example.org", message: message)
        }

        #expect(replies.map(\.outcome) == [.accepted, .accepted])
        #expect(try server.messages().map(\.bytes) == [message, message])
        #expect(server.connectionCount() == 1)
    }

    @Test func rightCredentialsDeliver() throws {
        let server = try TestSMTPServer(.init(credentials: ("mailer", "s3cret pass")))
        let connection = try SMTPConnection(settings: server.settings(username: "mailer", password: "s3cret pass"))

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .accepted)
        #expect(try server.messages().count == 1)
    }

    @Test func wrongCredentialsFailAuthenticationAndStoreNothing() throws {
        let server = try TestSMTPServer(.init(credentials: ("mailer", "s3cret pass")))
        let connection = try SMTPConnection(settings: server.settings(username: "mailer", password: "wrong-Pa55"))

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .authenticationFailed)
        #expect(reply.code == 535)
        #expect(!reply.detail.contains("wrong-Pa55"))
        #expect(try server.messages().isEmpty)
    }

    @Test func missingCredentialsFailAuthentication() throws {
        let server = try TestSMTPServer(.init(credentials: ("mailer", "s3cret")))
        let connection = try SMTPConnection(settings: server.settings())

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .authenticationFailed)
        #expect(reply.code == 530)
        #expect(try server.messages().isEmpty)
    }

    @Test func aUsernameWithAServerThatOffersNoAuthSendsNothing() throws {
        let server = try TestSMTPServer()
        let connection = try SMTPConnection(settings: server.settings(username: "mailer", password: "s3cret"))

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .authenticationFailed)
        #expect(try server.messages().isEmpty)
    }

    @Test func startTLSAndAuthenticationTogetherDeliver() throws {
        let certificate = try TestCertificate()
        let server = try TestSMTPServer(
            .init(certificate: certificate, requireTLS: true, credentials: ("mailer", "s3cret"))
        )
        let connection = try SMTPConnection(
            settings: server.settings(
                .starttls,
                caFile: certificate.certificatePath,
                username: "mailer",
                password: "s3cret"
            )
        )

        let reply = connection.send(
            from: "bulletin@example.org",
            to: "reader@example.org",
            message: TestMessage.make(to: "reader@example.org")
        )

        #expect(reply.outcome == .accepted)
        #expect(try server.messages().count == 1)
    }
}
