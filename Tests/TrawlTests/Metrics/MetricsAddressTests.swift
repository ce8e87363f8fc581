import Testing
@testable import TrawlCrawl

/// `--metrics ADDRESS`: what is an address to listen on, and what is refused (a usage error, exit 64).
@Suite("Metrics: the --metrics address")
struct MetricsAddressTests {
    @Test("addresses accepted, with the default port 9464", arguments: [
        ("127.0.0.1:9464", "127.0.0.1", false, 9464),
        ("127.0.0.1", "127.0.0.1", false, 9464),
        ("127.0.0.5:0", "127.0.0.5", false, 0),
        ("localhost:9465", "127.0.0.1", false, 9465),
        ("localhost", "127.0.0.1", false, 9464),
        ("0.0.0.0:9100", "0.0.0.0", false, 9100),
        ("[::1]:9100", "::1", true, 9100),
        ("[::1]", "::1", true, 9464),
        ("[::]:65535", "::", true, 65535),
    ])
    func accepted(text: String, host: String, isIPv6: Bool, port: Int) throws {
        let address = try MetricsAddress(parsing: text)
        #expect(address == MetricsAddress(host: host, isIPv6: isIPv6, port: UInt16(port)))
    }

    @Test("anything else is refused with a message that shows the form", arguments: [
        "", "foo", "foo:9464", "example.org:9464", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:-1",
        "127.0.0.1:+80", "127.0.0.1:94a", "127.1:9464", "1.2.3.4.5", "::1:9464", "::1", "[::1", "[::1]9464",
        "[::1]:", "[127.0.0.1]:9464", "[]:9464", ":9464", " 127.0.0.1:9464", "127.0.0.1:٩٤",
    ])
    func refused(text: String) {
        #expect(throws: MetricsServerError.malformedAddress(text)) { try MetricsAddress(parsing: text) }
        #expect(MetricsServerError.malformedAddress(text).description.contains("127.0.0.1:9464"))
    }

    @Test("an address prints as it is written on the command line")
    func description() throws {
        #expect(try MetricsAddress(parsing: "[::1]").description == "[::1]:9464")
        #expect(try MetricsAddress(parsing: "localhost:1").description == "127.0.0.1:1")
    }
}
