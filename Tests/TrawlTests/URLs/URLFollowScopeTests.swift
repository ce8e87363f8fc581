import Testing
import TrawlURLs

/// `FollowScope.allows(_:from:)` and `RegistrableDomain.of(_:)`.
@Suite struct URLFollowScopeTests {
    @Test(arguments: [
        (FollowScope.none, "http://a.com/x", "http://a.com/", false),
        (.host, "http://a.com/x", "http://a.com/", true),
        (.host, "https://a.com/x", "http://a.com/", true),
        (.host, "http://A.com:80/x", "http://a.com/", true),
        (.host, "http://a.com:8080/x", "http://a.com/", false),
        (.host, "http://www.a.com/x", "http://a.com/", false),
        (.host, "http://[::1]:8080/x", "http://[::1]:8080/", true),
        (.domain, "http://www.a.com/x", "http://a.com/", true),
        (.domain, "http://shop.a.com:8080/x", "https://www.a.com/", true),
        (.domain, "http://b.com/x", "http://a.com/", false),
        (.domain, "http://shop.example.co.uk/", "http://www.example.co.uk/", true),
        (.domain, "http://other.co.uk/", "http://www.example.co.uk/", false),
        (.domain, "https://bob.github.io/", "https://alice.github.io/", false),
        (.domain, "http://127.0.0.2/", "http://127.0.0.1/", false),
        (.domain, "http://127.0.0.1:8081/", "http://127.0.0.1:8080/", true),
        (.all, "https://elsewhere.org/", "http://a.com/", true),
    ])
    func allows(scope: FollowScope, link: String, page: String, expected: Bool) throws {
        let link = try NormalizedURL(parsing: link)
        let page = try NormalizedURL(parsing: page)
        #expect(scope.allows(link, from: page) == expected)
    }

    @Test func scopeNamesMatchTheCommandLine() {
        #expect(FollowScope.allCases.map(\.rawValue) == ["none", "host", "domain", "all"])
        #expect(FollowScope(rawValue: "domain") == .domain)
    }

    @Test(arguments: [
        ("www.example.co.uk", "example.co.uk"),
        ("example.co.uk", "example.co.uk"),
        ("co.uk", "co.uk"),
        ("a.b.example.com", "example.com"),
        ("example.com", "example.com"),
        ("com", "com"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "[::1]"),
        ("www.example.com.au", "example.com.au"),
        ("a.b.example.co.jp", "example.co.jp"),
        ("alice.github.io", "alice.github.io"),
        ("x.alice.github.io", "alice.github.io"),
        ("github.io", "github.io"),
        ("my-app.herokuapp.com", "my-app.herokuapp.com"),
        ("bucket.s3.amazonaws.com", "bucket.s3.amazonaws.com"),
        ("a.bucket.s3.amazonaws.com", "bucket.s3.amazonaws.com"),
        ("WWW.Example.COM.", "example.com"),
        ("www.xn--bcher-kva.de", "xn--bcher-kva.de"),
    ])
    func registrableDomain(hostname: String, expected: String) {
        #expect(RegistrableDomain.of(hostname) == expected)
    }
}
