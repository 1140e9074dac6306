import NewsletterCore
import Testing

@testable import WebEndpoint

/// The forms readers send and the clients they come from, as the limits and the desk see them.
@Suite struct ReaderFormsTests {
    @Test func anIPv6ClientIsItsSlash64AndItsNetworkItsSlash48() {
        let one = ClientCounter.keys(of: "2001:db8:1:2::1", ipv6Prefix: 64)
        let two = ClientCounter.keys(of: "2001:0db8:0001:0002:ffff:ffff:ffff:ffff", ipv6Prefix: 64)
        let neighbour = ClientCounter.keys(of: "2001:db8:1:3::1", ipv6Prefix: 64)
        #expect(one.client == two.client, "one home's /64 is one client")
        #expect(one.client != neighbour.client)
        #expect(one.network == neighbour.network, "one /48")
        #expect(ClientCounter.keys(of: "2001:db8:1:2::1", ipv6Prefix: 128).client != two.client)
    }

    @Test func anIPv4ClientIsItsAddressAndItsNetworkItsSlash24EvenMappedIntoIPv6() {
        let plain = ClientCounter.keys(of: "192.0.2.7", ipv6Prefix: 64)
        #expect(plain.client == "192.0.2.7" && plain.network == "192.0.2.0/24")
        #expect(ClientCounter.keys(of: "::ffff:192.0.2.7", ipv6Prefix: 64) == plain)
        #expect(ClientCounter.keys(of: "not an address", ipv6Prefix: 64).client == "?not an address")
    }

    @Test func theCounterHoldsPerClientAndPerNetwork() {
        let counter = ClientCounter()
        var admitted = 0
        for index in 0..<30 {
            let client = "2001:db8:9:\(index)::1"
            if counter.admit(client, now: 7_200, ipv6Prefix: 64, clientLimit: 10, networkLimit: 12) { admitted += 1 }
        }
        #expect(admitted == 12, "thirty /64s of one /48: the network's share")
        #expect(counter.admit("198.51.100.1", now: 7_200, ipv6Prefix: 64, clientLimit: 10, networkLimit: 12))
        #expect(
            counter.admit("2001:db8:9:0::1", now: 10_800, ipv6Prefix: 64, clientLimit: 10, networkLimit: 12),
            "a new hour"
        )
    }

    @Test func aFullWindowForgetsClientsButNotTheirNetwork() {
        let counter = ClientCounter()
        var admitted = 0
        for index in 0..<(ClientCounter.capacity + 50) {
            let client = "2001:db8:9:\(String(index % 65_536, radix: 16)):\(index / 65_536)::1"
            if counter.admit(client, now: 7_200, ipv6Prefix: 64, clientLimit: 10, networkLimit: 12) { admitted += 1 }
        }
        #expect(admitted == 12, "filling the window does not give the /48 a new share")
    }

    @Test func aSignUpFormIsCheckedForShapeAndItsAddressSpeltOneWay() throws {
        let pairs: [FormBody.Pair] = [
            ("email", " zoe\u{308}@B\u{FC}cher.example "), ("name", "Zo\u{EB}"), ("topic", "A"), ("topic", "B"),
            ("stamp", "s"), ("website", ""),
        ]
        let form = try ReaderForms.signUp(pairs).get()
        #expect(form.email == "zo\u{EB}@xn--bcher-kva.example")
        #expect(form.topics == ["A", "B"] && form.stamp == "s")
        #expect(ReaderForms.signUp([("email", "nobody")]) == .failure(.address(name: "")))
        for name in ["Ann\u{202E}x", "Ann\nBcc", String(repeating: "e\u{301}", count: 101), "\u{E000}"] {
            #expect(
                ReaderForms.signUp([("email", "a@example.org"), ("name", name)])
                    == .failure(.name(email: "a@example.org"))
            )
        }
        #expect(ReaderForms.isKeepable(String(repeating: "\u{1F600}", count: 75)), "300 bytes, 75 scalars")
        #expect(!ReaderForms.isKeepable(String(repeating: "\u{1F600}", count: 76)), "304 bytes")
    }

    @Test func aPageFormHasTheButtonsOfThePageOnly() {
        #expect(ReaderForms.pageAction([("action", "data")])?.action == "data")
        #expect(ReaderForms.pageAction([("action", "topics"), ("issue", "topics"), ("topic", "A")])?.topics == ["A"])
        #expect(ReaderForms.pageAction([("action", "drop-table")]) == nil)
        #expect(ReaderForms.pageAction([("action", "topics"), ("issue", "some")]) == nil)
    }
}
