import Testing
import TrawlURLs

/// `NormalizedURL(parsing:)`: URLs given by a user, and the normal form they are stored in.
@Suite struct URLParsingTests {
    @Test(arguments: [
        // Case, default port, fragment, empty path (RFC 3986 §6.2.2.1, §6.2.3)
        ("HTTP://Example.COM:80", "http://example.com/"),
        ("https://a.com:443/x#f", "https://a.com/x"),
        ("http://a.com", "http://a.com/"),
        ("http://a.com?x=1", "http://a.com/?x=1"),
        ("http://a.com:/", "http://a.com/"),
        ("https://a.com:80/", "https://a.com:80/"),
        ("http://a.com:443/", "http://a.com:443/"),
        ("http://127.0.0.2:8080/a/b?x=1", "http://127.0.0.2:8080/a/b?x=1"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        // Dot segments (§5.2.4), also when spelled with escapes (§6.2.2 order: decode, then remove)
        ("http://a.com/a/./b/../c", "http://a.com/a/c"),
        ("http://a.com/a/b/../../../c", "http://a.com/c"),
        ("http://a.com/%2e%2E/b", "http://a.com/b"),
        ("http://a.com/a/.%2e/b", "http://a.com/b"),
        // Percent-encoding (§6.2.2.1, §6.2.2.2)
        ("http://a.com/%7euser", "http://a.com/~user"),
        ("http://a.com/%41%5A%61%7a%30%39%2D%2E%5F%7E", "http://a.com/AZaz09-._~"),
        ("http://a.com/%2f%3f%23", "http://a.com/%2F%3F%23"),
        ("http://a.com/%c3%a9", "http://a.com/%C3%A9"),
        ("http://a.com/a b", "http://a.com/a%20b"),
        ("http://a.com/é", "http://a.com/%C3%A9"),
        ("http://a.com/100%", "http://a.com/100%"),
        ("http://a.com/%zz%4", "http://a.com/%zz%4"),
        ("http://a.com/\"<>`{}|\\^", "http://a.com/%22%3C%3E%60%7B%7D|/%5E"),
        ("http://a.com/\u{7F}\u{01}x", "http://a.com/%7F%01x"),
        ("http://a.com/[x]:@!$&'()*+,;=", "http://a.com/[x]:@!$&'()*+,;="),
        // Query: kept byte for byte except escapes; order kept; an empty query kept (WHATWG)
        ("http://a.com/x?b=2&a=1", "http://a.com/x?b=2&a=1"),
        ("http://a.com/x?q=a b&r=é", "http://a.com/x?q=a%20b&r=%C3%A9"),
        ("http://a.com/x?q=a+b&u=%2f%7e", "http://a.com/x?q=a+b&u=%2F~"),
        ("http://a.com/x?y/./../z", "http://a.com/x?y/./../z"),
        ("http://a.com/x?", "http://a.com/x?"),
        ("http://a.com/x?#frag", "http://a.com/x?"),
        ("http://a.com/x?q='a'{b}", "http://a.com/x?q=%27a%27{b}"),
        // Whitespace: trimmed around, tabs and newlines inside removed
        ("  http://a.com/padded \r\n", "http://a.com/padded"),
        ("\thttp://a.com/a\tb\nc", "http://a.com/abc"),
        // Userinfo kept
        // Userinfo is dropped: a password is never stored (URLUserinfoTests).
        ("http://user:pa%3ass@A.com/", "http://a.com/"),
        ("http://us er@a.com/", "http://a.com/"),
        // IP literals
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("https://[::1]:443/", "https://[::1]/"),
        ("http://[::FFFF:1.2.3.4]/", "http://[::ffff:102:304]/"),
        ("http://[0:0:0:0:0:0:0:1]/", "http://[::1]/"),
        ("http://[1:0:0:2::3:0]/", "http://[1::2:0:0:3:0]/"),
        // Host: case, escapes, IDN (UTS #46 via libidn2), IPv4 number forms
        ("http://ex%41mple.COM/", "http://example.com/"),
        ("http://Bücher.DE/x", "http://xn--bcher-kva.de/x"),
        ("http://b%C3%BCcher.de/", "http://xn--bcher-kva.de/"),
        ("http://例え.テスト/", "http://xn--r8jz45g.xn--zckzah/"),
        ("http://例え。テスト/", "http://xn--r8jz45g.xn--zckzah/"),
        ("http://XN--BCHER-KVA.de/", "http://xn--bcher-kva.de/"),
        ("http://a_b.example.com./", "http://a_b.example.com./"),
        ("http://ＥＸＡＭＰＬＥ.com/", "http://example.com/"),
        ("http://ex\u{AD}ample.com/", "http://example.com/"),
        ("http://faß.de/", "http://xn--fa-hia.de/"),
        ("http://1.2.3.4./", "http://1.2.3.4/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://0177.0.0.1/", "http://127.0.0.1/"),
        ("http://2130706433/", "http://127.0.0.1/"),
        // Backslash, missing slashes and repeated @ read as browsers read them
        ("http://a.com\\x\\y", "http://a.com/x/y"),
        ("http:example.com", "http://example.com/"),
        ("http:\\\\example.com/", "http://example.com/"),
        ("http://a@b@c.com/", "http://c.com/"),   // the userinfo (a@b) is dropped, never stored
        ("http://user:@a.com/", "http://a.com/"),
        // Found by FuzzURLs: decoding %43 after a kept lone "%4" would write the new escape %4C (read as L by
        // the next parse); the escape is kept, so normalizing is idempotent.
        ("http://a.com/%4%43:3", "http://a.com/%4%43:3"),
        ("http://a.com/%%41", "http://a.com/%%41"),
        ("http://a.com/%41%42", "http://a.com/AB"),
    ])
    func normalizes(input: String, expected: String) throws {
        let url = try NormalizedURL(parsing: input)
        #expect(url.string == expected)
        #expect(url.description == expected)
        // Idempotent: the normal form is a fixed point.
        let again = try NormalizedURL(parsing: url.string)
        #expect(again == url)
        #expect(again.string == url.string)
    }

    @Test(arguments: [
        ("http://[::1]:8080/", "http", "[::1]", 8080, "[::1]:8080"),
        ("HTTPS://Example.com:443/", "https", "example.com", nil, "example.com"),
        ("http://a.com:8443/x", "http", "a.com", 8443, "a.com:8443"),
        ("https://u:p@Host.Example:8080/", "https", "host.example", 8080, "host.example:8080"),
        ("http://127.0.0.2:80/", "http", "127.0.0.2", nil, "127.0.0.2"),
    ] as [(String, String, String, Int?, String)])
    func components(input: String, scheme: String, hostname: String, port: Int?, hostKey: String) throws {
        let url = try NormalizedURL(parsing: input)
        #expect(url.scheme == scheme)
        #expect(url.hostname == hostname)
        #expect(url.port == port)
        #expect(url.hostKey == hostKey)
    }

    @Test(arguments: [
        ("", URLInputError.empty),
        ("  \t\n", .empty),
        ("example.com/page", .notAbsolute),
        ("//example.com/x", .notAbsolute),
        ("/x", .notAbsolute),
        ("#top", .notAbsolute),
        ("localhost:8080/x", .notAbsolute),
        ("example.com:8080", .notAbsolute),
        ("ftp://x", .unsupportedScheme("ftp")),
        ("FTP://x/", .unsupportedScheme("ftp")),
        ("mailto:a@b.c", .unsupportedScheme("mailto")),
        ("file:///etc/passwd", .unsupportedScheme("file")),
        ("javascript:void(0)", .unsupportedScheme("javascript")),
        ("tel:123", .unsupportedScheme("tel")),
        ("http://", .missingHost),
        ("https://:80/", .missingHost),
        ("http:///", .missingHost),
    ])
    func refuses(input: String, expected: URLInputError) {
        #expect(throws: expected) { try NormalizedURL(parsing: input) }
    }

    @Test(arguments: [
        "http://a.com:99999/",
        "http://a.com:8O/",
        "http://a%25.com/",
        "http://a%2Fb.com/",
        "http://[::1/",
        "http://1.2.3.256/",
        "http://0x100000000/",
        "http://xn--/",
        "http://a<b.com/",
        "http://[1:2]/",
    ])
    func refusesMalformed(input: String) {
        #expect {
            try NormalizedURL(parsing: input)
        } throws: { error in
            guard case .malformed(let reason) = error as? URLInputError else { return false }
            return !reason.isEmpty
        }
    }

    @Test(arguments: [
        (URLInputError.unsupportedScheme("ftp"), "unsupported scheme 'ftp' (only http and https are crawled)"),
        (.empty, "empty URL"),
        (.malformed(reason: "Bad hostname"), "malformed URL: Bad hostname"),
    ])
    func errorDescriptions(error: URLInputError, expected: String) {
        #expect(error.description == expected)
    }

    @Test func equalityAndHashingFollowTheString() throws {
        let spellings = ["HTTP://A.com:80/%7e", "http://a.com/~", "http://a.com/%7E#x", " http://a.com/./~ "]
        let urls = try spellings.map { try NormalizedURL(parsing: $0) }
        #expect(Set(urls).count == 1)
    }
}
