import Testing
@testable import TrawlFetch

/// How trawl reads proxy URLs, no_proxy lists and the environment's proxy variables, and what the
/// private-address guard refuses by name through a proxy: each rule as a table.
@Suite("Fetch: proxy rules")
struct FetchProxyRulesTests {
    @Test("proxy URLs trawl accepts, and what it keeps of them", arguments: [
        ("http://127.0.0.1:3128", "http://127.0.0.1:3128", nil, nil),
        ("127.0.0.1:3128", "http://127.0.0.1:3128", nil, nil),
        ("HTTP://Proxy.Example:8080/", "http://proxy.example:8080", nil, nil),
        ("https://proxy.example", "https://proxy.example", nil, nil),
        ("socks5h://alice:s%40cret@127.0.0.1:1080", "socks5h://127.0.0.1:1080", "alice", "s@cret"),
        ("socks5://bob:pa:ss@[::1]:1080", "socks5://[::1]:1080", "bob", "pa:ss"),
        ("http://carol@127.0.0.1:3128", "http://127.0.0.1:3128", "carol", ""),
    ] as [(String, String, String?, String?)])
    func validProxyURLs(text: String, redacted: String, user: String?, password: String?) throws {
        let proxy = try ProxyURL(parsing: text)
        #expect(proxy.redacted == redacted)
        #expect(proxy.description == redacted)
        #expect(proxy.credentials?.user == user)
        #expect(proxy.credentials?.password == password)
        #expect(!"\(proxy.credentials as Any)".contains("cret"))
    }

    @Test("proxy URLs trawl refuses, each saying why without the password", arguments: [
        ("", "is empty"),
        ("ftp://u:pw1@127.0.0.1:21", "has the scheme 'ftp'"),
        ("socks4a://u:pw1@127.0.0.1", "has the scheme 'socks4a'"),
        ("http://u:pw1@127.0.0.1:3128/x", "has a path, query or fragment"),
        ("http://u:pw1@127.0.0.1:3128/?q", "has a path, query or fragment"),
        ("http://u:pw1@127.0.0.1:99999", "not a URL"),
    ])
    func invalidProxyURLs(text: String, problem: String) {
        #expect {
            try ProxyURL(parsing: text, origin: "https_proxy")
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("https_proxy '") && message.contains(problem) && !message.contains("pw1")
        }
    }

    @Test("no_proxy lists match as curl's do", arguments: [
        ("example.org", "example.org", true),
        ("example.org", "www.example.org", true),
        (".example.org", "www.example.org", true),
        (".example.org", "example.org", true),
        ("example.org", "badexample.org", false),
        ("EXAMPLE.org", "Www.Example.ORG.", true),
        ("*", "anything.example", true),
        ("a.example, b.example", "b.example", true),
        ("10.0.0.0/8", "10.1.2.3", true),
        ("10.0.0.0/8", "11.1.2.3", false),
        ("127.0.0.5", "127.0.0.5", true),
        ("127.0.0.5", "127.0.0.50", false),
        ("::1", "[::1]", true),
        ("fd00::/8", "[fd12::1]", true),
        ("fd00::/8", "[fe80::1]", false),
        ("localhost", "127.0.0.1", false),
        ("", "example.org", false),
    ])
    func noProxyMatches(list: String, host: String, matches: Bool) {
        #expect(NoProxyList(list).matches(host: host) == matches)
    }

    @Test("which proxy a request takes: --proxy, then the environment as curl reads it", arguments: [
        // variables, --proxy, --no-proxy, URL, expected proxy and source (nil: direct)
        ([:], nil, nil, "http://a.example/", nil),
        (["http_proxy": "http://p:1"], nil, nil, "http://a.example/", "http://p:1 http_proxy"),
        (["http_proxy": "http://p:1"], nil, nil, "https://a.example/", nil),
        (["HTTP_PROXY": "http://p:1"], nil, nil, "http://a.example/", nil),
        (["HTTPS_PROXY": "http://p:2"], nil, nil, "https://a.example/", "http://p:2 HTTPS_PROXY"),
        (["https_proxy": "http://p:2", "HTTPS_PROXY": "http://p:3"], nil, nil, "https://a.example/", "http://p:2 https_proxy"),
        (["ALL_PROXY": "socks5h://s:4"], nil, nil, "http://a.example/", "socks5h://s:4 ALL_PROXY"),
        (["all_proxy": "socks5h://s:4", "http_proxy": "http://p:1"], nil, nil, "http://a.example/", "http://p:1 http_proxy"),
        (["http_proxy": "http://p:1", "no_proxy": "a.example"], nil, nil, "http://www.a.example/", nil),
        (["http_proxy": "http://p:1", "NO_PROXY": "a.example"], nil, nil, "http://b.example/", "http://p:1 http_proxy"),
        (["http_proxy": "http://p:1"], "socks5h://s:4", nil, "https://a.example/", "socks5h://s:4 --proxy"),
        (["no_proxy": "a.example"], "http://p:9", nil, "http://a.example/", nil),
        (["no_proxy": "a.example"], "http://p:9", "b.example", "http://a.example/", "http://p:9 --proxy"),
        ([:], "http://p:9", "*", "http://a.example/", nil),
    ] as [([String: String], String?, String?, String, String?)])
    func routes(variables: [String: String], proxy: String?, noProxy: String?, url: String, expected: String?) throws {
        let routes = try ProxyRoutes(proxy: try proxy.map { try ProxyURL(parsing: $0) }, noProxy: noProxy,
                                     environment: ProxyEnvironment(variables))
        let route = routes.route(for: url)
        #expect(route.map { "\($0.proxy.redacted) \($0.source)" } == expected)
    }

    @Test("what a run says about its proxy")
    func summaries() throws {
        #expect(ProxyRoutes.direct.summary == nil)
        let flag = try ProxyRoutes(proxy: try ProxyURL(parsing: "http://u:secret@127.0.0.1:8888"), noProxy: nil,
                                   environment: ProxyEnvironment([:]))
        #expect(flag.summary == "via proxy http://127.0.0.1:8888 (from --proxy)")
        let environment = try ProxyRoutes(proxy: nil, noProxy: nil, environment: ProxyEnvironment([
            "https_proxy": "http://u:secret@10.0.0.1:3128", "no_proxy": "localhost,.internal",
        ]))
        #expect(environment.summary == "via proxy http://10.0.0.1:3128 for https:// (from https_proxy), http:// "
                + "direct; direct to localhost,.internal (no_proxy)")
    }

    @Test("through a proxy, the guard refuses private targets by name only", arguments: [
        ("127.0.0.1", true), ("10.1.2.3", true), ("192.168.0.1", true), ("172.16.5.4", true),
        ("169.254.169.254", true), ("100.64.0.1", true), ("0.0.0.0", true), ("[::1]", true), ("[fd00::5]", true),
        ("[fe80::1]", true), ("[::ffff:127.0.0.1]", true), ("localhost", true), ("LOCALHOST.", true),
        ("api.localhost", true),
        ("93.184.215.14", false), ("[2001:db8::1]", false), ("example.org", false),
        ("localhost.example.org", false), ("internal.corp", false),
    ])
    func guardByName(host: String, refused: Bool) {
        #expect((ProxiedTargetGuard.refusal(host: host) != nil) == refused)
    }
}
